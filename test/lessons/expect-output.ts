// Runs a lesson in this process (lessons/runner.ts) and compares what it prints with the expected text.
import assert from 'node:assert/strict';
import { captureLesson } from '../../lessons/runner.ts';

/** Asserts that lesson `id` prints exactly `expected` (lines joined by newlines, ending with one). */
export async function expectOutput(id: string, expected: string, args: readonly string[] = []): Promise<void> {
  const lines = await captureLesson(id, args);
  assert.equal(lines.map((line) => `${line}\n`).join(''), expected);
}
