// Chapter 16: a shortened run (1,000 epochs) against NumPy under the book's semantics, with the
// validation line (test/reference/logs/short/ch16-epochs1000.txt). The full log: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

test('chapter 16: 1,000 epochs of binary logistic regression and the validation print NumPy\'s log line for line', async () => {
  const lines = await runLesson('book/ch16-binary-logistic-regression', ['--epochs', '1000', '--no-picture']);
  assert.deepEqual(lines, referenceLog('short/ch16-epochs1000'));
  assert.deepEqual(epochLines(lines), epochLines(referenceLog('ch16'), 1000));
});
