// Runs a lesson as a user would (`npm run lesson -- <id>` runs the same file) and returns its output,
// and reads the NumPy reference logs of test/reference/logs/ (made by test/reference/book_chapters.py).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The lines a lesson prints to stdout (it must exit cleanly). */
export function runLesson(id: string, args: readonly string[] = []): string[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `lessons/${id}.ts`, ...args], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.status, 0, `lesson ${id} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout.split('\n').slice(0, -1);
}

/** The lines of a reference log, e.g. `ch10-adam`. */
export function referenceLog(name: string): string[] {
  return readFileSync(new URL(`../reference/logs/${name}.txt`, import.meta.url), 'utf8').split('\n').filter((line) => line !== '');
}

/** The epoch lines (`epoch: N, ...`) of a log up to and including epoch `last`. */
export function epochLines(lines: readonly string[], last = Infinity): string[] {
  return lines.filter((line) => {
    const match = /^epoch: (\d+),/.exec(line);
    return match !== null && Number(match[1]) <= last;
  });
}

/** Asserts that `expected` appears in `actual` as a contiguous block, naming the first line that differs. */
export function assertContainsBlock(actual: readonly string[], expected: readonly string[], what: string): void {
  const start = actual.indexOf(expected[0]!);
  assert.ok(start >= 0, `${what}: the first line "${expected[0]}" is missing`);
  for (let i = 0; i < expected.length; i++) {
    assert.equal(actual[start + i], expected[i], `${what}: line ${i + 1} of the block differs`);
  }
}
