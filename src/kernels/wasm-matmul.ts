/**
 * The fast matrix product: the hand-written WebAssembly kernel of `matmul.wat` (beside this file),
 * and the JavaScript that feeds it. It computes exactly what the plain loop in `kernels.ts`
 * computes, bit for bit: every output is a float64 sum over p = 0..k-1 in order, rounded once.
 *
 * The work, for out = op(A) · op(B):
 * 1. copy the operands into the module's memory;
 * 2. widen op(B) to float64 panels of 16 columns (`packB`);
 * 3. for a block of rows of op(A), list each row's terms as (p, value), leaving out zeros (`packA`);
 * 4. run the kernel over every panel (`gemm16`/`gemm8`), then round into the output (`unpack`).
 * When op(B) is the sparser side (a gradient after ReLU), it computes outᵀ = op(B)ᵀ · op(A)ᵀ
 * instead: the same sums in the same order, so the same result.
 */
import { matmulWasmBase64 } from './matmul-wasm.ts';
import { instantiate } from './instantiate.ts';

type NumericArray = Float32Array | Float64Array;

/** The functions `matmul.wat` exports; addresses and strides are in bytes. */
interface MatmulKernel {
  memory: WebAssembly.Memory;
  packB(src: number, dst: number, k: number, cols: number, w: number, sp: number, sj: number, f64: number): number;
  packB32Rows(src: number, dst: number, k: number, sp: number, w: number): number;
  packB32Columns(src: number, dst: number, k: number, sj: number, w: number): number;
  packA(src: number, rowptr: number, idx: number, val: number, rows: number, k: number,
    si: number, sp: number, f64: number, skip: number): void;
  packA32Rows(src: number, rowptr: number, idx: number, val: number, rows: number, k: number, si: number): void;
  gemm16(rowptr: number, idx: number, val: number, panel: number, c: number, rows: number, ldc: number): void;
  gemm8(rowptr: number, idx: number, val: number, panel: number, c: number, rows: number, ldc: number): void;
  unpack(c: number, ldc: number, dst: number, rows: number, n: number, si: number, sj: number, f64: number): void;
  unpack32Rows(c: number, ldc: number, dst: number, rows: number, n: number, si: number): void;
  gemv32Rows(a: number, b: number, out: number, k: number, n: number, sp: number): void;
}

let kernel: MatmulKernel | null | undefined;

/** The compiled kernel, or null where WebAssembly SIMD is not available. */
export function wasmKernel(): MatmulKernel | null {
  if (kernel === undefined) kernel = instantiate<MatmulKernel>(matmulWasmBase64);
  return kernel;
}

/** Where op(X)(row, col) sits in X's typed array: offset + row·rowStride + col·colStride (elements). */
interface Operand {
  data: NumericArray;
  rowStride: number;
  colStride: number;
}

/** Total width of the panels that cover n columns: 16 each, the last 8 wide if at most 8 remain. */
function paddedWidth(n: number): number {
  const rest = n % 16;
  return n - rest + (rest === 0 ? 0 : rest <= 8 ? 8 : 16);
}

/** The share of zeros in an array, estimated from about a hundred evenly spread elements. */
function zeroShare(x: NumericArray): number {
  const step = Math.max(1, Math.floor(x.length / 97));
  let zeros = 0;
  let seen = 0;
  for (let i = 0; i < x.length; i += step, seen++) if (x[i] === 0) zeros++;
  return seen ? zeros / seen : 0;
}

/**
 * The cost, in multiply-add units, of listing the terms of `x` as the left operand when consecutive
 * terms of a row are `step` elements apart: one unit per element in order, far more when each
 * element sits on another cache line of an operand too large for the cache.
 */
function packCost(x: NumericArray, step: number): number {
  return step === 1 || x.byteLength <= 262144 ? x.length : x.length * 16;
}

function align(bytes: number): number {
  return (bytes + 63) & ~63;
}

/** Copies a typed array's bytes to `at` in the module's memory. */
function copyIn(memory: ArrayBuffer, at: number, x: NumericArray): void {
  new Uint8Array(memory, at, x.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}

/**
 * out (m × n) = op(a) · op(b) with the WebAssembly kernel; `ta`/`tb` say a is stored as its
 * transpose (k × m) or b as its transpose (n × k). Returns false, doing nothing, where the kernel
 * is not available.
 */
export function wasmMatmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean,
): boolean {
  const wasm = wasmKernel();
  if (!wasm) return false;
  if (m === 1 && !tb && a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
    singleRow(wasm, a, b, out, k, n);
    return true;
  }
  const opA: Operand = { data: a, rowStride: ta ? 1 : k, colStride: ta ? m : 1 };
  const opB: Operand = { data: b, rowStride: tb ? 1 : n, colStride: tb ? k : 1 };
  let left = opA;
  let right = opB;
  let outRowStride = n;
  let outColStride = 1;
  let rows = m;
  let cols = n;
  // Zeros of the left side are skipped: put the sparser operand there (outᵀ = op(b)ᵀ · op(a)ᵀ),
  // unless that means reading a large left side across its rows (a column at a time), which
  // misses the cache on every element and costs more than the zeros save (chapter 18's
  // dweights = inputsᵀ · dvalues once most ReLUs are off).
  const zerosA = zeroShare(a);
  const zerosB = zeroShare(b);
  const keepCost = m * k * paddedWidth(n) * (1 - zerosA) + packCost(a, opA.colStride);
  const swapCost = n * k * paddedWidth(m) * (1 - zerosB) + packCost(b, opB.rowStride);
  const swap = swapCost < keepCost;
  if (swap) {
    left = { data: b, rowStride: opB.colStride, colStride: opB.rowStride };
    right = { data: a, rowStride: opA.colStride, colStride: opA.rowStride };
    outRowStride = 1;
    outColStride = n;
    rows = n;
    cols = m;
  }
  const leftZeros = swap ? zerosB : zerosA;
  const ea = left.data.BYTES_PER_ELEMENT;
  const eb = right.data.BYTES_PER_ELEMENT;
  const eo = out.BYTES_PER_ELEMENT;
  const width = paddedWidth(cols);
  // Rows of op(left) are done in blocks whose packed terms stay in the cache with a panel.
  const block = Math.min(rows, Math.max(4, Math.floor(524288 / (k * 12))));
  // A left side whose rows lie one after another is copied a block at a time, else whole.
  const rowsInOrder = left.colStride === 1 && left.rowStride === k;
  const blockOut = !swap; // the output block is whole rows of out only when not swapped

  let top = 0;
  const reserve = (bytes: number): number => {
    const at = top;
    top += align(bytes);
    return at;
  };
  const leftAt = reserve((rowsInOrder ? block * k : left.data.length) * ea);
  const rightAt = reserve(right.data.length * eb);
  const panelsAt = reserve(k * width * 8);
  const rowptrAt = reserve((block + 1) * 4);
  const idxAt = reserve(block * k * 4);
  const valAt = reserve(block * k * 8);
  const sumsAt = reserve(block * width * 8);
  const outAt = reserve((blockOut ? block * n : m * n) * eo);
  const pages = Math.ceil((top - wasm.memory.buffer.byteLength) / 65536);
  if (pages > 0) wasm.memory.grow(pages);
  const memory = wasm.memory.buffer;

  copyIn(memory, rightAt, right.data);
  if (!rowsInOrder) copyIn(memory, leftAt, left.data);

  // 2. op(right) as float64 panels; a value that is not finite turns the skipping of zeros off.
  let notFinite = 0;
  const rowsOfB = eb === 4 && right.colStride === 1;
  const columnsOfB = eb === 4 && right.rowStride === 1 && k % 4 === 0;
  for (let j0 = 0, at = panelsAt; j0 < cols;) {
    const w = cols - j0 <= 8 ? 8 : 16;
    if (rowsOfB && j0 + w <= cols) {
      notFinite |= wasm.packB32Rows(rightAt + j0 * 4, at, k, right.rowStride * 4, w);
    } else if (columnsOfB && j0 + w <= cols) {
      notFinite |= wasm.packB32Columns(rightAt + j0 * right.colStride * 4, at, k, right.colStride * 4, w);
    } else {
      notFinite |= wasm.packB(rightAt + j0 * right.colStride * eb, at, k, Math.min(w, cols - j0), w,
        right.rowStride * eb, right.colStride * eb, eb === 8 ? 1 : 0);
    }
    at += k * w * 8;
    j0 += w;
  }
  const skip = notFinite === 0 && leftZeros > 0.1;
  const fastA = !skip && rowsInOrder && ea === 4 && k % 4 === 0;

  for (let i0 = 0; i0 < rows; i0 += block) {
    const count = Math.min(block, rows - i0);
    // 3. the terms of each row of this block
    let src = leftAt + i0 * left.rowStride * ea;
    if (rowsInOrder) {
      const from = left.data.subarray(i0 * k, (i0 + count) * k);
      copyIn(memory, leftAt, from);
      src = leftAt;
    }
    if (fastA) wasm.packA32Rows(src, rowptrAt, idxAt, valAt, count, k, k * 4);
    else wasm.packA(src, rowptrAt, idxAt, valAt, count, k, left.rowStride * ea, left.colStride * ea, ea === 8 ? 1 : 0, skip ? 1 : 0);
    // 4. every panel, then round into the output
    for (let j0 = 0, at = panelsAt; j0 < cols;) {
      const w = cols - j0 <= 8 ? 8 : 16;
      if (w === 16) wasm.gemm16(rowptrAt, idxAt, valAt, at, sumsAt + j0 * 8, count, width * 8);
      else wasm.gemm8(rowptrAt, idxAt, valAt, at, sumsAt + j0 * 8, count, width * 8);
      at += k * w * 8;
      j0 += w;
    }
    const dst = blockOut ? outAt : outAt + i0 * outRowStride * eo;
    let done = 0;
    if (eo === 4 && outColStride === 1) {
      wasm.unpack32Rows(sumsAt, width * 8, dst, count, cols, outRowStride * 4);
      done = cols & ~3;
    }
    wasm.unpack(sumsAt + done * 8, width * 8, dst + done * eo, count, cols - done, outRowStride * eo, outColStride * eo, eo === 8 ? 1 : 0);
    if (blockOut) out.set(view(out, memory, outAt, count * n), i0 * n);
  }
  if (!blockOut) out.set(view(out, memory, outAt, m * n));
  return true;
}

/** A typed array of out's kind over the module's memory. */
function view(like: NumericArray, memory: ArrayBuffer, at: number, length: number): NumericArray {
  return like instanceof Float64Array ? new Float64Array(memory, at, length) : new Float32Array(memory, at, length);
}

/** out (1 × n) = a (1 × k) · b (k × n), all float32: one sample through a layer, B widened as it is read. */
function singleRow(wasm: MatmulKernel, a: Float32Array, b: Float32Array, out: Float32Array, k: number, n: number): void {
  const aAt = 0;
  const bAt = align(k * 4);
  const sumsAt = bAt + align(k * n * 4);
  const outAt = sumsAt + align(n * 8);
  const pages = Math.ceil((outAt + n * 4 - wasm.memory.buffer.byteLength) / 65536);
  if (pages > 0) wasm.memory.grow(pages);
  const memory = wasm.memory.buffer;
  copyIn(memory, aAt, a);
  copyIn(memory, bAt, b);
  wasm.gemv32Rows(aAt, bAt, sumsAt, k, n, n * 4);
  wasm.unpack32Rows(sumsAt, n * 8, outAt, 1, n, n * 4);
  const done = n & ~3;
  wasm.unpack(sumsAt + done * 8, n * 8, outAt + done * 4, 1, n - done, n * 4, 4, 0);
  out.set(new Float32Array(memory, outAt, n));
}
