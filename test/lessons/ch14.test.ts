// Chapter 14: a shortened run (1,000 epochs) against NumPy under the book's semantics, with the
// data_loss/reg_loss columns and the validation line (test/reference/logs/short/ch14-epochs1000.txt).
// The full log: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

test('chapter 14: 1,000 epochs with L2 regularization and the validation print NumPy\'s log line for line', async () => {
  const lines = await runLesson('book/ch14-regularization', ['--epochs', '1000', '--no-picture']);
  assert.deepEqual(lines, referenceLog('short/ch14-epochs1000'));
  assert.deepEqual(epochLines(lines), epochLines(referenceLog('ch14'), 1000));
});
