import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, ShapeError } from './matrix.ts';
import { CategoricalAccuracy, RegressionAccuracy, std } from './accuracy.ts';

test('classification accuracy compares predicted classes with class indices or one-hot rows', () => {
  const accuracy = new CategoricalAccuracy();
  const predictions = Int32Array.from([0, 1, 1, 2]);
  assert.equal(accuracy.calculate(predictions, [0, 1, 2, 2]), 0.75);
  assert.equal(accuracy.calculate(predictions, Matrix.from([[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]])), 0.75);
  // A matrix of probabilities is turned into classes by argmax.
  assert.equal(accuracy.calculate(Matrix.from([[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]]), [0, 2]), 0.5);
});

test('binary accuracy compares each 0/1 decision with its target', () => {
  const accuracy = new CategoricalAccuracy({ binary: true });
  assert.equal(accuracy.calculate(Matrix.column([1, 0, 1, 1]), Matrix.column([1, 0, 0, 1])), 0.75);
});

test('accumulated accuracy covers every batch since the last new pass', () => {
  const accuracy = new CategoricalAccuracy();
  accuracy.calculate(Int32Array.from([0, 1]), [0, 0]);
  accuracy.calculate(Int32Array.from([1, 1, 1]), [1, 1, 1]);
  assert.equal(accuracy.calculateAccumulated(), 0.8);
  accuracy.newPass();
  accuracy.calculate(Int32Array.from([1]), [0]);
  assert.equal(accuracy.calculateAccumulated(), 0);
});

test('std follows np.std bit for bit, in float32 and float64', () => {
  const y32 = new Matrix(257, 1);
  for (let i = 0; i < 257; i++) y32.data[i] = (i * (10 / 256) - 3) ** 2; // (np.linspace(-3, 7, 257, dtype=float32)**2)
  assert.equal(std(y32), 13.813016891479492);
  const y64 = new Matrix(1000, 1, 'float64');
  for (let i = 0; i < 1000; i++) y64.data[i] = (i / 1000) * (i / 1000) - 0.3;
  assert.equal(std(y64), 0.2978627110113819);
});

test('regression accuracy counts predictions within std(y) / 250 of the target', () => {
  const y = new Matrix(1000, 1, 'float64');
  for (let i = 0; i < 1000; i++) y.data[i] = (i / 1000) * (i / 1000) - 0.3;
  const accuracy = new RegressionAccuracy();
  accuracy.init(y);
  assert.equal(accuracy.precision, 0.0011914508440455276); // np.std(y) / 250
  const predictions = y.map((v, i) => (i % 4 === 0 ? v + 0.002 : v + 0.001));
  assert.equal(accuracy.calculate(predictions, y), 0.75);
  accuracy.init(Matrix.column([0, 250]), false);
  assert.equal(accuracy.precision, 0.0011914508440455276, 'init keeps the precision unless reinit');
  accuracy.init(Matrix.column([0, 250], 'float64'), true);
  assert.equal(accuracy.precision, 0.5);
});

test('predictions and labels of different lengths are explained', () => {
  assert.throws(() => new CategoricalAccuracy().calculate(Int32Array.from([0, 1]), [0, 1, 2]), (e: Error) => e instanceof ShapeError && /2 predictions but 3 labels/.test(e.message));
  assert.throws(() => new RegressionAccuracy().calculate(Matrix.column([1, 2]), Matrix.column([1])), ShapeError);
});
