// Runs a lesson in this process as `npm run lesson -- <id>` runs it (lessons/runner.ts) and returns
// what it printed; reads the NumPy reference logs of test/reference/logs/ (made by
// test/reference/book_chapters.py).
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { captureLesson } from '../../lessons/runner.ts';

/** The lines a lesson prints. */
export function runLesson(id: string, args: readonly string[] = []): Promise<string[]> {
  return captureLesson(id, args);
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
