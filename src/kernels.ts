/**
 * The hot loops, kept in one place so the layers stay readable: every matrix product in scratchnet
 * runs through `matmul`. Products accumulate in float64 and round once when stored, the book's
 * `np.dot` semantics.
 *
 * `matmulLoop` below is the product as a learner would write it. Large products go to a
 * hand-written WebAssembly SIMD kernel (`kernels/matmul.wat`, driven by `kernels/wasm-matmul.ts`)
 * that adds the same float64 products in the same order, so both give the same bits; the tests
 * hold the kernel to a plain triple loop on thousands of random shapes. Products with a side of at
 * most 4 (chapter 18's 2-input and 3-output layers) have loops of their own (`kernels/narrow.wat`). Adam's update and ReLU on
 * float32 arrays run in `kernels/elementwise.wat`, four at a time with float32 rounding, again the
 * same bits as the scalar loops written here. Every module runs on one WebAssembly memory
 * (`kernels/heap.ts`) in which a Model keeps its matrices between steps, so the kernels read and
 * write those in place and copy only the others.
 */
import { wasmMatmul, wasmMatmulTogether, type MatmulCall } from './kernels/wasm-matmul.ts';
import { narrowMatmul, NARROW } from './kernels/narrow-matmul.ts';
import {
  wasmAdam, wasmReluForward, wasmReluBackward, wasmSumColumns, wasmAddRow,
  wasmMultiply64, wasmReluBackward64, wasmSumColumns64,
} from './kernels/wasm-elementwise.ts';

export type { MatmulCall };

/** Any typed array of numbers the kernels read or write. */
export type NumericArray = Float32Array | Float64Array;

/** Below this many multiply-adds the plain loop is faster than preparing the WebAssembly kernel. */
const SMALL_PRODUCT = 4096;

/** From this many multiply-adds on, NumPy's `np.dot` (OpenBLAS's dgemm) adds each sum in blocks: see `dotBlocks`. */
const BLOCKED_PRODUCT = 1_000_000;
/** OpenBLAS's block of terms (GEMM_Q) on this machine's kernel. */
const BLOCK = 384;

/**
 * The blocks NumPy adds a sum of k terms in, when the product has over a million multiply-adds:
 * OpenBLAS's dgemm takes 384 terms while 768 or more remain, then the rest in two halves (the
 * first rounded up to a multiple of 4), sums each block from zero and adds the blocks' sums in
 * order. The order matters when an operand is float64 (chapter 18's dropout output), whose
 * products are not exact: summed one after another, one output of chapter 18 in 4.6 million
 * rounds to the other float32 (at epoch 514). 512 terms are 256 + 256; 3,000 are 6 × 384 + 2 × 348.
 */
export function dotBlocks(k: number): number[] {
  const blocks: number[] = [];
  for (let rest = k; rest > 0;) {
    const len = rest >= 2 * BLOCK ? BLOCK : rest > BLOCK ? Math.ceil(Math.floor(rest / 2) / 4) * 4 : rest;
    blocks.push(len);
    rest -= len;
  }
  return blocks;
}

/**
 * out (m × n) = op(a) · op(b), where op(a) is m × k and op(b) is k × n; `ta`/`tb` say that a is
 * stored as its transpose (k × m) or b as its transpose (n × k). Each output is a float64 sum
 * rounded once; large products add it in NumPy's blocks (`dotBlocks`).
 */
export function matmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  inNumPysBlocks(inOrder, a, b, out, m, k, n, ta, tb);
}

/**
 * Independent products, each as `matmul` computes it: together on two threads where the general
 * kernel takes them all (see wasmMatmulTogether), else one after the other.
 */
export function matmulTogether(calls: readonly MatmulCall[]): void {
  const general = calls.every(({ m, k, n }) => m * k * n >= SMALL_PRODUCT && !narrow(m, k, n));
  if (general && wasmMatmulTogether(calls.map((c) => ({ ...c, blocks: blocksOf(c.m, c.k, c.n) })))) return;
  for (const { a, b, out, m, k, n, ta, tb } of calls) matmul(a, b, out, m, k, n, ta, tb);
}

/** The blocks a product's sums are added in: NumPy's (`dotBlocks`) for large ones, else all k terms in one. */
function blocksOf(m: number, k: number, n: number): number[] {
  return m * k * n <= BLOCKED_PRODUCT || k <= BLOCK ? [k] : dotBlocks(k);
}

/** A product that adds every sum in order, p = 0 .. k − 1. */
type Product = (a: NumericArray, b: NumericArray, out: NumericArray, m: number, k: number, n: number, ta: boolean, tb: boolean) => void;

/**
 * The product by `product`, in NumPy's blocks when it is large: the sums of each of `dotBlocks(k)`'s
 * blocks (from zero), added in order, then rounded once into out.
 */
function inNumPysBlocks(
  product: Product, a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  const blocks = blocksOf(m, k, n);
  if (blocks.length === 1) {
    product(a, b, out, m, k, n, ta, tb);
    return;
  }
  // The narrow kernel adds the blocks itself, reading the operands where they are (and not for
  // the reference loop, which must stay the plain one).
  if (product === inOrder && narrow(m, k, n) && narrowMatmul(a, b, out, m, k, n, ta, tb, blocks)) return;
  // So does the general kernel, packing op(b) once for all the blocks.
  if (product === inOrder && !narrow(m, k, n) && wasmMatmul(a, b, out, m, k, n, ta, tb, blocks)) return;
  const total = new Float64Array(m * n);
  const part = new Float64Array(m * n);
  let p0 = 0;
  for (const len of blocks) {
    // Terms p0 .. p0 + len − 1: rows of a stored transposed (or of b), columns otherwise.
    const aBlock = ta ? a.subarray(p0 * m, (p0 + len) * m) : columns(a, m, k, p0, len);
    const bBlock = tb ? columns(b, n, k, p0, len) : b.subarray(p0 * n, (p0 + len) * n);
    product(aBlock, bBlock, part, m, len, n, ta, tb);
    for (let i = 0; i < total.length; i++) total[i] += part[i]!;
    p0 += len;
  }
  out.set(total);
}

/** Columns c0 .. c0 + len − 1 of a rows × cols matrix, as a rows × len copy. */
function columns(x: NumericArray, rows: number, cols: number, c0: number, len: number): NumericArray {
  const copy = x instanceof Float64Array ? new Float64Array(rows * len) : new Float32Array(rows * len);
  for (let r = 0; r < rows; r++) copy.set(x.subarray(r * cols + c0, r * cols + c0 + len), r * len);
  return copy;
}

/** Whether the narrow kernel suits the product: one side at most NARROW (one row, a single sample, has its own faster path in the general kernel). */
function narrow(m: number, k: number, n: number): boolean {
  return Math.min(m, k, n) <= NARROW && (m > 1 || k <= NARROW || n <= NARROW);
}

/** The product with every sum added in order, p = 0 .. k − 1: by the fastest kernel that fits. */
function inOrder(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  if (m * k * n >= SMALL_PRODUCT) {
    if (narrow(m, k, n) && narrowMatmul(a, b, out, m, k, n, ta, tb)) return;
    if (wasmMatmul(a, b, out, m, k, n, ta, tb)) return;
  }
  loopInOrder(a, b, out, m, k, n, ta, tb);
}

/**
 * The same product as plain loops: out(i, j) = Σ_p op(a)(i, p) · op(b)(p, j) in float64, p in
 * order (in NumPy's blocks for large products, as `matmul`).
 */
export function matmulLoop(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): void {
  inNumPysBlocks(loopInOrder, a, b, out, m, k, n, ta, tb);
}

/** The plain loops, every sum in order. */
function loopInOrder(
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

/** Adam's scalars for one step, each already rounded to float32 (the Python floats meeting float32 arrays). */
export interface AdamScalars {
  /** β₁ */
  beta1: number;
  /** 1 − β₁ */
  keep1: number;
  /** 1 − β₁ᵗ */
  correction1: number;
  /** β₂ */
  beta2: number;
  /** 1 − β₂ */
  keep2: number;
  /** 1 − β₂ᵗ */
  correction2: number;
  /** −(current learning rate) */
  lr: number;
  /** ε */
  epsilon: number;
}

/**
 * Adam's update when the parameter, its gradient and both moving averages are float32, in place:
 * m = β₁m + (1−β₁)g;  c = β₂c + (1−β₂)g²;  value += (−lr · m/(1−β₁ᵗ)) / (√(c/(1−β₂ᵗ)) + ε),
 * every operation rounded to float32. Runs four at a time in WebAssembly where it can.
 */
export function adamFloat32(value: Float32Array, grad: Float32Array, m: Float32Array, c: Float32Array, s: AdamScalars): void {
  if (value.length >= 64 && wasmAdam(value, grad, m, c, s)) return;
  const f = Math.fround;
  for (let k = 0; k < grad.length; k++) {
    const g = grad[k]!;
    const mk = (m[k] = f(f(s.beta1 * m[k]!) + f(s.keep1 * g)));
    const ck = (c[k] = f(f(s.beta2 * c[k]!) + f(s.keep2 * f(g * g))));
    value[k] = value[k]! + f(f(s.lr * f(mk / s.correction1)) / f(f(Math.sqrt(f(ck / s.correction2))) + s.epsilon));
  }
}

/** ReLU on float32 values: out = max(0, x), NaN kept (np.maximum). Runs four at a time in WebAssembly where it can. */
export function reluFloat32(x: Float32Array, out: Float32Array): void {
  if (x.length >= 64 && wasmReluForward(x, out)) return;
  for (let k = 0; k < x.length; k++) out[k] = Math.max(0, x[k]!);
}

/** ReLU's backward pass on float32 values: out = 0 where x <= 0, else d (`dinputs[inputs <= 0] = 0`). */
export function reluBackwardFloat32(d: Float32Array, x: Float32Array, out: Float32Array): void {
  if (x.length >= 64 && wasmReluBackward(d, x, out)) return;
  reluBackwardLoop(d, x, out);
}

/** out = 0 where x <= 0, else d: ReLU's backward pass as a plain loop, for either dtype. */
function reluBackwardLoop(d: NumericArray, x: NumericArray, out: NumericArray): void {
  for (let k = 0; k < d.length; k++) out[k] = x[k]! <= 0 ? 0 : d[k]!;
}

/** The sum of the rows of x (rows × cols, float32), added one after another from −0: `np.sum(x, axis=0)` for cols > 1. */
export function sumColumnsFloat32(x: Float32Array, rows: number, cols: number, out: Float32Array): void {
  if (x.length >= 64 && wasmSumColumns(x, rows, cols, out)) return;
  sumColumnsLoop(x, rows, cols, out);
}

/** The rows of x added one after another from −0, as a plain loop (each addition rounds to out's dtype). */
function sumColumnsLoop(x: NumericArray, rows: number, cols: number, out: NumericArray): void {
  out.fill(-0);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j] = out[j]! + x[i * cols + j]!;
}

/** x[i][j] = x[i][j] + row[j] in float32, in place: a layer's biases added to its outputs. */
export function addRowFloat32(x: Float32Array, rows: number, cols: number, row: Float32Array): void {
  if (x.length >= 64 && wasmAddRow(x, rows, cols, row)) return;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) x[i * cols + j] = x[i * cols + j]! + row[j]!;
}

/** out = d · m in float64 (dropout: inputs · mask forward, dvalues · mask backward). */
export function multiplyFloat64(d: NumericArray, m: Float64Array, out: Float64Array): void {
  if (m.length >= 64 && wasmMultiply64(d, m, out)) return;
  for (let k = 0; k < m.length; k++) out[k] = d[k]! * m[k]!;
}

/** ReLU's backward pass on float64 gradients: out = 0 where x <= 0, else d. */
export function reluBackwardFloat64(d: Float64Array, x: NumericArray, out: Float64Array): void {
  if (d.length >= 64 && wasmReluBackward64(d, x, out)) return;
  reluBackwardLoop(d, x, out);
}

/** The sum of the rows of x (rows × cols, float64), added one after another from −0: `np.sum(x, axis=0)` for cols > 1. */
export function sumColumnsFloat64(x: Float64Array, rows: number, cols: number, out: Float64Array): void {
  if (x.length >= 64 && wasmSumColumns64(x, rows, cols, out)) return;
  sumColumnsLoop(x, rows, cols, out);
}
