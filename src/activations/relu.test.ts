import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { ReLU } from './relu.ts';
import { checkLayerGradients } from '../gradient-check.ts';

test('ReLU keeps positives and zeroes the rest', () => {
  const out = new ReLU().forward(Matrix.from([[0, 2, 3.3, -2.7, 1.1, 2.2, -100]], 'float64'));
  assert.deepEqual(out.toArray(), [[0, 2, 3.3, 0, 1.1, 2.2, 0]]);
});

test('the gradient flows only where the input was positive', () => {
  const relu = new ReLU();
  relu.forward(Matrix.from([[1, -1, 0]]));
  assert.deepEqual(relu.backward(Matrix.from([[5, 6, 7]])).toArray(), [[5, 0, 0]]);
});

test('ReLU passes the gradient check', () => {
  const inputs = Matrix.from([[0.3, -0.7, 1.2], [-0.1, 0.05, -2]], 'float64');
  assert.ok(checkLayerGradients(new ReLU(), inputs).max < 1e-8);
});

test('backward keeps the dtype of the gradient (float64 behind dropout)', () => {
  const relu = new ReLU();
  relu.forward(Matrix.from([[1, -1]]));
  assert.equal(relu.backward(Matrix.from([[0.1, 0.2]], 'float64')).dtype, 'float64');
});
