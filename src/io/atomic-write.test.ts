import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './atomic-write.ts';

const moduleUrl = new URL('./atomic-write.ts', import.meta.url).href;

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), 'scratchnet-atomic-'));
}

test('writeFileAtomic creates a file, replaces it, and leaves no temporary file behind', () => {
  const dir = freshDir();
  const path = join(dir, 'model.safetensors');
  writeFileAtomic(path, new Uint8Array([1, 2, 3]));
  assert.deepEqual([...readFileSync(path)], [1, 2, 3]);
  writeFileAtomic(path, 'héllo');
  assert.equal(readFileSync(path, 'utf8'), 'héllo');
  assert.deepEqual(readdirSync(dir), ['model.safetensors']);
});

test('a failure before the rename leaves the old file intact and removes the temporary file', (t) => {
  const dir = freshDir();
  const path = join(dir, 'model.safetensors');
  writeFileSync(path, 'old contents');
  t.mock.method(fs, 'renameSync', () => {
    throw new Error('disk full (injected)');
  });
  assert.throws(() => writeFileAtomic(path, 'new contents that never land'), /injected/);
  assert.equal(readFileSync(path, 'utf8'), 'old contents');
  assert.deepEqual(readdirSync(dir), ['model.safetensors']);
});

/**
 * Runs a child process that starts an atomic save of 8 MB and SIGKILLs itself at the moment `at`:
 * after the first chunk is written ('write'), or after all data is written and flushed but before the rename ('fsync').
 */
function crashDuringSave(path: string, at: 'write' | 'fsync'): void {
  const child = `
    import fs from 'node:fs';
    const { writeFileAtomic } = await import(${JSON.stringify(moduleUrl)});
    const original = fs.${at === 'write' ? 'writeSync' : 'fsyncSync'};
    fs.${at === 'write' ? 'writeSync' : 'fsyncSync'} = (...args) => {
      ${at === 'write' ? 'original(args[0], args[1], args[2], 1000);' : 'original(...args);'}
      process.kill(process.pid, 'SIGKILL');
    };
    writeFileAtomic(${JSON.stringify(path)}, new Uint8Array(8 << 20).fill(7));
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    encoding: 'utf8',
  });
  assert.equal(result.signal, 'SIGKILL', `the child should have been killed, stderr: ${result.stderr}`);
}

for (const at of ['write', 'fsync'] as const) {
  test(`a process killed (SIGKILL) during a save, at ${at}, leaves the old file intact`, () => {
    const dir = freshDir();
    const path = join(dir, 'model.safetensors');
    writeFileSync(path, 'old contents');
    crashDuringSave(path, at);
    assert.equal(readFileSync(path, 'utf8'), 'old contents');
    // The crash may leave the temporary file; it never replaces the target, and the next save still works.
    // The crash leaves the half-written temporary file (proof that it died mid-save); it never replaced the target.
    const leftovers = readdirSync(dir).filter((name) => name !== 'model.safetensors');
    assert.equal(leftovers.length, 1);
    assert.match(leftovers[0]!, /^\.model\.safetensors\.[0-9a-f]+\.tmp$/);
    assert.equal(statSync(join(dir, leftovers[0]!)).size, at === 'write' ? 1000 : 8 << 20);
    // The next save still works.
    writeFileAtomic(path, 'new contents');
    assert.equal(readFileSync(path, 'utf8'), 'new contents');
  });
}
