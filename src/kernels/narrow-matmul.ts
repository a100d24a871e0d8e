/**
 * Products with a narrow side: one of m, k or n is at most 4, as in chapter 18's 2 → 512 → 3
 * network on 3,000 samples (inputs · weights with k = 2, the 3-wide output layer, the dweights of
 * a 2-input layer). The general kernel spends its time there packing a large operand into
 * 16-column panels for a handful of multiply-adds per element; the loops of `narrow.wat` (beside
 * this file) read the large side once, in the order it lies in memory, two sums at a time.
 *
 * Every output is still the float64 sum over p = 0..k−1 in order, rounded once when stored, so the
 * bits equal `matmulLoop`'s. A large product's sums are added in NumPy's blocks (`dotBlocks` in
 * kernels.ts), which the kernel is given, so it reads the large side once, in place.
 */
import { narrowFusedWasmBase64, narrowWasmBase64 } from './narrow-wasm.ts';
import { KernelModule, spaceFor, type Space } from './heap.ts';

type NumericArray = Float32Array | Float64Array;

/** The widest side this file handles. */
export const NARROW = 4;

/**
 * The functions `narrow.wat` exports; addresses are in bytes. `out32` is 1 for a float32 output
 * (rounded by the kernel); `blocks` holds `count` int32 lengths, the blocks each sum is added in.
 */
interface NarrowKernel {
  fewTerms(a: number, b: number, out: number, m: number, k: number, n: number, out32: number): void;
  fewColumns(a: number, b: number, out: number, sums: number, m: number, k: number, n: number, out32: number, blocks: number, count: number): void;
  fewColumnsTransposed(a: number, b: number, out: number, sums: number, totals: number,
    m: number, n: number, out32: number, blocks: number, count: number): void;
  fewRows(a: number, b: number, out: number, sums: number, totals: number,
    m: number, n: number, w: number, out32: number, blocks: number, count: number): void;
}

const narrow = new KernelModule<NarrowKernel>(narrowWasmBase64, narrowFusedWasmBase64);

/**
 * out (m × n) = op(a) · op(b) when k, n or m is at most NARROW; `ta`/`tb` say a is stored as its
 * transpose (k × m) or b as its transpose (n × k). Each sum is added in `blocks` (lengths adding
 * up to k; the default, one block, adds it in order). Returns false, doing nothing, for other
 * shapes (few rows of output from a transposed b) and where WebAssembly SIMD is unavailable.
 *
 * The large side is read where it lies when it is a float64 array in the kernels' memory (a
 * Model's kept matrices, see heap.ts), and the output written there when it lies there; anything
 * else is laid out in scratch space as float64.
 */
export function narrowMatmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean, blocks: readonly number[] = [k],
): boolean {
  const space = spaceFor([a, b, out]);
  // Float32 operands' products are exact in float64: the fused twin gives the same sums.
  const kernel = space && narrow.on(space, a instanceof Float32Array && b instanceof Float32Array);
  if (!space || !kernel) return false;
  const out32 = out instanceof Float32Array ? 1 : 0;
  if (k <= NARROW) {
    // Few terms per output (never in blocks: k is small); the output is the large side. op(b) is
    // laid out by fours of columns (`columnFours`).
    const aIn = inPlace(space, a, !ta);
    const place = scratchFor(space, [aIn < 0 ? m * k * 8 : 0, Math.ceil(n / 4) * 128], [k], out, m * n);
    if (!place) return false;
    const [aAt, bAt] = [aIn < 0 ? place.at[0]! : aIn, place.at[1]!];
    const view = new Float64Array(space.bytes());
    if (aIn < 0) operand(view, aAt / 8, a, m, k, ta);
    columnFours(view, bAt / 8, b, k, n, tb);
    kernel.fewTerms(aAt, bAt, place.outAt, m, k, n, out32);
    place.done();
    return true;
  }
  if (n <= NARROW) {
    // Few outputs per row of op(a), the large side, read in place: as stored (m × k), or stored
    // transposed (k × m) and then read term by term. op(b) padded to 4 columns.
    const aIn = inPlace(space, a, true);
    const place = scratchFor(space, [aIn < 0 ? m * k * 8 : 0, k * 4 * 8, ta ? m * 32 : 128, ta ? m * 32 : 0], blocks, out, m * n);
    if (!place) return false;
    const [aAt, bAt, sumsAt, totalsAt] = [aIn < 0 ? place.at[0]! : aIn, place.at[1]!, place.at[2]!, place.at[3]!];
    const view = new Float64Array(space.bytes());
    if (aIn < 0) view.set(a.subarray(0, m * k), aAt / 8);
    operand(view, bAt / 8, b, k, n, tb, 4);
    if (ta) kernel.fewColumnsTransposed(aAt, bAt, place.outAt, sumsAt, totalsAt, m, n, out32, place.blocksAt, blocks.length);
    else kernel.fewColumns(aAt, bAt, place.outAt, sumsAt, m, k, n, out32, place.blocksAt, blocks.length);
    place.done();
    return true;
  }
  if (m <= NARROW && !tb) {
    // Few rows of output (the dweights of a layer with few inputs): op(b), the large side, is
    // read in order, its rows padded to an even length; op(a) is laid out term by term (k × m).
    const width = n + (n & 1);
    const bIn = inPlace(space, b, width === n);
    const place = scratchFor(space, [m * k * 8, bIn < 0 ? k * width * 8 : 0, width * 32, width * 32], blocks, out, m * n);
    if (!place) return false;
    const [aAt, bAt, sumsAt, totalsAt] = [place.at[0]!, bIn < 0 ? place.at[1]! : bIn, place.at[2]!, place.at[3]!];
    const view = new Float64Array(space.bytes());
    operand(view, aAt / 8, a, k, m, !ta);
    if (bIn < 0) operand(view, bAt / 8, b, k, n, false, width);
    kernel.fewRows(aAt, bAt, place.outAt, sumsAt, totalsAt, m, n, width, out32, place.blocksAt, blocks.length);
    place.done();
    return true;
  }
  return false;
}

/**
 * Scratch regions of these sizes (bytes), then the blocks' lengths (written, int32) and room for
 * the output unless it is in the kernels' memory; `done` copies the output out of scratch. Null
 * if they do not fit.
 */
function scratchFor(space: Space, sizes: number[], blocks: readonly number[], out: NumericArray, length: number):
  { at: number[]; blocksAt: number; outAt: number; done(): void } | null {
  const outIn = space.address(out);
  const at = space.scratch([...sizes, blocks.length * 4, outIn < 0 ? length * out.BYTES_PER_ELEMENT : 0]);
  if (!at) return null;
  const [blocksAt, outAt] = [at[sizes.length]!, outIn < 0 ? at[sizes.length + 1]! : outIn];
  new Int32Array(space.bytes(), blocksAt, blocks.length).set(blocks);
  return {
    at, blocksAt, outAt,
    done() {
      if (outIn >= 0) return;
      const bytes = space.bytes();
      out.set(out instanceof Float32Array ? new Float32Array(bytes, outAt, length) : new Float64Array(bytes, outAt, length));
    },
  };
}

/** x's address when the kernel can read it in place (float64, in the kernels' memory, laid out as it needs), else -1. */
function inPlace(space: Space, x: NumericArray, laidOut: boolean): number {
  return laidOut && x instanceof Float64Array ? space.address(x) : -1;
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
    const row = at + r * stride;
    // A view per row pays off on long rows only (a narrow operand has thousands of short ones).
    if (!transposed && cols > 16) view.set(x.subarray(r * cols, r * cols + cols), row);
    else for (let c = 0; c < cols; c++) view[row + c] = transposed ? x[c * rows + r]! : x[r * cols + c]!;
  }
}

/**
 * Writes op(x) (k × n, k ≤ 4) in float64 at `at` by fours of columns, as fewTerms reads it: for
 * each four, 16 values (its values in term 0, 1, 2, 3), zero where a term or column is missing.
 */
function columnFours(view: Float64Array, at: number, x: NumericArray, k: number, n: number, transposed: boolean): void {
  view.fill(0, at, at + Math.ceil(n / 4) * 16);
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < n; j++) view[at + (j >> 2) * 16 + p * 4 + (j & 3)] = transposed ? x[j * k + p]! : x[p * n + j]!;
  }
}
