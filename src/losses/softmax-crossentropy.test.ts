import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { Softmax } from '../activations/softmax.ts';
import { CategoricalCrossentropy } from './categorical-crossentropy.ts';
import { SoftmaxCategoricalCrossentropy } from './softmax-crossentropy.ts';
import { numericalGradient, maxRelativeError } from '../gradient-check.ts';

test('the combined gradient equals softmax backward after cross-entropy backward (book chapter 9)', () => {
  const softmaxOutputs = Matrix.from([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]], 'float64');
  const classTargets = Int32Array.from([0, 1, 1]);
  const combined = new SoftmaxCategoricalCrossentropy().backward(softmaxOutputs, classTargets);
  assert.deepEqual(combined.toArray(), [
    [-0.10000000000000002, 0.03333333333333333, 0.06666666666666667], // (0.7 − 1) / 3 in doubles
    [0.03333333333333333, -0.16666666666666666, 0.13333333333333333],
    [0.006666666666666667, -0.033333333333333326, 0.02666666666666667],
  ]);
  // The separate path needs the softmax's own output, so run softmax on logits that give these outputs.
  const softmax = new Softmax();
  softmax.forward(softmaxOutputs.map(Math.log));
  const separate = softmax.backward(new CategoricalCrossentropy().backward(softmaxOutputs, classTargets));
  assert.ok(maxRelativeError(separate, combined) < 1e-12, `${separate} vs ${combined}`);
});

test('the combined gradient is the derivative of the mean loss with respect to the logits', () => {
  const logits = Matrix.from([[0.3, -0.7, 1.2], [-0.1, 0.05, -2], [2, 1, 0], [0, 0, 0]], 'float64');
  const y = Int32Array.from([2, 0, 1, 1]);
  const layer = new SoftmaxCategoricalCrossentropy();
  const numeric = numericalGradient(() => layer.forward(logits, y).loss, logits);
  const analytic = layer.backward(layer.forward(logits, y).output, y);
  assert.ok(maxRelativeError(analytic, numeric) < 1e-7);
  const oneHot = Matrix.from([[0, 0, 1], [1, 0, 0], [0, 1, 0], [0, 1, 0]], 'float64');
  assert.deepEqual(layer.backward(layer.forward(logits, y).output, oneHot).toArray(), analytic.toArray());
});

test('in float32 the two paths agree to float32 precision', () => {
  const logits = Matrix.from([[0.3, -0.7, 1.2], [-0.1, 0.05, -2], [2, 1, 0]]);
  const y = [2, 0, 1];
  const layer = new SoftmaxCategoricalCrossentropy();
  const { output } = layer.forward(logits, y);
  const combined = layer.backward(output, y);
  const separate = layer.activation.backward(layer.loss.backward(output, y));
  assert.equal(combined.dtype, 'float32');
  for (let k = 0; k < 9; k++) assert.ok(Math.abs(combined.data[k]! - separate.data[k]!) < 1e-7);
});
