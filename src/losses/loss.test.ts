import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { Dense } from '../layers/dense.ts';
import { ReLU } from '../activations/relu.ts';
import { CategoricalCrossentropy } from './categorical-crossentropy.ts';
import { MeanSquaredError } from './mean-squared-error.ts';
import { regularizationLoss, assertFiniteLoss, NonFiniteLossError } from './loss.ts';

test('the regularization loss sums λ·Σ|p| and λ·Σp² in float32 as NumPy does', () => {
  const dense = new Dense(2, 3, {
    random: new RandomState(0), weightRegularizerL1: 5e-4, weightRegularizerL2: 5e-4, biasRegularizerL1: 1e-3, biasRegularizerL2: 2e-3,
  });
  for (let k = 0; k < 6; k++) dense.weights.data[k] = k / 7 - 0.4;
  dense.biases.data.set([0.25, -0.5, 0.125]);
  // NumPy: 0 + 5e-4*np.sum(np.abs(w)) + 5e-4*np.sum(w*w) + 1e-3*np.sum(np.abs(b)) + 2e-3*np.sum(b*b), a np.float32
  assert.equal(regularizationLoss([dense, new ReLU()]), 0.0023581888526678085);
  assert.equal(regularizationLoss([new Dense(2, 3, { random: new RandomState(0) })]), 0, 'no penalties, no loss');
});

test('data and regularization losses are added in the data loss\'s dtype', () => {
  const loss = new CategoricalCrossentropy();
  loss.calculate(Matrix.from([[0.7, 0.3]]), [0]);
  assert.equal(loss.total(0.1, 0.2), Math.fround(0.1 + 0.2));
  const mse = new MeanSquaredError();
  mse.calculate(Matrix.column([0.5]), Matrix.column([0.25], 'float64'));
  assert.equal(mse.total(0.1, 0.2), 0.1 + 0.2);
});

test('the accumulated loss is the mean over every batch since the last new pass', () => {
  const loss = new MeanSquaredError();
  loss.calculate(Matrix.column([1, 2], 'float64'), Matrix.column([0, 0], 'float64'));
  loss.calculate(Matrix.column([3], 'float64'), Matrix.column([0], 'float64'));
  assert.equal(loss.calculateAccumulated(), 14 / 3);
  loss.newPass();
  loss.calculate(Matrix.column([1], 'float64'), Matrix.column([0], 'float64'));
  assert.equal(loss.calculateAccumulated(), 1);
});

test('a NaN or infinite loss stops training with the likely cause', () => {
  assert.doesNotThrow(() => assertFiniteLoss(1.5));
  assert.throws(() => assertFiniteLoss(NaN, 'epoch 12'), (e: Error) =>
    e instanceof NonFiniteLossError && /became NaN at epoch 12/.test(e.message) && /learning rate too high/.test(e.message));
  assert.throws(() => assertFiniteLoss(Infinity), NonFiniteLossError);
});
