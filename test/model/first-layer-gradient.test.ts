// The Model skips dL/d(inputs) of its first trainable layer (nobody reads it). These tests hold the
// skip to the full backward pass: the same weights bit for bit after training, Dense.backward still
// returning dinputs when called directly, and the skipped product really not being computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Matrix, Model, RandomState, ReLU, Softmax, dot, spiralData,
} from '../../src/index.ts';

/** A Fashion-MNIST-shaped model, smaller: 48 inputs → 32 → ReLU → dropout → 16 → ReLU → 5 → softmax, with L2 on the first layer. */
function build(random: RandomState, withDropoutFirst: boolean): Model {
  const model = new Model();
  if (withDropoutFirst) model.add(new Dropout(0.1, { random }));
  model.add(new Dense(48, 32, { random, weightRegularizerL2: 5e-4, biasRegularizerL1: 1e-4 }));
  model.add(new ReLU());
  model.add(new Dropout(0.1, { random }));
  model.add(new Dense(32, 16, { random }));
  model.add(new ReLU());
  model.add(new Dense(16, 5, { random }));
  model.add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.01, decay: 1e-3 }), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

function data(): { X: Matrix; y: Int32Array } {
  const random = new RandomState(7);
  const X = new Matrix(300, 48);
  for (let i = 0; i < X.data.length; i++) X.data[i] = Math.fround(random.rand() * 2 - 1);
  const y = new Int32Array(300);
  for (let i = 0; i < y.length; i++) y[i] = Math.floor(random.rand() * 5);
  return { X, y };
}

function bits(m: Matrix): number[] {
  return Array.from(new Uint32Array(m.data.buffer, m.data.byteOffset, m.data.byteLength / 4));
}

/** Trains a fresh model; `full` makes the first Dense layer run its whole backward pass, as before the skip. */
function train(full: boolean, withDropoutFirst: boolean): Model {
  const model = build(new RandomState(0), withDropoutFirst);
  if (full) {
    for (const layer of model.layers) {
      if (layer instanceof Dense) Object.defineProperty(layer, 'backwardParameters', { value: undefined });
    }
  }
  const { X, y } = data();
  model.train(X, y, { epochs: 3, batchSize: 64, log: () => {} });
  return model;
}

for (const withDropoutFirst of [false, true]) {
  test(`training with the first layer's dinputs skipped ends with the same weights, bit for bit${withDropoutFirst ? ' (dropout before it)' : ''}`, () => {
    const skipped = train(false, withDropoutFirst);
    const full = train(true, withDropoutFirst);
    const a = skipped.getParameters();
    const b = full.getParameters();
    assert.equal(a.length, 3);
    for (let l = 0; l < a.length; l++) {
      for (let p = 0; p < a[l]!.length; p++) {
        assert.deepEqual(bits(a[l]![p]!), bits(b[l]![p]!), `layer ${l}, parameter ${p}`);
      }
    }
  });
}

test('the Model does not compute the first Dense layer\'s dinputs, and computes every other one', () => {
  const model = build(new RandomState(0), false);
  const calls = new Map<Dense, number>();
  const dense = model.layers.filter((l): l is Dense => l instanceof Dense);
  for (const layer of dense) {
    const backward = layer.backward.bind(layer);
    Object.defineProperty(layer, 'backward', { value: (d: Matrix) => (calls.set(layer, (calls.get(layer) ?? 0) + 1), backward(d)) });
  }
  const { X, y } = data();
  model.train(X, y, { epochs: 1, batchSize: 100, log: () => {} });
  assert.equal(calls.get(dense[0]!) ?? 0, 0, 'first Dense: backward (with dinputs) was called');
  assert.equal(calls.get(dense[1]!), 3);
  assert.equal(calls.get(dense[2]!), 3);
  assert.ok(dense[0]!.dweights && dense[0]!.dbiases, 'first Dense still has its gradients');
});

test('Dense.backward called directly still returns dinputs = dvalues · Wᵀ, and backwardParameters stores the same gradients', () => {
  const { X, y } = spiralData(20, 3, new RandomState(0));
  const a = new Dense(2, 8, { random: new RandomState(1) });
  const b = new Dense(2, 8, { random: new RandomState(1) });
  const dvalues = new Matrix(X.rows, 8);
  const random = new RandomState(3);
  for (let i = 0; i < dvalues.data.length; i++) dvalues.data[i] = Math.fround(random.randn());
  a.forward(X);
  b.forward(X);
  const dinputs = a.backward(dvalues);
  assert.equal(b.backwardParameters(dvalues), undefined);
  assert.deepEqual([dinputs.rows, dinputs.cols], [X.rows, 2]);
  assert.deepEqual(bits(dinputs), bits(dot(dvalues, a.weights, { transposeB: true })));
  assert.deepEqual(bits(a.dweights!), bits(b.dweights!));
  assert.deepEqual(bits(a.dbiases!), bits(b.dbiases!));
  assert.equal(y.length, X.rows);
});
