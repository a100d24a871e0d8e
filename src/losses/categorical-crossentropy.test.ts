import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, ShapeError } from '../matrix.ts';
import { CategoricalCrossentropy } from './categorical-crossentropy.ts';
import { checkLossGradients } from '../gradient-check.ts';

const probabilities = () => Matrix.from([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]], 'float64');

test('the loss of [0.7, 0.1, 0.2] against class 0 is −log 0.7', () => {
  const loss = new CategoricalCrossentropy();
  assert.equal(loss.calculate(Matrix.from([[0.7, 0.1, 0.2]], 'float64'), [0]), 0.35667494393873245);
});

test('class indices and one-hot rows give the same losses', () => {
  const loss = new CategoricalCrossentropy();
  const sparse = loss.forward(probabilities(), Int32Array.from([0, 1, 1]));
  const oneHot = loss.forward(probabilities(), Matrix.from([[1, 0, 0], [0, 1, 0], [0, 1, 0]], 'float64'));
  assert.deepEqual(sparse.toArray(), oneHot.toArray());
  // NumPy: -np.log([0.7, 0.5, 0.9]) and their mean
  assert.deepEqual(sparse.toArray().flat(), [0.35667494393873245, 0.6931471805599453, 0.10536051565782628]);
  assert.equal(loss.calculate(probabilities(), [0, 1, 1]), 0.38506088005216804);
});

test('predictions are clipped to [1e-7, 1 − 1e-7] so a zero probability gives a finite loss', () => {
  const losses = new CategoricalCrossentropy().forward(Matrix.from([[0, 1]]), [0]);
  assert.equal(losses.get(0, 0), Math.fround(-Math.fround(Math.log(Math.fround(1e-7)))));
});

test('the backward pass is −y/ŷ/N and passes the gradient check, for class indices and one-hot rows', () => {
  const loss = new CategoricalCrossentropy();
  assert.deepEqual(loss.backward(Matrix.from([[0.5, 0.5]], 'float64'), [1]).toArray(), [[-0, -2]]);
  assert.ok(checkLossGradients(loss, probabilities(), [0, 1, 1]) < 1e-7);
  assert.ok(checkLossGradients(loss, probabilities(), Matrix.from([[0, 0, 1], [0, 1, 0], [1, 0, 0]], 'float64')) < 1e-7);
});

test('labels of the wrong length or out of range are explained', () => {
  const loss = new CategoricalCrossentropy();
  assert.throws(() => loss.calculate(probabilities(), [0, 1]), (e: Error) => e instanceof ShapeError && /3 predictions but 2 labels/.test(e.message));
  assert.throws(() => loss.calculate(probabilities(), [0, 1, 3]), (e: Error) => e instanceof RangeError && /label 3 of sample 2 is out of range/.test(e.message));
  assert.throws(() => loss.backward(probabilities(), [0, -1, 1]), RangeError);
  assert.throws(() => loss.calculate(probabilities(), new Matrix(3, 2, 'float64')), ShapeError);
});
