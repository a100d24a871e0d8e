import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { Dropout } from './dropout.ts';
import { checkLayerGradients } from '../gradient-check.ts';

test('the mask is np.random.binomial(1, 0.9, shape) / 0.9, drawn from the given generator, in float64', () => {
  const dropout = new Dropout(0.1, { random: new RandomState(0) });
  const output = dropout.forward(Matrix.from(Array.from({ length: 4 }, () => [1, 1, 1, 1, 1])));
  // np.random.seed(0); (np.random.binomial(1, 0.9, size=(4, 5)) > 0)
  const kept = [[1, 1, 1, 1, 1], [1, 1, 1, 0, 1], [1, 1, 1, 0, 1], [1, 1, 1, 1, 1]];
  assert.equal(output.dtype, 'float64');
  assert.deepEqual(output.toArray(), kept.map((row) => row.map((k) => k / 0.9)));
});

test('float32 inputs give float64 outputs and gradients, as in NumPy', () => {
  const dropout = new Dropout(0.5, { random: new RandomState(3) });
  const inputs = Matrix.from([[0.1, 0.2, 0.3]]);
  const output = dropout.forward(inputs);
  assert.equal(output.dtype, 'float64');
  for (let k = 0; k < 3; k++) assert.ok(output.data[k] === 0 || output.data[k] === inputs.data[k]! * 2);
  assert.equal(dropout.backward(Matrix.from([[1, 1, 1]])).dtype, 'float64');
});

test('dropout is off at inference: the output is a copy of the input', () => {
  const dropout = new Dropout(0.5, { random: new RandomState(0) });
  const inputs = Matrix.from([[1, 2, 3]]);
  const output = dropout.forward(inputs, false);
  assert.deepEqual(output.toArray(), inputs.toArray());
  assert.notEqual(output, inputs);
});

test('dropout passes the gradient check with its mask held fixed', () => {
  const random = new RandomState(5);
  const saved = random.getState();
  const dropout = new Dropout(0.3, { random });
  const inputs = Matrix.from([[0.3, -0.7, 1.2, 0.5], [-0.1, 0.05, -2, 0.4]], 'float64');
  assert.ok(checkLayerGradients(dropout, inputs, { beforeForward: () => random.setState(saved) }).max < 1e-8);
});

test('a rate outside [0, 1) is explained', () => {
  for (const rate of [-0.1, 1, 1.5, NaN]) {
    assert.throws(() => new Dropout(rate, { random: new RandomState(0) }), (e: Error) => e instanceof RangeError && /rate must be in \[0, 1\)/.test(e.message));
  }
});
