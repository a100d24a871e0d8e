// The SIMD packers of matmul.wat against the scalar packA they stand in for, list for list: the
// kept terms of each row (offsets and values), ±0 left out, NaN and ∞ kept, for random shapes with
// tails (k mod 4), starts off 16-byte alignment and gaps between rows; unpack32Columns against
// unpack; then whole products with the fast packing on and off, against the plain loop, on one
// thread and two, fused on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matmul, matmulLoop } from '../kernels.ts';
import { spaceFor } from './heap.ts';
import { setFastPack, setFusedSkipThreshold, setPackOnThreads, wasmKernel, type MatmulKernel } from './wasm-matmul.ts';
import { setMatmulThreads } from './matmul-threads.ts';
import { setFusedMultiplyAdd } from './fused-multiply-add.ts';
import { generator, values, differences } from './test-operands.ts';

const SHARES = [0, 0.5, 0.9, 1];
/** Shares around the thresholds at which zeros are skipped (0.1 and 0.3). */
const NEAR = [0.05, 0.15, 0.25, 0.35];

/** The kernel on the private memory, and regions of it. */
function kernelWith(sizes: number[]): { wasm: MatmulKernel; at: number[]; bytes: () => ArrayBufferLike } {
  const wasm = wasmKernel();
  const space = spaceFor([])!;
  assert.ok(wasm);
  const at = space.scratch(sizes)!;
  return { wasm, at, bytes: () => space.bytes() };
}

/** f32 values with ±0 at the given share, and now and then ∞ or NaN (kept, like any non-zero). */
function row32(random: () => number, length: number, zeros: number): Float32Array {
  const x = values(random, length, zeros, false) as Float32Array;
  if (random() < 0.2) x[Math.floor(random() * length)] = [Infinity, -Infinity, NaN][Math.floor(random() * 3)]!;
  return x;
}

/** The lists of rows × k terms: rowptr (rows + 1), and each row's kept (offset, value) pairs. */
function lists(bytes: ArrayBufferLike, rowptr: number, idx: number, val: number, rows: number): { rowptr: number[]; idx: number[]; val: number[] } {
  const r = Array.from(new Int32Array(bytes, rowptr, rows + 1));
  const total = r[rows]!;
  return { rowptr: r, idx: Array.from(new Int32Array(bytes, idx, total)), val: Array.from(new Float64Array(bytes, val, total)) };
}

test('unpack32Columns rounds a transposed output as unpack does: four rows at a time, odd columns, nothing else written', () => {
  const random = generator(37);
  for (let c = 0; c < 300; c++) {
    const rows = 4 * (1 + Math.floor(random() * 10));
    const n = 1 + Math.floor(random() * 16);
    const width = n <= 8 ? 8 : 16; // the panels' sums, at least one column wider when n is odd
    const sj = (rows + Math.floor(random() * 3)) * 4; // output column j at dst + j·sj
    const { wasm, at, bytes } = kernelWith([rows * width * 8, n * sj, n * sj]);
    const [sums, d1, d2] = at as [number, number, number];
    new Float64Array(bytes(), sums, rows * width).set(values(random, rows * width, 0.1, true));
    new Uint8Array(bytes(), d1, n * sj).fill(0xa5);
    new Uint8Array(bytes(), d2, n * sj).fill(0xa5);
    wasm.unpack(sums, width * 8, d1, rows, n, 4, sj, 0);
    wasm.unpack32Columns(sums, width * 8, d2, rows, n, sj);
    assert.deepEqual(new Uint8Array(bytes(), d2, n * sj), new Uint8Array(bytes(), d1, n * sj), `case ${c}: ${rows} rows × ${n}`);
  }
});

test('packA32Skip lists the same terms as packA with skipping (any k, ±0, ∞, NaN, unaligned rows with gaps)', () => {
  const random = generator(31);
  for (let c = 0; c < 400; c++) {
    const rows = 1 + Math.floor(random() * 40);
    const k = 1 + Math.floor(random() * 300);
    const gap = Math.floor(random() * 3); // elements between rows
    const shift = Math.floor(random() * 4); // elements off a 16-byte boundary
    const si = (k + gap) * 4;
    const { wasm, at, bytes } = kernelWith([rows * si + 64, (rows + 1) * 4, rows * k * 4, rows * k * 8, (rows + 1) * 4, rows * k * 4, rows * k * 8, 256]);
    const [src, p1, i1, v1, p2, i2, v2, table] = at as [number, number, number, number, number, number, number, number];
    const a = row32(random, rows * (k + gap), SHARES[c % 4]!);
    new Float32Array(bytes(), src + shift * 4, a.length).set(a);
    new Uint8Array(bytes(), i2, rows * k * 12).fill(0xa5); // stale bytes must not show through
    wasm.packA(src + shift * 4, p1, i1, v1, rows, k, si, 4, 0, 1);
    wasm.packA32Skip(src + shift * 4, p2, i2, v2, rows, k, si, table);
    const expected = lists(bytes(), p1, i1, v1, rows);
    const actual = lists(bytes(), p2, i2, v2, rows);
    assert.deepEqual(actual.rowptr, expected.rowptr, `case ${c}: ${rows}×${k}`);
    assert.deepEqual(actual.idx, expected.idx, `case ${c}: ${rows}×${k}`);
    assert.equal(differences(Float64Array.from(actual.val), Float64Array.from(expected.val)), 0, `case ${c}: ${rows}×${k}`);
  }
});

test('transpose32 copies rows that lie side by side out as rows in order (any rows and k, unaligned)', () => {
  const random = generator(32);
  for (let c = 0; c < 300; c++) {
    const rows = 1 + Math.floor(random() * 37);
    const k = 1 + Math.floor(random() * 70);
    const ld = rows + Math.floor(random() * 5); // elements between terms p and p + 1 of a row
    const shift = Math.floor(random() * 4);
    const { wasm, at, bytes } = kernelWith([(k * ld + 8) * 4, rows * k * 4 + 64]);
    const [src, dst] = at as [number, number];
    const a = row32(random, k * ld, 0.3);
    new Float32Array(bytes(), src + shift * 4, a.length).set(a);
    wasm.transpose32(src + shift * 4, dst, rows, k, ld * 4);
    const out = new Float32Array(bytes(), dst, rows * k);
    const expected = new Float32Array(rows * k);
    for (let i = 0; i < rows; i++) for (let p = 0; p < k; p++) expected[i * k + p] = a[p * ld + i]!;
    assert.equal(differences(out, expected), 0, `case ${c}: ${rows}×${k} ld ${ld}`);
  }
});

test('products give the plain loop\'s bits with the SIMD packing on and off, on one thread and two (packing as units on both or before them), fused on and off, zeros skipped from 10% or 30% (zero shares 0 to 1, transposes, ∞ and NaN)', () => {
  const random = generator(33);
  try {
    for (let c = 0; c < 120; c++) {
      const big = c % 2 === 0; // every other one large enough for two threads (from 2²⁰ multiply-adds)
      const m = 1 + Math.floor(random() * (big ? 200 : 90));
      const k = 1 + Math.floor(random() * (big ? 600 : 90));
      const n = 1 + Math.floor(random() * (big ? 200 : 90));
      const ta = random() < 0.5;
      const tb = random() < 0.5;
      const f64b = random() < 0.15;
      const a = values(random, m * k, (c % 8 < 4 ? SHARES : NEAR)[c % 4]!, false);
      const b = values(random, k * n, (c % 16 < 8 ? SHARES : NEAR)[(c >> 2) % 4]!, f64b);
      if (c % 7 === 1) {
        // one value that is not finite on each side: zeros are not skipped against it
        a[Math.floor(random() * a.length)] = Infinity;
        b[Math.floor(random() * b.length)] = [-Infinity, NaN][c % 2]!;
      }
      const expected = new Float32Array(m * n);
      matmulLoop(a, b, expected, m, k, n, ta, tb);
      for (const fast of [true, false]) {
        setFastPack(fast);
        setFusedSkipThreshold(fast);
        setPackOnThreads(c % 4 < 2);
        setMatmulThreads(c % 3 === 0 ? 1 : 2);
        setFusedMultiplyAdd(c % 5 !== 0);
        const actual = new Float32Array(m * n);
        matmul(a, b, actual, m, k, n, ta, tb);
        assert.equal(differences(expected, actual), 0, `case ${c}: ${m}×${k}×${n} ta=${ta} tb=${tb} fast=${fast}`);
      }
    }
  } finally {
    setFastPack(true);
    setFusedSkipThreshold(true);
    setPackOnThreads(true);
    setMatmulThreads(2);
    setFusedMultiplyAdd(true);
  }
});

test('packB32Rows and packB32Columns give packB\'s panels and its answer on ∞ and NaN (the f32 exponent bits), −0, subnormals and the largest floats too', () => {
  const random = generator(34);
  const specials = [Infinity, -Infinity, NaN, -0, 1e-45, -1e-40, 3.4028234663852886e38, -3.4028234663852886e38];
  for (let c = 0; c < 300; c++) {
    const w = c % 2 === 0 ? 16 : 8;
    const k = 4 * (1 + Math.floor(random() * 40));
    const rows = c % 4 < 2; // op(B) stored as rows (packB32Rows) or as its transpose (packB32Columns)
    // elements from one row of the panel to the next (rows), or from one column to the next (columns)
    const ld = (rows ? w : k) + Math.floor(random() * 9);
    const length = rows ? k * ld : w * ld;
    const { wasm, at, bytes } = kernelWith([(length + 8) * 4, k * w * 8, k * w * 8]);
    const [src, expected, actual] = at as [number, number, number];
    const from = src + Math.floor(random() * 4) * 4;
    const b = values(random, length, 0.3, false);
    if (c % 3 !== 0) b[Math.floor(random() * length)] = specials[c % specials.length]!;
    new Float32Array(bytes(), from, length).set(b);
    const want = rows ? wasm.packB(from, expected, k, w, w, ld * 4, 4, 0) : wasm.packB(from, expected, k, w, w, 4, ld * 4, 0);
    const got = rows ? wasm.packB32Rows(from, actual, k, ld * 4, w) : wasm.packB32Columns(from, actual, k, ld * 4, w);
    assert.equal(got, want, `case ${c}: the answer on ∞ and NaN`);
    assert.equal(differences(new Float64Array(bytes(), actual, k * w), new Float64Array(bytes(), expected, k * w)), 0, `case ${c}`);
  }
});
