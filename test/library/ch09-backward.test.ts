import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState, Dense, ReLU, SoftmaxCategoricalCrossentropy, CategoricalAccuracy } from '../../src/index.ts';
import { spiralData } from '../../src/datasets/spiral.ts';
import { reference, assertSameBits } from './reference.ts';

test('chapter 9: every gradient of the network equals NumPy\'s bit for bit, combined and separate paths', () => {
  const expected = reference.ch09;
  const random = new RandomState(0);
  const { X, y } = spiralData(100, 3, random);
  const dense1 = new Dense(2, 3, { random });
  const activation1 = new ReLU();
  const dense2 = new Dense(3, 3, { random });
  const lossActivation = new SoftmaxCategoricalCrossentropy();

  const { output, loss } = lossActivation.forward(dense2.forward(activation1.forward(dense1.forward(X))), y);
  assert.equal(loss, expected.loss);
  assert.equal(new CategoricalAccuracy().calculate(lossActivation.activation.predictions(output), y), expected.acc);
  assertSameBits(output, expected.output, 'softmax output');

  const dvalues = lossActivation.backward(output, y);
  assertSameBits(dvalues, expected.combinedDinputs, 'combined dinputs');
  const dense2Dinputs = dense2.backward(dvalues);
  assertSameBits(dense2.dweights!, expected.dense2.dweights, 'dense2.dweights');
  assertSameBits(dense2.dbiases!, expected.dense2.dbiases, 'dense2.dbiases');
  assertSameBits(dense2Dinputs, expected.dense2.dinputs, 'dense2.dinputs');
  const reluDinputs = activation1.backward(dense2Dinputs);
  assertSameBits(reluDinputs, expected.relu, 'relu dinputs');
  const dense1Dinputs = dense1.backward(reluDinputs);
  assertSameBits(dense1.dweights!, expected.dense1.dweights, 'dense1.dweights');
  assertSameBits(dense1.dbiases!, expected.dense1.dbiases, 'dense1.dbiases');
  assertSameBits(dense1Dinputs, expected.dense1.dinputs, 'dense1.dinputs');

  const cceDinputs = lossActivation.loss.backward(output, y);
  assertSameBits(cceDinputs, expected.cceDinputs, 'cross-entropy dinputs');
  assertSameBits(lossActivation.activation.backward(cceDinputs), expected.separateDinputs, 'softmax Jacobian dinputs');
});
