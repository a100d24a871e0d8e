import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { heapAddress, heapArray, heapBytes, kernelMemory, operands, scratch, spaceFor } from './heap.ts';
import { matmul, matmulLoop, type NumericArray } from '../kernels.ts';
import { differences, generator, values } from './test-operands.ts';
import { RandomState } from '../random.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('heap arrays are zeroed, on cache lines, apart from each other; ordinary arrays are not in the heap', () => {
  const a = heapArray(1001, 'float32')!;
  const b = heapArray(1001, 'float64')!;
  assert.ok(a instanceof Float32Array && b instanceof Float64Array);
  assert.equal(a.length, 1001);
  assert.ok(a.every((v) => Object.is(v, 0)) && b.every((v) => Object.is(v, 0)));
  const [at, bt] = [heapAddress(a), heapAddress(b)];
  assert.ok(at > 0 && bt > 0 && at % 64 === 0 && bt % 64 === 0, `${at}, ${bt}`);
  assert.ok(bt >= at + a.byteLength || at >= bt + b.byteLength, 'the two regions overlap');
  assert.equal(heapAddress(new Float64Array(10)), -1);
  assert.equal(heapAddress(b.subarray(3)), bt + 24, 'a part of a heap array is in the heap too');
});

test('heap arrays keep their values and stay usable when the memory grows', () => {
  const a = heapArray(1000, 'float64')!;
  a.forEach((_, i) => (a[i] = i / 7));
  const before = heapBytes().byteLength;
  const big = heapArray(4_000_000, 'float64')!; // 32 MB: the memory has to grow
  assert.ok(heapBytes().byteLength > before);
  big[big.length - 1] = 5;
  assert.equal(a[999], 999 / 7);
  a[0] = -1;
  assert.equal(new Float64Array(heapBytes(), heapAddress(a), 1)[0], -1, 'the array and the memory are the same bytes');
});

test('a call on ordinary arrays only runs in a private unshared memory (plain copies); one heap array takes it to the heap', () => {
  const plain = new Float32Array(8);
  const inHeap = heapArray(8, 'float32')!;
  const alone = spaceFor([plain, new Float64Array(3)])!;
  assert.notEqual(alone.memory, kernelMemory());
  assert.equal(alone.shared, false);
  assert.equal(alone.address(plain), -1);
  const mixed = spaceFor([plain, inHeap])!;
  assert.equal(mixed.memory, kernelMemory());
  assert.equal(mixed.address(inHeap), heapAddress(inHeap));
  assert.deepEqual(alone.scratch([10, 100]), [256, 320], 'from 256: kernels may address operands from 128 below');
});

test('operands: heap arrays in place, ordinary ones copied in (inputs) and back (outputs)', () => {
  const inHeap = heapArray(8, 'float64') as Float64Array;
  inHeap.set([1, 2, 3, 4, 5, 6, 7, 8]);
  const plainIn = new Float32Array([9, 10, 11]);
  const plainOut = new Float64Array(4);
  const placed = operands([inHeap, plainIn], [plainOut])!;
  assert.equal(placed.at[0], heapAddress(inHeap));
  assert.deepEqual(Array.from(new Float32Array(heapBytes(), placed.at[1]!, 3)), [9, 10, 11]);
  new Float64Array(heapBytes(), placed.at[2]!, 4).set([-1, -2, -3, -4]);
  assert.deepEqual(Array.from(plainOut), [0, 0, 0, 0], 'copied back only when done');
  placed.done();
  assert.deepEqual(Array.from(plainOut), [-1, -2, -3, -4]);
  const regions = scratch([100, 1, 64])!;
  assert.deepEqual(regions.map((r) => r - regions[0]!), [0, 128, 192]);
});

test('products with their operands and outputs in the heap (chapter 18\'s, the MLP\'s, one sample) give the reference loop\'s bits', () => {
  const random = generator(21);
  const onHeap = (x: NumericArray): NumericArray => {
    const y = heapArray(x.length, x instanceof Float64Array ? 'float64' : 'float32')!;
    y.set(x);
    return y;
  };
  for (const [m, k, n, ta, tb, f64a, f64b, f64out] of [
    [3000, 2, 512, false, false, false, false, false], [3000, 512, 3, false, false, true, false, true],
    [512, 3000, 3, true, false, true, false, true], [3000, 3, 512, false, true, false, false, false],
    [2, 3000, 512, true, false, false, true, true], [300, 3, 6, false, false, false, false, true],
    [128, 784, 128, false, false, false, false, false], [784, 128, 128, true, false, false, false, false],
    [128, 128, 784, false, true, false, false, false], [1, 784, 128, false, false, false, false, false],
    [200, 300, 150, false, false, true, true, true],
  ] as const) {
    const a = values(random, m * k, 0.3, f64a);
    const b = values(random, k * n, 0.3, f64b);
    const expected = f64out ? new Float64Array(m * n) : new Float32Array(m * n);
    matmulLoop(a, b, expected, m, k, n, ta, tb);
    const out = onHeap(expected.map(() => 7));
    matmul(onHeap(a), onHeap(b), out, m, k, n, ta, tb);
    assert.equal(differences(out, expected), 0, `${m}×${k}×${n}`);
  }
});

test('masks drawn straight into a heap array are the draws of an ordinary array, and the generator ends in the same state', () => {
  const [inHeap, plain] = [new RandomState(3), new RandomState(3)];
  const mask = heapArray(30_001, 'float64')!;
  const expected = new Float64Array(30_001);
  for (const keep of [0.9, 0.3]) {
    inHeap.binomialFill(mask, 1, keep, keep);
    plain.binomialFill(expected, 1, keep, keep);
    assert.equal(differences(mask, expected), 0);
  }
  assert.equal(inHeap.rand(), plain.rand());
});

test('without SharedArrayBuffer (a page that is not cross-origin isolated) the kernels copy, and chapter 18 prints the same lines', () => {
  // The child removes SharedArrayBuffer before scratchnet loads, so the kernels' memory is unshared
  // and no matrix lives in it; then it runs chapter 18 for 200 epochs.
  const script = `delete globalThis.SharedArrayBuffer;
    const { heapArray, kernelMemory } = await import('./src/kernels/heap.ts');
    console.log('shared:', heapArray(4, 'float64') !== null, 'kernels:', kernelMemory() !== null);
    process.argv.push('--epochs', '200');
    await import('./lessons/book/ch18-model.ts');`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  assert.equal(lines[0], 'shared: false kernels: true');
  const log = readFileSync(join(root, 'test/reference/logs/ch18.txt'), 'utf8').split('\n');
  assert.deepEqual(lines.filter((l) => l.startsWith('epoch: ')), log.filter((l) => l.startsWith('epoch: ')).slice(0, 2));
});
