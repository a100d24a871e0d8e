import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, ShapeError } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { Dense } from './dense.ts';
import { regularizationLoss } from '../losses/loss.ts';
import { checkLayerGradients } from '../gradient-check.ts';

function randomInputs(rows: number, cols: number, seed: number): Matrix {
  const random = new RandomState(seed);
  const m = new Matrix(rows, cols, 'float64');
  for (let k = 0; k < m.data.length; k++) m.data[k] = random.randn();
  return m;
}

test('weights are fround(fround(0.01) * fround(randn)) under book semantics, biases zero', () => {
  const dense = new Dense(2, 3, { random: new RandomState(0) });
  const draws = new RandomState(0);
  const expected = Array.from({ length: 6 }, () => Math.fround(Math.fround(0.01) * Math.fround(draws.randn())));
  assert.deepEqual(Array.from(dense.weights.data), expected);
  assert.equal(dense.weights.dtype, 'float32');
  assert.deepEqual(dense.biases.toArray(), [[0, 0, 0]]);
  // np.random.seed(0); 0.01 * np.random.randn(2, 3) with float32 draws: the first weight
  assert.equal(dense.weights.get(0, 0), 0.017640523612499237);
});

test('float64 layers draw scale * randn in double (Part I, plain NumPy)', () => {
  const dense = new Dense(4, 5, { random: new RandomState(0), scale: 0.1, dtype: 'float64' });
  assert.equal(dense.weights.dtype, 'float64');
  assert.equal(dense.weights.get(0, 0), 0.1764052345967664);
});

test('forward computes inputs · weights + biases', () => {
  const dense = new Dense(2, 2, { random: new RandomState(0), dtype: 'float64' });
  dense.weights.data.set([1, 2, 3, 4]);
  dense.biases.data.set([0.5, -1]);
  assert.deepEqual(dense.forward(Matrix.from([[1, 1], [2, 0]], 'float64')).toArray(), [[4.5, 5], [2.5, 3]]);
});

test('the gradients of inputs, weights and biases pass the gradient check', () => {
  const dense = new Dense(4, 3, { random: new RandomState(2), scale: 1, dtype: 'float64' });
  dense.biases.data.set([0.1, -0.2, 0.3]);
  const result = checkLayerGradients(dense, randomInputs(5, 4, 3));
  assert.ok(result.max < 1e-6, JSON.stringify(result));
});

test('L1 and L2 penalty gradients on weights and biases pass the gradient check', () => {
  const dense = new Dense(3, 4, {
    random: new RandomState(4), scale: 1, dtype: 'float64',
    weightRegularizerL1: 0.01, weightRegularizerL2: 0.02, biasRegularizerL1: 0.03, biasRegularizerL2: 0.04,
  });
  dense.biases.data.set([0.5, -0.25, 0.75, -1]);
  const result = checkLayerGradients(dense, randomInputs(6, 3, 5), { penalty: () => regularizationLoss([dense]) });
  assert.ok(result.max < 1e-6, JSON.stringify(result));
});

test('a wrong input width and bad options are explained', () => {
  const dense = new Dense(2, 3, { random: new RandomState(0) });
  assert.throws(() => dense.forward(new Matrix(4, 3)), ShapeError);
  assert.throws(() => new Dense(0, 3, { random: new RandomState(0) }), /nInputs must be a positive integer/);
  assert.throws(() => new Dense(2, 3, { random: new RandomState(0), weightRegularizerL2: -1 }), /weightRegularizerL2 must be a finite number >= 0/);
  assert.throws(() => dense.backward(new Matrix(1, 3)), /before forward/);
});
