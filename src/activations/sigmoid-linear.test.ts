import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { Sigmoid } from './sigmoid.ts';
import { Linear } from './linear.ts';
import { checkLayerGradients } from '../gradient-check.ts';

const inputs = () => Matrix.from([[0.3, -0.7, 1.2], [-0.1, 0.05, -2], [4, -4, 0]], 'float64');

test('sigmoid maps 0 to 0.5 and is rounded step by step in float32', () => {
  const out = new Sigmoid().forward(Matrix.from([[0, 2]]));
  assert.equal(out.get(0, 0), 0.5);
  assert.equal(out.get(0, 1), Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-2)))));
});

test('sigmoid passes the gradient check', () => {
  assert.ok(checkLayerGradients(new Sigmoid(), inputs()).max < 1e-7);
});

test('sigmoid predictions are 1 above 0.5 and 0 otherwise', () => {
  assert.deepEqual(new Sigmoid().predictions(Matrix.column([0.2, 0.5, 0.51])).toArray(), [[0], [0], [1]]);
});

test('linear passes values and gradients through unchanged', () => {
  const linear = new Linear();
  const x = inputs();
  assert.equal(linear.forward(x), x);
  assert.deepEqual(linear.backward(x).toArray(), x.toArray());
  assert.equal(linear.predictions(x), x);
  assert.ok(checkLayerGradients(linear, inputs()).max < 1e-8);
});
