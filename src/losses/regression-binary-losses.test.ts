import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, ShapeError } from '../matrix.ts';
import { BinaryCrossentropy } from './binary-crossentropy.ts';
import { MeanSquaredError } from './mean-squared-error.ts';
import { MeanAbsoluteError } from './mean-absolute-error.ts';
import { checkLossGradients } from '../gradient-check.ts';

const predictions = () => Matrix.from([[0.3, 0.7], [0.9, 0.2], [0.55, 0.45]], 'float64');
const targets = () => Matrix.from([[0, 1], [1, 0], [1, 1]], 'float64');

test('binary cross-entropy is −(y log ŷ + (1 − y) log(1 − ŷ)) averaged over outputs', () => {
  const losses = new BinaryCrossentropy().forward(predictions(), targets());
  assert.equal(losses.get(0, 0), -(Math.log(0.7) + Math.log(0.7)) / 2);
});

test('binary cross-entropy passes the gradient check', () => {
  assert.ok(checkLossGradients(new BinaryCrossentropy(), predictions(), targets()) < 1e-7);
});

test('mean squared error and its gradient check', () => {
  const loss = new MeanSquaredError();
  assert.equal(loss.forward(predictions(), targets()).get(0, 0), (0.09 + 0.09000000000000002) / 2);
  assert.ok(checkLossGradients(loss, predictions(), targets()) < 1e-7);
});

test('mean absolute error and its gradient check (the book\'s code has the sign of this gradient reversed)', () => {
  const loss = new MeanAbsoluteError();
  assert.equal(loss.forward(predictions(), targets()).get(1, 0), (0.09999999999999998 + 0.2) / 2);
  assert.ok(checkLossGradients(loss, predictions(), targets()) < 1e-7);
  assert.deepEqual(loss.backward(Matrix.column([2, 0], 'float64'), Matrix.column([1, 1], 'float64')).toArray(), [[0.5], [-0.5]]);
});

test('targets must be a matrix of the predictions\' shape', () => {
  for (const loss of [new BinaryCrossentropy(), new MeanSquaredError(), new MeanAbsoluteError()]) {
    assert.throws(() => loss.calculate(predictions(), [0, 1, 1]), TypeError);
    assert.throws(() => loss.calculate(predictions(), Matrix.column([0, 1, 1])), ShapeError);
  }
});
