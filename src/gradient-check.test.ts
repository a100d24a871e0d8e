import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from './matrix.ts';
import type { Layer, Parameter } from './layers/layer.ts';
import { checkLayerGradients, maxRelativeError, numericalGradient } from './gradient-check.ts';

/** y = 3x, with a deliberately wrong backward (2·dvalues). */
class WrongTriple implements Layer {
  forward(inputs: Matrix): Matrix {
    return inputs.map((x) => 3 * x);
  }
  backward(dvalues: Matrix): Matrix {
    return dvalues.map((d) => 2 * d);
  }
  parameters(): Parameter[] {
    return [];
  }
}

test('central differences give the derivative of a smooth function', () => {
  const x = Matrix.from([[1, 2]], 'float64');
  const g = numericalGradient(() => x.get(0, 0) ** 3 + Math.sin(x.get(0, 1)), x);
  assert.ok(Math.abs(g.get(0, 0) - 3) < 1e-8);
  assert.ok(Math.abs(g.get(0, 1) - Math.cos(2)) < 1e-8);
  assert.deepEqual(x.toArray(), [[1, 2]], 'x is restored');
});

test('the relative error is 0 for equal gradients and large for different ones', () => {
  const a = Matrix.from([[1, -2, 0]], 'float64');
  assert.equal(maxRelativeError(a, a.clone()), 0);
  assert.ok(Math.abs(maxRelativeError(a, Matrix.from([[1, -1, 0]], 'float64')) - 0.5) < 1e-15);
});

test('a wrong backward pass is caught', () => {
  const inputs = Matrix.from([[0.5, -1], [2, 0.25]], 'float64');
  const result = checkLayerGradients(new WrongTriple(), inputs);
  assert.ok(Math.abs(result.inputs - 1 / 3) < 1e-6, `relative error ${result.inputs}`);
});
