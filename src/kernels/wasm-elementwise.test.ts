// The element-wise WebAssembly kernels (elementwise.wat) called directly on arrays placed in their
// memory, against the scalar loops of kernels.ts: any n (the scalar tails), float32 and float64
// inputs, NaN, ±0 and ±∞, the output in place of an input, misaligned addresses, and nothing
// written outside the output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elementwiseWasmBase64 } from './elementwise-wasm.ts';
import type { ElementwiseKernels } from './wasm-elementwise.ts';
import { generator, values, differences } from './test-operands.ts';
import type { NumericArray } from '../kernels.ts';

/** The kernels with the memory of their own instance. */
type Kernels = ElementwiseKernels & { memory: WebAssembly.Memory };

// An instance with a memory of its own, so the test owns every byte of it.
const wasm = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(atob(elementwiseWasmBase64), (c) => c.charCodeAt(0)))).exports as unknown as Kernels;
const SPECIALS = [NaN, Infinity, -Infinity, -0, 0, 1e-45, -1e-45, 3, -2];
const f = Math.fround;

/**
 * Copies the arrays into the kernels' memory one after another, 48 bytes apart plus `skew` bytes
 * (so that they start off a 16-byte boundary), the rest of the memory filled with a pattern.
 * Returns their addresses and a function that reads an array back.
 */
function place(arrays: NumericArray[], skew: number) {
  const need = arrays.reduce((total, a) => total + a.byteLength + 64, 64);
  const grow = Math.ceil((need - wasm.memory.buffer.byteLength) / 65536);
  if (grow > 0) wasm.memory.grow(grow);
  const bytes = new Uint8Array(wasm.memory.buffer, 0, need);
  for (let i = 0; i < need; i++) bytes[i] = (i * 37 + 11) & 255;
  const at: number[] = [];
  let top = 48 + skew;
  for (const a of arrays) {
    at.push(top);
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), top);
    top += Math.ceil((a.byteLength + 48) / 16) * 16 + skew;
  }
  const read = <T extends NumericArray>(like: T, address: number): T =>
    (like instanceof Float64Array
      ? new Float64Array(wasm.memory.buffer.slice(address, address + like.byteLength))
      : new Float32Array(wasm.memory.buffer.slice(address, address + like.byteLength))) as T;
  return { at, read, before: bytes.slice(), need };
}

/** How many bytes outside [start, start + length) differ from the snapshot. */
function touchedOutside(before: Uint8Array, need: number, start: number, length: number): number {
  const now = new Uint8Array(wasm.memory.buffer, 0, need);
  let count = 0;
  for (let i = 0; i < need; i++) if ((i < start || i >= start + length) && now[i] !== before[i]) count++;
  return count;
}

/** Random values with the special ones at the start (as many as fit). */
function operand(random: () => number, n: number, f64: boolean, zeros = 0.2): NumericArray {
  const x = values(random, n, zeros, f64);
  x.set(SPECIALS.slice(0, n));
  return x;
}

const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 1001];

test('multiply64: d · m for float32 and float64 d, any n, in place, misaligned', () => {
  const random = generator(21);
  for (const n of LENGTHS) {
    for (const d64 of [false, true]) {
      for (const skew of [0, 4, 8]) {
        const d = operand(random, n, d64);
        const m = operand(random, n, true).reverse() as Float64Array;
        const expected = Float64Array.from(d, (v, k) => v * m[k]!);
        const where = `n = ${n}, d ${d64 ? 'float64' : 'float32'}, skew ${skew}`;
        // out apart from both, then in place of m, then (float64 d) in place of d
        for (const inPlace of d64 ? ['none', 'm', 'd'] : ['none', 'm']) {
          const { at, read, before, need } = place([d, m, new Float64Array(n)], skew);
          const out = inPlace === 'm' ? at[1]! : inPlace === 'd' ? at[0]! : at[2]!;
          wasm.multiply64(at[0]!, d64 ? 1 : 0, at[1]!, out, n);
          assert.equal(differences(read(expected, out), expected), 0, `${where}, out = ${inPlace}`);
          assert.equal(touchedOutside(before, need, out, n * 8), 0, `${where}, out = ${inPlace}: wrote outside`);
        }
      }
    }
  }
});

test('reluBackward64: 0 where x <= 0, else d, for float32 and float64 x, any n, in place, misaligned', () => {
  const random = generator(22);
  for (const n of LENGTHS) {
    for (const x64 of [false, true]) {
      for (const skew of [0, 4, 8]) {
        const d = operand(random, n, true).reverse() as Float64Array;
        const x = operand(random, n, x64, 0.3);
        const expected = d.map((v, k) => (x[k]! <= 0 ? 0 : v));
        const where = `n = ${n}, x ${x64 ? 'float64' : 'float32'}, skew ${skew}`;
        for (const inPlace of x64 ? ['none', 'd', 'x'] : ['none', 'd']) {
          const { at, read, before, need } = place([d, x, new Float64Array(n)], skew);
          const out = inPlace === 'd' ? at[0]! : inPlace === 'x' ? at[1]! : at[2]!;
          wasm.reluBackward64(at[0]!, at[1]!, x64 ? 1 : 0, out, n);
          assert.equal(differences(read(expected, out), expected), 0, `${where}, out = ${inPlace}`);
          assert.equal(touchedOutside(before, need, out, n * 8), 0, `${where}, out = ${inPlace}: wrote outside`);
        }
      }
    }
  }
});

test('reluForward and reluBackward (float32): any n, in place, misaligned', () => {
  const random = generator(23);
  for (const n of LENGTHS) {
    for (const skew of [0, 4, 8]) {
      const x = operand(random, n, false, 0.3) as Float32Array;
      const d = operand(random, n, false).reverse() as Float32Array;
      const forward = x.map((v) => Math.max(0, v));
      const backward = d.map((v, k) => (x[k]! <= 0 ? 0 : v));
      const where = `n = ${n}, skew ${skew}`;
      for (const inPlace of [false, true]) {
        const { at, read, before, need } = place([x, new Float32Array(n)], skew);
        const out = inPlace ? at[0]! : at[1]!;
        wasm.reluForward(at[0]!, out, n);
        assert.equal(differences(read(forward, out), forward), 0, `forward, ${where}, in place ${inPlace}`);
        assert.equal(touchedOutside(before, need, out, n * 4), 0, `forward, ${where}: wrote outside`);
      }
      for (const inPlace of ['none', 'd', 'x']) {
        const { at, read, before, need } = place([d, x, new Float32Array(n)], skew);
        const out = inPlace === 'd' ? at[0]! : inPlace === 'x' ? at[1]! : at[2]!;
        wasm.reluBackward(at[0]!, at[1]!, out, n);
        assert.equal(differences(read(backward, out), backward), 0, `backward, ${where}, out = ${inPlace}`);
        assert.equal(touchedOutside(before, need, out, n * 4), 0, `backward, ${where}: wrote outside`);
      }
    }
  }
});

/**
 * n float32 values of which about `share` are tiny: subnormal (down to ±2⁻¹⁴⁹, the smallest), or
 * nonzero below 2⁻⁴⁸ (adam32 leaves its float32 SIMD loop for its float64 one below 2⁻⁵⁸ or 2⁻¹⁰⁰); the rest as `values`.
 */
function tiny(random: () => number, n: number, share: number): Float32Array {
  const x = values(random, n, 0.1, false) as Float32Array;
  for (let k = 0; k < n; k++) {
    if (random() >= share) continue;
    const r = random();
    const magnitude = r < 0.3 ? 2 ** -149 * Math.ceil(random() * 4) : r < 0.6 ? random() * 2 ** -126 : random() * 2 ** -48;
    x[k] = f((random() < 0.5 ? -1 : 1) * magnitude);
  }
  return x;
}

test('adam32: every operation rounded to float32, any n, misaligned, subnormal values included', () => {
  const random = generator(24);
  const s = {
    beta1: f(0.9), keep1: f(1 - 0.9), correction1: f(1 - 0.9 ** 2), beta2: f(0.999), keep2: f(1 - 0.999),
    correction2: f(1 - 0.999 ** 2), lr: f(-0.001), epsilon: f(1e-7),
  };
  for (const n of LENGTHS) {
    for (const [skew, share] of [[0, 0], [4, 0], [8, 0], [0, 0.02], [4, 0.3], [8, 1]] as const) {
      const value = share ? tiny(random, n, share) : operand(random, n, false) as Float32Array;
      const grad = (share ? tiny(random, n, share) : operand(random, n, false)).reverse() as Float32Array;
      const m = share ? tiny(random, n, share) : values(random, n, 0.1, false) as Float32Array;
      const c = (share ? tiny(random, n, share) : values(random, n, 0.1, false) as Float32Array).map(Math.abs);
      const [v2, m2, c2] = [value.slice(), m.slice(), c.slice()];
      for (let k = 0; k < n; k++) {
        const g = grad[k]!;
        const mk = (m2[k] = f(f(s.beta1 * m2[k]!) + f(s.keep1 * g)));
        const ck = (c2[k] = f(f(s.beta2 * c2[k]!) + f(s.keep2 * f(g * g))));
        v2[k] = v2[k]! + f(f(s.lr * f(mk / s.correction1)) / f(f(Math.sqrt(f(ck / s.correction2))) + s.epsilon));
      }
      // Unguarded, every value goes through float32 SIMD (slowly where subnormal); guarded, the
      // sixteens holding a tiny value go through float64: the same bits either way.
      for (const guard of [0, 1]) {
        const { at, read } = place([value, grad, m, c], skew);
        const sixteens = wasm.adam32(at[0]!, at[1]!, at[2]!, at[3]!, n,
          s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon, guard);
        const where = `n = ${n}, skew ${skew}, tiny share ${share}, guard ${guard}`;
        assert.equal(differences(read(value, at[0]!), v2), 0, `value, ${where}`);
        assert.equal(differences(read(m, at[2]!), m2), 0, `m, ${where}`);
        assert.equal(differences(read(c, at[3]!), c2), 0, `c, ${where}`);
        assert.equal(differences(read(grad, at[1]!), grad), 0, `grad untouched, ${where}`);
        if (guard === 0) assert.equal(sixteens, 0, `none looked for, ${where}`);
        if (guard === 1 && share === 1 && n >= 16) assert.equal(sixteens, n >> 4, `every sixteen tiny, ${where}`);
      }
    }
  }
});

const SHAPES = [[1, 1], [1, 7], [3, 1], [4, 2], [5, 3], [7, 5], [8, 8], [9, 9], [13, 17], [64, 6], [65, 101], [128, 128]] as const;

test('column sums (float32 and float64) add the rows in order from −0, any shape, misaligned', () => {
  const random = generator(25);
  for (const [rows, cols] of SHAPES) {
    for (const f64 of [false, true]) {
      for (const skew of [0, 4, 8]) {
        const x = operand(random, rows * cols, f64, 0.5);
        if (cols > 2) for (let i = 0; i < rows; i++) x[i * cols + 2] = -0; // a column of −0 sums to −0
        const expected = f64 ? new Float64Array(cols).fill(-0) : new Float32Array(cols).fill(-0);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expected[j] = expected[j]! + x[i * cols + j]!;
        const { at, read, before, need } = place([x, f64 ? new Float64Array(cols) : new Float32Array(cols)], skew);
        (f64 ? wasm.sumColumns64 : wasm.sumColumns)(at[0]!, rows, cols, at[1]!);
        const where = `${rows}×${cols}, ${f64 ? 'float64' : 'float32'}, skew ${skew}`;
        assert.equal(differences(read(expected, at[1]!), expected), 0, where);
        assert.equal(touchedOutside(before, need, at[1]!, expected.byteLength), 0, `${where}: wrote outside`);
      }
    }
  }
});

test('addRow adds the row to every row in float32, in place, any shape, misaligned', () => {
  const random = generator(26);
  for (const [rows, cols] of SHAPES) {
    for (const skew of [0, 4, 8]) {
      const x = operand(random, rows * cols, false) as Float32Array;
      const row = (operand(random, cols, false) as Float32Array).reverse();
      const expected = x.map((v, k) => v + row[k % cols]!);
      const { at, read, before, need } = place([x, row], skew);
      wasm.addRow(at[0]!, rows, cols, at[1]!);
      const where = `${rows}×${cols}, skew ${skew}`;
      assert.equal(differences(read(expected, at[0]!), expected), 0, where);
      assert.equal(touchedOutside(before, need, at[0]!, x.byteLength), 0, `${where}: wrote outside`);
    }
  }
});
