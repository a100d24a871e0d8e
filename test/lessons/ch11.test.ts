// Chapter 11: a shortened run (1,000 epochs) against NumPy under the book's semantics, validation
// line included (test/reference/logs/short/ch11-epochs1000.txt). The full log: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

test('chapter 11: 1,000 epochs and the validation on new data print NumPy\'s log line for line', async () => {
  const lines = await runLesson('book/ch11-out-of-sample', ['--epochs', '1000', '--no-picture']);
  assert.deepEqual(lines, referenceLog('short/ch11-epochs1000'));
  // Training is chapter 10's final code: the same lines as its full log
  assert.deepEqual(epochLines(lines), epochLines(referenceLog('ch11'), 1000));
});
