/**
 * The hot loops, kept in one place so the layers stay readable: every matrix product in scratchnet
 * runs through `matmul`. Products accumulate in float64 and round once when stored, the book's
 * `np.dot` semantics.
 *
 * `matmulLoop` below is the product as a learner would write it. Large products go to a
 * hand-written WebAssembly SIMD kernel (`kernels/matmul.wat`, driven by `kernels/wasm-matmul.ts`)
 * that adds the same float64 products in the same order, so both give the same bits; the tests
 * hold the kernel to a plain triple loop on thousands of random shapes.
 */
import { wasmMatmul } from './kernels/wasm-matmul.ts';

/** Any typed array of numbers the kernels read or write. */
export type NumericArray = Float32Array | Float64Array;

/** Below this many multiply-adds the plain loop is faster than preparing the WebAssembly kernel. */
const SMALL_PRODUCT = 4096;

/**
 * out (m × n) = op(a) · op(b), where op(a) is m × k and op(b) is k × n; `ta`/`tb` say that a is
 * stored as its transpose (k × m) or b as its transpose (n × k).
 */
export function matmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  if (m * k * n >= SMALL_PRODUCT && wasmMatmul(a, b, out, m, k, n, ta, tb)) return;
  matmulLoop(a, b, out, m, k, n, ta, tb);
}

/** The same product as plain loops: out(i, j) = Σ_p op(a)(i, p) · op(b)(p, j), p in order, in float64. */
export function matmulLoop(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  if (tb) {
    // Both operands walk memory in order: each output is a dot product of two contiguous rows.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bj = j * k;
        if (ta) for (let p = 0; p < k; p++) s += a[p * m + i]! * b[bj + p]!;
        else for (let p = 0, ai = i * k; p < k; p++) s += a[ai + p]! * b[bj + p]!;
        out[i * n + j] = s;
      }
    }
    return;
  }
  // Row i of the output is a sum of rows of b, weighted by row i of op(a): accumulate in float64.
  const acc = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = ta ? a[p * m + i]! : a[i * k + p]!;
      const bp = p * n;
      for (let j = 0; j < n; j++) acc[j] += aip * b[bp + j]!;
    }
    out.set(acc, i * n);
  }
}
