// A Dense layer's weights and biases live in the kernels' memory (where it is shared). Kernel calls
// then run in that memory only when what lives there outweighs what would be copied into it: a
// book-style loop (no Model, ordinary activations) copies a small weight matrix out, not its large
// activations in (V8 copies into a shared memory word by word, about twice as slowly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { heapAddress, heapArray, kernelMemory, spaceFor } from '../kernels/heap.ts';
import { RandomState } from '../random.ts';
import { Dense } from './dense.ts';

const shared = heapArray(1, 'float32') !== null;

test('Dense keeps its parameters in the kernels\' memory; calls run there only when its arrays there weigh at least half the rest', { skip: !shared && 'no shared memory here' }, () => {
  const dense = new Dense(2, 64, { random: new RandomState(0) });
  assert.ok(heapAddress(dense.weights.data) >= 0 && heapAddress(dense.biases.data) >= 0);
  const activations = new Float32Array(300 * 64);
  const inputs = new Float32Array(300 * 2);
  assert.notEqual(spaceFor([inputs, dense.weights.data, activations])!.memory, kernelMemory(), 'small weights, large activations: the private memory');
  const big = new Dense(784, 128, { random: new RandomState(0) });
  assert.equal(spaceFor([new Float32Array(784), big.weights.data, new Float32Array(128)])!.memory, kernelMemory(), 'one sample through large weights: in place');
  assert.equal(spaceFor([new Float32Array(3), heapArray(2, 'float32')!])!.memory, kernelMemory(), 'at most twice as many bytes outside: in place');
  assert.notEqual(spaceFor([new Float32Array(5), heapArray(2, 'float32')!])!.memory, kernelMemory(), 'more than twice: copied plainly');
});

test('a book-style loop gives the same outputs and gradients with the parameters in the kernels\' memory or not', () => {
  const run = (ordinary: boolean) => {
    const random = new RandomState(0);
    const dense = new Dense(2, 64, { random });
    if (ordinary) for (const m of [dense.weights, dense.biases]) (m as { data: Float32Array }).data = new Float32Array(m.data);
    const x = new Matrix(300, 2);
    for (let k = 0; k < x.data.length; k++) x.data[k] = random.randn();
    const out = dense.forward(x);
    const d = new Matrix(300, 64);
    for (let k = 0; k < d.data.length; k++) d.data[k] = 0.01 * random.randn();
    const dinputs = dense.backward(d);
    return [out.data, dinputs.data, dense.dweights!.data, dense.dbiases!.data];
  };
  assert.deepEqual(run(false), run(true));
});
