// Chapter 10: the first 1,000 epochs of every optimizer, line by line against NumPy under the book's
// semantics (test/reference/logs/ch10-*.txt). The full 10,000-epoch logs: test/lessons/full-logs.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, epochLines } from './run-lesson.ts';

const EPOCHS = 1000;

test(`chapter 10: ${EPOCHS} epochs of SGD, momentum, AdaGrad, RMSProp and Adam print NumPy's log line for line`, async () => {
  const lines = await runLesson('book/ch10-optimizers', ['--optimizer', 'all', '--epochs', String(EPOCHS), '--no-picture']);
  const headers = lines.filter((line) => line.startsWith('# optimizer = '));
  assert.deepEqual(headers.map((h) => h.replace(/\(.*$/, '')), [
    '# optimizer = Optimizer_SGD', '# optimizer = Optimizer_SGD', '# optimizer = Optimizer_Adagrad', '# optimizer = Optimizer_RMSprop', '# optimizer = Optimizer_Adam',
  ]);
  ['sgd', 'momentum', 'adagrad', 'rmsprop', 'adam'].forEach((name, k) => {
    const start = lines.indexOf(headers[k]!) + 1;
    const end = k + 1 < headers.length ? lines.indexOf(headers[k + 1]!) : lines.length;
    const expected = epochLines(referenceLog(`ch10-${name}`), EPOCHS);
    assert.equal(expected.length, EPOCHS / 100 + 1);
    assert.deepEqual(lines.slice(start, end), expected, name);
  });
});

test('chapter 10: the default run is the book\'s Adam (lr 0.05, decay 5e-7)', async () => {
  const lines = await runLesson('book/ch10-optimizers', ['--epochs', '300', '--no-picture']);
  assert.deepEqual(lines, epochLines(referenceLog('ch10-adam'), 300));
});
