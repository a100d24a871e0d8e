// Chapter 15: a shortened run (300 epochs: each one draws 192,000 dropout coins) against NumPy under
// the book's semantics, with the validation line (test/reference/logs/short/ch15-epochs300.txt).
// The full log: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

test('chapter 15: 300 epochs with dropout and the validation print NumPy\'s log line for line', async () => {
  const lines = await runLesson('book/ch15-dropout', ['--epochs', '300', '--no-picture']);
  assert.deepEqual(lines, referenceLog('short/ch15-epochs300'));
  assert.deepEqual(epochLines(lines), epochLines(referenceLog('ch15'), 300));
});
