// The bench runs every system's child process in rounds on request (bench/run.ts): each says READY,
// answers `round` with `ROUND <its figures as JSON>`, and `end` with its RESULT line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Runs the child on the MLP workload, asks for two rounds, ends it; returns each round's samples/s and its RESULT. */
async function serve(command: string, args: string[]): Promise<{ rounds: number[]; result: Record<string, unknown>; code: number | null }> {
  const child = spawn(command, [...args, 'mlp', '--serve'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, OPENBLAS_NUM_THREADS: '1' } });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const { value, done } = await lines.next();
    assert.ok(!done, 'the child ended early');
    return value as string;
  };
  assert.equal(await next(), 'READY');
  const rounds: number[] = [];
  for (let r = 0; r < 2; r++) {
    child.stdin.write('round\n');
    const line = await next();
    assert.match(line, /^ROUND /);
    const figures = JSON.parse(line.slice(6)) as Record<string, number>;
    assert.deepEqual(Object.keys(figures), ['samples/s']);
    rounds.push(figures['samples/s']!);
  }
  child.stdin.end('end\n');
  const line = await next();
  assert.match(line, /^RESULT /);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { rounds, result: JSON.parse(line.slice(7)) as Record<string, unknown>, code };
}

test('scratchnet\'s bench child times MLP steps in rounds on request', async () => {
  const { rounds, result, code } = await serve(process.execPath, ['--import', 'tsx', here('systems/scratchnet.ts')]);
  assert.equal(code, 0);
  // a step of 128 samples takes milliseconds here: between 0.1 ms and 1 s allows any machine
  for (const r of rounds) assert.ok(r > 128 && r < 128e4, `${r} samples/s`);
  assert.equal(result.system, 'scratchnet');
  assert.equal(result.workload, 'mlp');
  assert.ok((result.peakMB as number) > 10);
});

const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

test('NumPy\'s bench child serves rounds the same way', { skip: !numpy && 'python3 with numpy not found' }, async () => {
  const { rounds, result, code } = await serve('python3', [here('numpy/bench.py')]);
  assert.equal(code, 0);
  for (const r of rounds) assert.ok(r > 128 && r < 128e4, `${r} samples/s`);
  assert.equal(result.system, 'numpy');
});
