// Adam's momentums and cache, and a Dense layer's parameters, live in the kernels' memory (where it
// is shared) so the update runs in place: the bits must be those of ordinary arrays, and everything
// that reads or replaces parameters (getState/setState, setParameters, model files) must still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, type DType } from '../matrix.ts';
import { heapAddress, heapArray } from '../kernels/heap.ts';
import { RandomState } from '../random.ts';
import type { Parameter } from '../layers/layer.ts';
import { Dense } from '../layers/dense.ts';
import { ReLU } from '../activations/relu.ts';
import { Softmax } from '../activations/softmax.ts';
import { CategoricalCrossentropy } from '../losses/categorical-crossentropy.ts';
import { CategoricalAccuracy } from '../accuracy.ts';
import { Model } from '../model.ts';
import { encodeSafetensors, decodeSafetensors } from '../io/safetensors.ts';
import { Adam } from './adam.ts';
import { adamFloat32, type AdamScalars } from '../kernels.ts';
import { matmulThreadStats, sharedKernel } from '../kernels/matmul-threads.ts';

const shared = heapArray(1, 'float32') !== null;

/** An Adam whose slots are ordinary arrays, as before they moved into the kernels' memory. */
class OrdinaryAdam extends Adam {
  protected override newSlot(rows: number, cols: number, dtype: DType): Matrix {
    return Matrix.zeros(rows, cols, dtype);
  }
}

function randomMatrix(rows: number, cols: number, random: RandomState, dtype: DType, data?: Float32Array | Float64Array): Matrix {
  const m = new Matrix(rows, cols, data ?? dtype);
  for (let k = 0; k < m.data.length; k++) m.data[k] = 0.01 * random.randn();
  return m;
}

/** Weights (300 × 70, enough for the kernel) and biases, in the kernels' memory or not; gradients of `gradDtype` for the biases. */
function run(optimizer: Adam, heap: boolean, biasGradDtype: DType): number[] {
  const random = new RandomState(3);
  const place = (n: number) => (heap ? heapArray(n, 'float32') ?? undefined : undefined);
  const weights: Parameter = { name: 'weights', value: randomMatrix(300, 70, random, 'float32', place(300 * 70)), grad: undefined };
  const biases: Parameter = { name: 'biases', value: randomMatrix(1, 70, random, 'float32', place(70)), grad: undefined };
  for (let t = 0; t < 5; t++) {
    weights.grad = randomMatrix(300, 70, random, 'float32', place(300 * 70));
    biases.grad = randomMatrix(1, 70, random, biasGradDtype);
    optimizer.step([weights, biases]);
  }
  const state = optimizer.getState([weights, biases]);
  return [...weights.value.data, ...biases.value.data, ...state.slots.flatMap((s) => Object.values(s).flatMap((m) => m.data))];
}

test('Adam with its state (and the parameters) in the kernels\' memory gives the bits of ordinary arrays', () => {
  for (const biasGradDtype of ['float32', 'float64'] as const) {
    const expected = run(new OrdinaryAdam({ learningRate: 0.01, decay: 1e-3 }), false, biasGradDtype);
    assert.deepEqual(run(new Adam({ learningRate: 0.01, decay: 1e-3 }), true, biasGradDtype), expected, `in place (bias gradients ${biasGradDtype})`);
    assert.deepEqual(run(new Adam({ learningRate: 0.01, decay: 1e-3 }), false, biasGradDtype), expected, `mixed (bias gradients ${biasGradDtype})`);
  }
});

test('Adam keeps its slots in the kernels\' memory, also after setState', { skip: !shared && 'no shared memory here' }, () => {
  const value = new Matrix(8, 16);
  const p: Parameter = { name: 'weights', value, grad: Matrix.zeros(8, 16) };
  const adam = new Adam();
  adam.step([p]);
  const state = adam.getState([p]);
  for (const slot of Object.values(adam['state'].get(p)!)) assert.ok(heapAddress(slot.data) >= 0);
  const restored = new Adam();
  restored.setState(JSON.parse(JSON.stringify(state)), [p]);
  for (const slot of Object.values(restored['state'].get(p)!)) assert.ok(heapAddress(slot.data) >= 0);
  assert.deepEqual(restored.getState([p]), state);
});

function mlp(): Model {
  const random = new RandomState(0);
  const model = new Model();
  for (const layer of [new Dense(20, 16, { random }), new ReLU(), new Dense(16, 3, { random }), new Softmax()]) model.add(layer);
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.01 }), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

test('a trained model\'s parameters (in the kernels\' memory) save, load and set back bit for bit', () => {
  const model = mlp();
  const dense = model.layers[0] as Dense;
  if (shared) assert.ok(heapAddress(dense.weights.data) >= 0, 'Dense keeps its weights in the kernels\' memory');
  const random = new RandomState(1);
  const X = randomMatrix(50, 20, random, 'float32');
  const y = Int32Array.from({ length: 50 }, (_, i) => i % 3);
  model.train(X, y, { epochs: 3, batchSize: 16, log: () => {} });
  const before = model.predict(X);

  // The safetensors writer reads the bytes at the array's offset in the shared memory.
  const back = decodeSafetensors(encodeSafetensors(model.namedParameters())).tensors;
  for (const [name, m] of model.namedParameters()) {
    const bytes = (x: Matrix) => new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength);
    assert.deepEqual(bytes(back.get(name)!), bytes(m), name);
    assert.ok(!(back.get(name)!.data.buffer instanceof SharedArrayBuffer), 'loaded tensors are ordinary arrays');
  }
  const loaded = mlp();
  loaded.setNamedParameters(back);
  assert.deepEqual(loaded.predict(X).data, before.data);
  const copy = mlp();
  copy.setParameters(model.getParameters());
  assert.deepEqual(copy.predict(X).data, before.data);
  // getParameters hands out ordinary copies, whose buffer is their own.
  const w = model.getParameters()[0]![0]!;
  assert.equal(w.data.byteOffset, 0);
  assert.equal(w.data.buffer.byteLength, w.data.byteLength);
});

/** Adam's update by the scalar loop, in place: every float32 operation rounded (the reference). */
function scalarAdam(value: Float32Array, grad: Float32Array, m: Float32Array, c: Float32Array, s: AdamScalars): void {
  const f = Math.fround;
  for (let k = 0; k < value.length; k++) {
    const g = grad[k]!;
    m[k] = f(s.beta1 * m[k]!) + f(s.keep1 * g);
    c[k] = f(s.beta2 * c[k]!) + f(s.keep2 * f(g * g));
    value[k] = value[k]! + f(f(s.lr * f(m[k]! / s.correction1)) / f(f(Math.sqrt(f(c[k]! / s.correction2))) + s.epsilon));
  }
}

const f = Math.fround;
const scalars: AdamScalars = { beta1: f(0.9), keep1: f(0.1), correction1: f(1 - 0.9 ** 3), beta2: f(0.999), keep2: f(0.001), correction2: f(1 - 0.999 ** 3), lr: f(-0.001), epsilon: f(1e-7) };

test('Adam\'s kernel (four vectors a turn, then one, then single floats) gives the scalar loop\'s bits for every tail length', () => {
  const random = new RandomState(5);
  for (const n of [64, 67, 80, 83, 127, 1000 + 7, 4096 + 61]) {
    const [value, grad, m, c] = [0, 1, 2, 3].map(() => Float32Array.from({ length: n }, () => 0.01 * random.randn()));
    c!.forEach((x, k) => (c![k] = Math.abs(x)));
    const [v2, m2, c2] = [value!.slice(), m!.slice(), c!.slice()];
    scalarAdam(v2, grad!, m2, c2, scalars);
    adamFloat32(value!, grad!, m!, c!, scalars);
    assert.deepEqual([value, m, c], [v2, m2, c2], `n = ${n}`);
  }
});

test('Adam on a large parameter in the kernels\' memory runs on both threads, with the scalar loop\'s bits', { skip: !shared && 'no shared memory here' }, () => {
  const random = new RandomState(6);
  // the MLP's first weights and a ragged tail; some momentums tiny enough for the subnormal guard
  const n = 784 * 128 + 61;
  const [value, grad, m, c] = [0, 1, 2, 3].map(() => heapArray(n, 'float32') as Float32Array);
  for (let k = 0; k < n; k++) {
    value![k] = 0.01 * random.randn();
    grad![k] = k % 7 === 0 ? 0 : 0.01 * random.randn();
    m![k] = k % 1000 === 0 ? 1e-40 : 0.001 * random.randn();
    c![k] = Math.abs(0.0001 * random.randn());
  }
  const [v2, g2, m2, c2] = [value!, grad!, m!, c!].map((x) => x.slice());
  const before = matmulThreadStats();
  for (let step = 0; step < 40; step++) {
    adamFloat32(value!, grad!, m!, c!, scalars);
    scalarAdam(v2!, g2!, m2!, c2!, scalars);
  }
  assert.deepEqual([value, m, c], [v2, m2, c2]);
  if (sharedKernel()) {
    const after = matmulThreadStats();
    assert.equal(after.updates - before.updates, 40, 'every update went to the two threads');
    assert.ok(after.workerUnits > before.workerUnits, 'the worker never ran a unit');
  }
});
