import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  matmul, matmulLoop, adamFloat32, reluFloat32, reluBackwardFloat32, sumColumnsFloat32, addRowFloat32, type NumericArray,
  multiplyFloat64, reluBackwardFloat64, sumColumnsFloat64, dotBlocks,
} from './kernels.ts';
import { wasmKernel, wasmMatmul } from './kernels/wasm-matmul.ts';
import { narrowMatmul, NARROW } from './kernels/narrow-matmul.ts';
import { KERNELS, generatedSource, modulePath } from '../scripts/build-kernels.ts';
import { generator, values, differences } from './kernels/test-operands.ts';
import { heapArray } from './kernels/heap.ts';
import { matmulThreadStats, setMatmulThreads, sharedKernel } from './kernels/matmul-threads.ts';
import { fusedMultiplyAdd, relaxedSimd, setFusedMultiplyAdd } from './kernels/fused-multiply-add.ts';
import { fuseMultiplyAdd } from '../scripts/fuse-multiply-add.ts';

/**
 * The oracle: out(i, j) = Σ_p op(a)(i, p) · op(b)(p, j), p = 0..k-1 in order, in float64, rounded
 * once on store; above a million multiply-adds (or in the `blocks` given) each of NumPy's blocks of p from zero,
 * the blocks' sums added in order.
 */
function reference(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
  blocks = m * k * n > 1_000_000 ? dotBlocks(k) : [k],
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let b0 = 0, p = 0; b0 < blocks.length; b0++) {
        let s = 0;
        for (const end = p + blocks[b0]!; p < end; p++) s += a[ta ? p * m + i : i * k + p]! * b[tb ? j * k + p : p * n + j]!;
        total += s;
      }
      out[i * n + j] = total;
    }
  }
}

interface Case { m: number; k: number; n: number; ta: boolean; tb: boolean; f64a: boolean; f64b: boolean; zerosA: number; zerosB: number }

function randomCase(random: () => number, maxDim: number): Case {
  const dim = () => 1 + Math.floor(random() * maxDim);
  const share = () => [0, 0, 0.5, 0.9, random()][Math.floor(random() * 5)]!;
  return {
    m: dim(), k: dim(), n: dim(), ta: random() < 0.5, tb: random() < 0.5,
    f64a: random() < 0.25, f64b: random() < 0.25, zerosA: share(), zerosB: share(),
  };
}

/** Runs one case through `product` and the reference; returns [differing results, results]. */
function compare(random: () => number, c: Case, product: typeof matmul): [number, number] {
  const a = values(random, c.m * c.k, c.zerosA, c.f64a);
  const b = values(random, c.k * c.n, c.zerosB, c.f64b);
  const f64 = c.f64a && c.f64b;
  const expected = f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n);
  const actual = f64 ? new Float64Array(c.m * c.n) : new Float32Array(c.m * c.n);
  reference(a, b, expected, c.m, c.k, c.n, c.ta, c.tb);
  product(a, b, actual, c.m, c.k, c.n, c.ta, c.tb);
  return [differences(expected, actual), expected.length];
}

test('the WebAssembly kernel is available on this platform', () => {
  assert.ok(wasmKernel(), 'WebAssembly SIMD should compile in Node 20+');
});

test('the WebAssembly kernel gives the reference loop\'s bits on 2,200 random shapes (any transposes, dtypes, zero shares)', (t) => {
  const random = generator(6);
  let differing = 0;
  let results = 0;
  const wasmOnly: typeof matmul = (a, b, out, m, k, n, ta, tb) => {
    assert.ok(wasmMatmul(a, b, out, m, k, n, ta, tb));
  };
  for (let i = 0; i < 2200; i++) {
    const [d, r] = compare(random, randomCase(random, i < 2000 ? 40 : 150), wasmOnly);
    differing += d;
    results += r;
  }
  t.diagnostic(`${differing} of ${results} results differ`);
  assert.ok(results > 1_000_000, `only ${results} results compared`);
  assert.equal(differing, 0, `${differing} of ${results} results differ`);
});

test('the fused twins run here (relaxed SIMD: Node 20 behind its flag, which fused-multiply-add.ts turns on)', () => {
  assert.equal(relaxedSimd(), true);
  assert.equal(fusedMultiplyAdd(), true);
  setFusedMultiplyAdd(false);
  assert.equal(fusedMultiplyAdd(), false);
  setFusedMultiplyAdd(true);
});

test('fuseMultiplyAdd turns each multiply-then-add into one relaxed_madd, and nothing else', () => {
  const text = [
    '(local.set $c (f64x2.add (local.get $c) (f64x2.mul (local.get $a) (v128.load offset=16 (local.get $b))))) ;; (f64x2.add x',
    '(local.set $s (f64x2.add (v128.const f64x2 0 0) (f64x2.mul (local.get $x) (local.get $y))))',
    '(v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $s)))',
  ].join('\n');
  assert.equal(fuseMultiplyAdd(text), [
    '(local.set $c (f64x2.relaxed_madd (local.get $a) (v128.load offset=16 (local.get $b)) (local.get $c))) ;; (f64x2.add x',
    '(local.set $s (f64x2.relaxed_madd (local.get $x) (local.get $y) (v128.const f64x2 0 0)))',
    '(v128.store (local.get $p) (f64x2.add (v128.load (local.get $p)) (local.get $s)))',
  ].join('\n'));
});

test('with the fused twins switched off, every kernel still gives the reference loop\'s bits (600 random shapes)', (t) => {
  const random = generator(16);
  let differing = 0;
  let results = 0;
  setFusedMultiplyAdd(false);
  try {
    for (let i = 0; i < 600; i++) {
      const [d, r] = compare(random, randomCase(random, i < 550 ? 40 : 150), matmul);
      differing += d;
      results += r;
    }
  } finally {
    setFusedMultiplyAdd(true);
  }
  t.diagnostic(`${differing} of ${results} results differ`);
  assert.ok(results > 300_000, `only ${results} results compared`);
  assert.equal(differing, 0);
});

test('matmul and the plain loop give the reference loop\'s bits on the MLP\'s shapes', () => {
  const random = generator(7);
  const shapes: [number, number, number, boolean, boolean, number, number][] = [
    [128, 784, 128, false, false, 0, 0], // X · W1
    [128, 128, 128, false, false, 0.5, 0], // relu(Z1) · W2
    [128, 128, 10, false, false, 0.5, 0],
    [784, 128, 128, true, false, 0, 0.5], // Xᵀ · dZ1
    [128, 128, 784, false, true, 0.5, 0], // dZ1 · W1ᵀ
    [300, 2, 64, false, false, 0, 0], // chapter 10
    [2, 300, 64, true, false, 0, 0.5],
    [1, 784, 128, false, false, 0, 0], // one sample
    [1, 128, 10, true, false, 0.5, 0],
    [1, 37, 13, false, false, 0, 0],
  ];
  for (const [m, k, n, ta, tb, zerosA, zerosB] of shapes) {
    const c = { m, k, n, ta, tb, f64a: false, f64b: false, zerosA, zerosB };
    assert.deepEqual(compare(random, c, matmul)[0], 0, `matmul ${m}×${k}×${n}`);
    if (m * k * n <= 128 * 128 * 128) assert.deepEqual(compare(random, c, matmulLoop)[0], 0, `matmulLoop ${m}×${k}×${n}`);
  }
});

test('an infinity meeting a zero gives NaN, as in the reference (zeros are not skipped then)', () => {
  const m = 20, k = 30, n = 20;
  const a = new Float32Array(m * k); // all zeros
  const b = new Float32Array(k * n).fill(1);
  b[5 * n + 3] = Infinity;
  const out = new Float32Array(m * n);
  matmul(a, b, out, m, k, n, false, false);
  assert.ok(Number.isNaN(out[3]!) && Number.isNaN(out[(m - 1) * n + 3]!));
  assert.equal(out[4], 0);
});

test('the shipped kernel bytes are compiled from the .wat sources as they stand', async () => {
  for (const name of KERNELS) {
    const shipped = readFileSync(modulePath(name), 'utf8');
    assert.equal(shipped, await generatedSource(name), `${name}: run \`npx tsx scripts/build-kernels.ts\``);
  }
});

test('Adam\'s float32 update in WebAssembly gives the scalar float32 loop\'s bits', () => {
  const random = generator(8);
  const f = Math.fround;
  for (const n of [64, 1000, 100_352]) {
    const value = values(random, n, 0.05, false) as Float32Array;
    const grad = values(random, n, 0.3, false) as Float32Array;
    const m = values(random, n, 0.1, false) as Float32Array;
    const c = (values(random, n, 0.1, false) as Float32Array).map(Math.abs);
    for (let t = 1; t <= 3; t++) {
      const s = {
        beta1: f(0.9), keep1: f(1 - 0.9), correction1: f(1 - 0.9 ** t), beta2: f(0.999), keep2: f(1 - 0.999),
        correction2: f(1 - 0.999 ** t), lr: f(-0.001 / (1 + 5e-5 * t)), epsilon: f(1e-7),
      };
      const [v2, m2, c2] = [value.slice(), m.slice(), c.slice()];
      for (let k = 0; k < n; k++) {
        const g = grad[k]!;
        m2[k] = f(s.beta1 * m2[k]!) + f(s.keep1 * g);
        c2[k] = f(s.beta2 * c2[k]!) + f(s.keep2 * f(g * g));
        v2[k] = v2[k]! + f(f(s.lr * f(m2[k]! / s.correction1)) / f(f(Math.sqrt(f(c2[k]! / s.correction2))) + s.epsilon));
      }
      adamFloat32(value, grad, m, c, s);
      assert.equal(differences(value, v2) + differences(m, m2) + differences(c, c2), 0, `n = ${n}, t = ${t}`);
    }
  }
});

test('ReLU forward and backward in WebAssembly give the scalar loops\' bits, NaN, ±0 and ±∞ included', () => {
  const random = generator(9);
  for (const n of [64, 1001, 16_384]) {
    const x = values(random, n, 0.2, false) as Float32Array;
    const d = values(random, n, 0.1, false) as Float32Array;
    x.set([NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45], 0);
    d.set([5, 6, 7, 8, 9, 10, 11], 0);
    const expectedForward = x.map((v) => Math.max(0, v));
    const expectedBackward = d.map((v, k) => (x[k]! <= 0 ? 0 : v));
    const forward = new Float32Array(n);
    const backward = new Float32Array(n);
    reluFloat32(x, forward);
    reluBackwardFloat32(d, x, backward);
    assert.equal(differences(forward, expectedForward), 0, `forward, n = ${n}`);
    assert.equal(differences(backward, expectedBackward), 0, `backward, n = ${n}`);
  }
});

test('column sums and the bias add in WebAssembly give the scalar float32 loops\' bits', () => {
  const random = generator(10);
  for (const [rows, cols] of [[300, 64], [128, 10], [128, 128], [7, 3], [65, 5], [5, 13], [1, 65], [33, 3]] as const) {
    const x = values(random, rows * cols, 0.3, false) as Float32Array;
    const row = values(random, cols, 0.1, false) as Float32Array;
    const expectedSums = new Float32Array(cols).fill(-0);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expectedSums[j] = expectedSums[j]! + x[i * cols + j]!;
    const expectedAdded = x.map((v, k) => v + row[k % cols]!);
    const sums = new Float32Array(cols);
    sumColumnsFloat32(x, rows, cols, sums);
    addRowFloat32(x, rows, cols, row);
    assert.equal(differences(sums, expectedSums), 0, `sums ${rows}×${cols}`);
    assert.equal(differences(x, expectedAdded), 0, `add ${rows}×${cols}`);
  }
});

test('products with a side of at most 4 (the narrow kernel) give the reference loop\'s bits on 3,000 random shapes', (t) => {
  const random = generator(9);
  const narrowOnly: typeof matmul = (a, b, out, m, k, n, ta, tb) => {
    if (narrowMatmul(a, b, out, m, k, n, ta, tb)) return;
    // The one shape it leaves to the general kernel: few rows of output from a transposed b.
    assert.ok(m <= NARROW && tb, `${m}×${k}×${n} should be handled`);
    matmulLoop(a, b, out, m, k, n, ta, tb);
  };
  let differing = 0;
  let results = 0;
  for (let i = 0; i < 3000; i++) {
    const c = randomCase(random, i < 2800 ? 60 : 600);
    const narrow = 1 + Math.floor(random() * NARROW);
    if (i % 3 === 0) c.k = narrow;
    else if (i % 3 === 1) c.n = narrow;
    else c.m = narrow;
    const [d, r] = compare(random, c, narrowOnly);
    differing += d;
    results += r;
  }
  // Chapter 18's products, with its float64 dropout outputs and gradients.
  for (const [m, k, n, ta, tb, f64a, f64b] of [
    [3000, 2, 512, false, false, false, false], [3000, 512, 3, false, false, true, false], [512, 3000, 3, true, false, true, false],
    [3000, 3, 512, false, true, false, false], [2, 3000, 512, true, false, false, true], [3000, 512, 2, false, true, true, false],
  ] as const) {
    const [d, r] = compare(random, { m, k, n, ta, tb, f64a, f64b, zerosA: 0.5, zerosB: 0.5 }, matmul);
    differing += d;
    results += r;
  }
  t.diagnostic(`${differing} of ${results} results differ`);
  assert.ok(results > 1_000_000, `only ${results} results compared`);
  assert.equal(differing, 0, `${differing} of ${results} results differ`);
});

test('the narrow kernel adds each sum in the blocks it is given, with operands and outputs in the heap or not (any offset), float32 or float64, odd widths, ±0, ±∞ and NaN', () => {
  const random = generator(13);
  /** A copy of x, in the heap at an offset of 0 to 3 elements (so not always on 16 bytes) when `heap`. */
  const placed = (x: NumericArray, heap: boolean, f64: boolean): NumericArray => {
    const offset = heap ? Math.floor(random() * 4) : 0;
    const y = heap ? heapArray(x.length + offset, f64 ? 'float64' : 'float32')!.subarray(offset) : f64 ? new Float64Array(x.length) : new Float32Array(x.length);
    y.set(x);
    return y;
  };
  const specials = [Infinity, -Infinity, NaN, -0];
  let differing = 0;
  let results = 0;
  for (let c = 0; c < 600; c++) {
    const narrow = 1 + Math.floor(random() * NARROW);
    const large = 1 + Math.floor(random() * 200);
    const shape = c % 3; // 0: few terms (k ≤ 4), 1: few columns (n ≤ 4), 2: few rows (m ≤ 4, b not transposed)
    const m = shape === 2 ? narrow : large;
    const n = shape === 1 ? narrow : 1 + Math.floor(random() * 200);
    const k = shape === 0 ? narrow : 1 + Math.floor(random() * 700);
    const ta = random() < 0.5;
    const tb = shape !== 2 && random() < 0.5;
    // Up to five blocks of random lengths (one block, k, for few terms: they are never blocked).
    const cuts = shape === 0 ? [] : Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * k)).sort((x, y) => x - y);
    const blocks = [...cuts, k].map((end, i, ends) => end - (i ? ends[i - 1]! : 0)).filter((len) => len > 0);
    const [f64a, f64b, f64out] = [random() < 0.5, random() < 0.5, random() < 0.5];
    const zeros = [0, 0.5, 0.95][c % 3]!;
    const a = values(random, m * k, zeros, f64a);
    const b = values(random, k * n, zeros, f64b);
    if (c % 10 === 0) for (const x of [a, b]) x[Math.floor(random() * x.length)] = specials[Math.floor(random() * specials.length)]!;
    const expected = f64out ? new Float64Array(m * n) : new Float32Array(m * n);
    reference(a, b, expected, m, k, n, ta, tb, blocks); // the blocks given, whatever the size
    const out = placed(expected.map(() => 7), random() < 0.5, f64out);
    assert.ok(narrowMatmul(placed(a, random() < 0.5, f64a), placed(b, random() < 0.5, f64b), out, m, k, n, ta, tb, blocks), `${m}×${k}×${n}`);
    differing += differences(expected, out);
    results += expected.length;
  }
  assert.ok(results > 100_000, `only ${results} results compared`);
  assert.equal(differing, 0, `${differing} of ${results} results differ`);
});

test('the float64 kernels behind dropout (mask product, ReLU backward, column sums) give the scalar loops\' bits, NaN, ±0 and ±∞ included', () => {
  const random = generator(11);
  // Odd lengths and odd column counts included: the kernels finish the last elements one by one.
  for (const [rows, cols] of [[300, 512], [7, 9], [65, 6], [1, 101], [5, 13], [33, 3]] as const) {
    const n = rows * cols;
    for (const f64 of [false, true]) {
      const x = values(random, n, 0.3, f64); // float32 or float64 inputs, float64 mask and gradients
      const mask = values(random, n, 0.1, true) as Float64Array;
      const d = values(random, n, 0.1, true) as Float64Array;
      x.set([NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45], 0);
      mask.set([2, 0, 0, Infinity, -0, 3, NaN], 0);
      d.set([5, Infinity, NaN, -0, 9, 10, 11], 0);
      const product = new Float64Array(n);
      const relu = new Float64Array(n);
      const sums = new Float64Array(cols);
      multiplyFloat64(x, mask, product);
      reluBackwardFloat64(d, x, relu);
      sumColumnsFloat64(d, rows, cols, sums);
      const expectedSums = new Float64Array(cols).fill(-0);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expectedSums[j] = expectedSums[j]! + d[i * cols + j]!;
      const where = `${rows}×${cols}, x ${f64 ? 'float64' : 'float32'}`;
      assert.equal(differences(product, Float64Array.from(x, (v, k) => v * mask[k]!)), 0, `x · mask, ${where}`);
      assert.equal(differences(relu, d.map((v, k) => (x[k]! <= 0 ? 0 : v))), 0, `ReLU backward, ${where}`);
      assert.equal(differences(sums, expectedSums), 0, `column sums, ${where}`);
    }
  }
});

test('large products add their sums in NumPy\'s blocks (OpenBLAS: 384 terms, then two halves)', () => {
  assert.deepEqual(dotBlocks(384), [384]);
  assert.deepEqual(dotBlocks(512), [256, 256]);
  assert.deepEqual(dotBlocks(784), [384, 200, 200]);
  assert.deepEqual(dotBlocks(3000), [384, 384, 384, 384, 384, 384, 348, 348]);
  // Chapter 18, epoch 514, dense 2's output for sample 759: with float64 inputs the order of the
  // additions shows in the float32, and NumPy's value is the blocked one (3,000 × 512 × 3 is large).
  const stored = JSON.parse(readFileSync(new URL('../test/reference/ch18-epoch514-output.json', import.meta.url), 'utf8')) as
    { row: number[]; weights: number[]; numpy: number[]; in_order: number[] };
  const inputs = new Float64Array(3000 * 512);
  inputs.set(stored.row, 759 * 512);
  const out = new Float32Array(3000 * 3);
  matmul(inputs, Float32Array.from(stored.weights), out, 3000, 512, 3, false, false);
  assert.deepEqual(Array.from(out.subarray(759 * 3, 760 * 3)), stored.numpy);
  assert.notDeepEqual(stored.in_order, stored.numpy, 'the stored case is one where the order matters');
});

test('the general kernel adds NumPy\'s blocks itself: the reference loop\'s bits on random large shapes (transposes, dtypes, zeros, ∞), on one thread and two', () => {
  const random = generator(2024);
  let cases = 0;
  try {
    for (const threads of [1, 2] as const) {
      setMatmulThreads(threads);
      for (let c = 0; c < 24; c++) {
        const k = 385 + Math.floor(random() * 2616);
        const m = c === 0 ? 1 : 5 + Math.floor(random() * 100);
        const n = Math.max(5, Math.ceil(1_000_001 / (m * k))) + Math.floor(random() * 30);
        const [ta, tb, f64a, f64b] = [random() < 0.5, random() < 0.5, random() < 0.5, random() < 0.5];
        const zeros = c % 2 ? 0.5 : 0;
        const a = values(random, m * k, zeros, f64a);
        const b = values(random, k * n, c % 3 ? zeros : 0, f64b);
        if (c % 4 === 3) b[Math.floor(random() * b.length)] = Infinity;
        const make = () => (f64a && f64b ? new Float64Array(m * n) : new Float32Array(m * n));
        const [got, want] = [make(), make()];
        matmul(a, b, got, m, k, n, ta, tb);
        matmulLoop(a, b, want, m, k, n, ta, tb);
        assert.ok(m * k * n > 1_000_000);
        assert.equal(differences(got, want), 0, `${threads} thread(s), ${m}×${k}×${n}, ta=${ta} tb=${tb}, f64 ${f64a}/${f64b}, zeros ${zeros}`);
        cases++;
      }
    }
  } finally {
    setMatmulThreads(2);
  }
  assert.equal(cases, 48);
});

test('blocked products: the MLP\'s first layer is one two-thread product, chapter 18\'s 3,000 × 512 × 3 stays with the narrow kernel', () => {
  const random = generator(18);
  const shapes: [number, number, number, boolean][] = [[128, 784, 128, false], [784, 128, 128, true], [3000, 512, 3, false], [3000, 512, 64, false]];
  for (const [m, k, n, ta] of shapes) {
    const a = values(random, m * k, 0.5, m === 3000);
    const b = values(random, k * n, 0, false);
    const [got, want] = [new Float32Array(m * n), new Float32Array(m * n)];
    const before = matmulThreadStats().products;
    matmul(a, b, got, m, k, n, ta, false);
    const products = matmulThreadStats().products - before;
    matmulLoop(a, b, want, m, k, n, ta, false);
    assert.equal(differences(got, want), 0, `${m}×${k}×${n}`);
    // One product on the threads (not one per block) where the general kernel runs; none for the narrow kernel.
    if (sharedKernel()) assert.equal(products, n === 3 ? 0 : 1, `${m}×${k}×${n}: ${products} threaded products`);
  }
});
