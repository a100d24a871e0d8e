// Chapter 17: a shortened run (500 epochs) against NumPy under the book's semantics
// (test/reference/logs/ch17.txt). The full log: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

test('chapter 17: 500 epochs of sine regression print NumPy\'s log line for line', async () => {
  const lines = await runLesson('book/ch17-regression', ['--epochs', '500', '--no-picture']);
  assert.deepEqual(lines, epochLines(referenceLog('ch17'), 500));
});
