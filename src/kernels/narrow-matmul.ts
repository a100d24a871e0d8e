/**
 * Products with a narrow side: one of m, k or n is at most 4, as in chapter 18's 2 → 512 → 3
 * network on 3,000 samples (inputs · weights with k = 2, the 3-wide output layer, the dweights of
 * a 2-input layer). The general kernel spends its time there packing a large operand into
 * 16-column panels for a handful of multiply-adds per element; the loops of `narrow.wat` (beside
 * this file) read the large side once, in the order it lies in memory, two sums at a time.
 *
 * Every output is still the float64 sum over p = 0..k−1 in order, rounded once when stored, so the
 * bits equal `matmulLoop`'s.
 */
import { narrowWasmBase64 } from './narrow-wasm.ts';
import { instantiate, reserve } from './instantiate.ts';

type NumericArray = Float32Array | Float64Array;

/** The widest side this file handles. */
export const NARROW = 4;

/** The functions `narrow.wat` exports; addresses are in bytes. */
interface NarrowKernel {
  memory: WebAssembly.Memory;
  fewTerms(a: number, b: number, out: number, sums: number, m: number, k: number, n: number, w: number, out32: number): void;
  fewColumns(a: number, b: number, sums: number, m: number, k: number, transposed: number): void;
  fewRows(a: number, b: number, sums: number, m: number, k: number, n: number): void;
}

let kernel: NarrowKernel | null | undefined;

/**
 * out (m × n) = op(a) · op(b) when k, n or m is at most NARROW; `ta`/`tb` say a is stored as its
 * transpose (k × m) or b as its transpose (n × k). Returns false, doing nothing, for other shapes
 * (and where WebAssembly SIMD is unavailable).
 */
export function narrowMatmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): boolean {
  if (kernel === undefined) kernel = instantiate<NarrowKernel>(narrowWasmBase64);
  if (!kernel) return false;
  if (k <= NARROW) {
    // Few terms per output; the output is the large side and is rounded by the kernel. op(b)'s
    // rows are padded to an even length.
    const width = n + (n & 1);
    const f64 = heap(kernel, [m * k, k * width, width, Math.ceil((m * n * out.BYTES_PER_ELEMENT) / 8)]);
    const [aAt, bAt, sumsAt, outAt] = f64.offsets;
    operand(f64.view, aAt!, a, m, k, ta);
    operand(f64.view, bAt!, b, k, n, tb, width);
    kernel.fewTerms(aAt! * 8, bAt! * 8, outAt! * 8, sumsAt! * 8, m, k, n, width, out instanceof Float32Array ? 1 : 0);
    const memory = kernel.memory.buffer;
    out.set(out instanceof Float32Array ? new Float32Array(memory, outAt! * 8, m * n) : new Float64Array(memory, outAt! * 8, m * n));
    return true;
  }
  if (n <= NARROW) {
    // Few outputs per row of op(a), the large side: op(b) padded to 4 columns.
    const f64 = heap(kernel, [m * k, k * 4, m * 4]);
    const [aAt, bAt, sumsAt] = f64.offsets;
    f64.view.set(a, aAt!);
    operand(f64.view, bAt!, b, k, n, tb, 4);
    kernel.fewColumns(aAt! * 8, bAt! * 8, sumsAt! * 8, m, k, ta ? 1 : 0);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[i * n + j] = f64.view[sumsAt! + i * 4 + j]!;
    return true;
  }
  if (m <= NARROW && !tb) {
    // Few rows of output (the dweights of a layer with few inputs): op(b), the large side, is
    // read in order, its rows padded to an even length.
    const width = n + (n & 1);
    const f64 = heap(kernel, [m * k, k * width, m * width]);
    const [aAt, bAt, sumsAt] = f64.offsets;
    operand(f64.view, aAt!, a, m, k, ta);
    operand(f64.view, bAt!, b, k, n, false, width);
    kernel.fewRows(aAt! * 8, bAt! * 8, sumsAt! * 8, m, k, width);
    for (let i = 0; i < m; i++) out.set(f64.view.subarray(sumsAt! + i * width, sumsAt! + i * width + n), i * n);
    return true;
  }
  return false;
}

/** Room in the kernel's memory for arrays of these many float64s: their offsets (in float64s) and a view. */
function heap(wasm: NarrowKernel, lengths: number[]): { offsets: number[]; view: Float64Array } {
  const offsets = reserve(wasm.memory, lengths.map((length) => length * 8), 64).map((at) => at / 8);
  return { offsets, view: new Float64Array(wasm.memory.buffer) };
}

/**
 * Writes op(x) (rows × cols) in float64 at `at`, row after row `stride` apart (padding zeroed); x is
 * stored as its transpose when `transposed`.
 */
function operand(view: Float64Array, at: number, x: NumericArray, rows: number, cols: number, transposed: boolean, stride = cols): void {
  if (!transposed && stride === cols) {
    view.set(x.subarray(0, rows * cols), at);
    return;
  }
  view.fill(0, at, at + rows * stride);
  for (let r = 0; r < rows; r++) {
    if (!transposed) view.set(x.subarray(r * cols, r * cols + cols), at + r * stride);
    else for (let c = 0; c < cols; c++) view[at + r * stride + c] = x[c * rows + r]!;
  }
}
