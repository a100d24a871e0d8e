/**
 * The fast matrix product: the hand-written WebAssembly kernel of `matmul.wat` (beside this file),
 * and the JavaScript that feeds it. It computes exactly what the plain loop in `kernels.ts`
 * computes, bit for bit: every output is a float64 sum over p = 0..k-1 in order, rounded once.
 *
 * The work, for out = op(A) · op(B):
 * 1. find the operands in the kernels' memory (heap.ts: a Model's kept matrices are there already,
 *    others are copied in);
 * 2. widen op(B) to float64 panels of 16 columns (`packB`; float32 rows or columns with SIMD);
 * 3. for a block of rows of op(A), list each row's terms as (p, value), leaving out zeros when
 *    they are a large enough share (`packA`; float32 with SIMD, a transpose copied out first);
 * 4. run the kernel over every panel (`gemm16`/`gemm8`), then round into the output (`unpack`).
 * Given NumPy's blocks of terms (kernels.ts, `dotBlocks`), steps 3 and 4 run for each block on its
 * rows of the panels (packed once), each block's sums from zero, added in order (`addSums`), then
 * rounded once.
 * When op(B) is the sparser side (a gradient after ReLU), it computes outᵀ = op(B)ᵀ · op(A)ᵀ
 * instead: the same sums in the same order, so the same result.
 */
import { matmulFusedWasmBase64, matmulWasmBase64 } from './matmul-wasm.ts';
import { copyIn, heapAddress, heapBytes, KernelModule, scratch, spaceFor, type Space } from './heap.ts';
import { sharedKernel, runUnits, KIND_FIELD, MAX_UNITS, RECORD, TABLE_AT, UNIT_FUSED, UNIT_PRODUCT, type SharedKernel } from './matmul-threads.ts';
import { fusedMultiplyAdd } from './fused-multiply-add.ts';

type NumericArray = Float32Array | Float64Array;

/** The functions `matmul.wat` exports; addresses and strides are in bytes. */
export interface MatmulKernel {
  packB(src: number, dst: number, k: number, cols: number, w: number, sp: number, sj: number, f64: number): number;
  packB32Rows(src: number, dst: number, k: number, sp: number, w: number): number;
  packB32Columns(src: number, dst: number, k: number, sj: number, w: number): number;
  packA(src: number, rowptr: number, idx: number, val: number, rows: number, k: number,
    si: number, sp: number, f64: number, skip: number): void;
  packA32Rows(src: number, rowptr: number, idx: number, val: number, rows: number, k: number, si: number): void;
  packA32Skip(src: number, rowptr: number, idx: number, val: number, rows: number, k: number, si: number, table: number): void;
  transpose32(src: number, dst: number, rows: number, k: number, sp: number): void;
  gemm16(rowptr: number, idx: number, val: number, panel: number, c: number, rows: number, ldc: number): void;
  gemm8(rowptr: number, idx: number, val: number, panel: number, c: number, rows: number, ldc: number): void;
  unpack(c: number, ldc: number, dst: number, rows: number, n: number, si: number, sj: number, f64: number): void;
  roundInto(c: number, ldc: number, dst: number, rows: number, n: number, si: number, sj: number, f64: number): void;
  unpack32Rows(c: number, ldc: number, dst: number, rows: number, n: number, si: number): void;
  unpack32Columns(c: number, ldc: number, dst: number, rows: number, n: number, sj: number): void;
  gemv32Rows(a: number, b: number, out: number, k: number, n: number, sp: number): void;
  runUnit(record: number): void;
  gemmDense2x8(val: number, strip: number, c: number, rows: number, ldc: number, k: number, pstride: number): void;
  addSums(dst: number, src: number, bytes: number): void;
}

/** Whether dense rows go two at a time through gemmDense2x8 (true) or one at a time through gemm16/gemm8. */
let denseTile = true;

/** Switches the two-row kernel for dense rows off and on, to measure it against gemm16 (same bits either way). */
export function setDenseTile(on: boolean): void {
  denseTile = on;
}

/** Whether float32 left sides are listed by the SIMD packers (packA32Skip, transpose32) or by the scalar packA. */
let fastPack = true;

/** Switches the SIMD packing of float32 left sides off and on, to measure it (same lists either way). */
export function setFastPack(on: boolean): void {
  fastPack = on;
}

/** Bytes of scratch packRows needs beside the lists: the shuffle table, and room for `elements` f32 of a transposed left side. */
function packScratch(plan: Plan, elements: number): [number, number] {
  return [256, transposedLeft(plan) ? elements * 4 : 0];
}

/** Whether the left side is float32 read across its rows (its rows side by side: a transpose read in place). */
function transposedLeft(plan: Plan): boolean {
  return fastPack && plan.left.data.BYTES_PER_ELEMENT === 4 && plan.left.rowStride === 1 && plan.left.colStride !== 1;
}

/** Whether the packing of a two-thread product runs as units on both threads (true) or before them on this one. */
let packOnThreads = true;

/** Switches the packing on both threads off and on, to measure it (same bits either way). */
export function setPackOnThreads(on: boolean): void {
  packOnThreads = on;
}

/**
 * Zeros on the left are skipped when their estimated share is above this: with fused multiply-adds
 * (float32 operands) the dense kernel's terms cost less, and skipping pays only from about 30%
 * (bench/NOTES.md, entry 28); without, from about 10%.
 */
function skipAbove(fused: boolean): number {
  return fused && fusedThreshold ? 0.3 : 0.1;
}

let fusedThreshold = true;

/** Switches the higher share for fused products off and on, to measure it (same bits either way). */
export function setFusedSkipThreshold(on: boolean): void {
  fusedThreshold = on;
}

const matmulModule = new KernelModule<MatmulKernel>(matmulWasmBase64, matmulFusedWasmBase64);

/** The compiled kernel (on the memory of a call with ordinary arrays), or null where WebAssembly SIMD is not available. */
export function wasmKernel(): MatmulKernel | null {
  const space = spaceFor([]);
  return space && matmulModule.on(space);
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

/** Products with at least this many multiply-adds are split between two threads where there are two. */
const THREADED_PRODUCT = 1 << 20;

/**
 * out (m × n) = op(a) · op(b) with the WebAssembly kernel; `ta`/`tb` say a is stored as its
 * transpose (k × m) or b as its transpose (n × k). With `blocks` (lengths adding up to k), each
 * output is ((+0 + s₁) + s₂) + … rounded once, s_b the in-order sum of block b's terms from zero
 * (NumPy's blocks); without, the in-order sum of all k terms. Returns false, doing nothing, where
 * the kernel is not available.
 */
export function wasmMatmul(
  a: NumericArray, b: NumericArray, out: NumericArray,
  m: number, k: number, n: number, ta: boolean, tb: boolean, blocks: readonly number[] = [k],
): boolean {
  const space = spaceFor([a, b, out]);
  // Products of float32 values are exact in float64: a fused multiply-add then gives the same sums.
  const fused = a instanceof Float32Array && b instanceof Float32Array && fusedMultiplyAdd();
  const wasm = space && matmulModule.on(space, fused);
  if (!space || !wasm) return false;
  if (m === 1 && !tb && a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
    return blocks.length === 1 && singleRow(wasm, space, a, b, out, k, n);
  }
  const plan = planProduct(a, b, m, k, n, ta, tb, blocks);
  if (m * k * n >= THREADED_PRODUCT) {
    const shared = sharedKernel();
    if (shared && twoThreads(shared, [{ plan, out, fused: fused && shared.fused !== null }])) return true;
  }
  return oneThread(wasm, space, plan, out, fused);
}

/** A product's arguments, as `matmul` (kernels.ts) takes them. */
export interface MatmulCall {
  a: NumericArray;
  b: NumericArray;
  out: NumericArray;
  m: number;
  k: number;
  n: number;
  ta: boolean;
  tb: boolean;
}

/** One product of `wasmMatmulTogether`: `wasmMatmul`'s arguments. */
export interface BlockedMatmulCall extends MatmulCall {
  blocks: readonly number[];
}

/** Independent products with at least this many multiply-adds in all run together on two threads. */
const TOGETHER_PRODUCTS = 1 << 20;

/**
 * Independent products (a layer's dweights and dinputs), each exactly as `wasmMatmul` computes it,
 * in one table for both threads, so they meet once for all and share the work whatever its sizes.
 * Returns false where that cannot be (no second thread, too few multiply-adds, a single-row
 * product, or a worker that failed meanwhile): the caller then computes them one by one, writing
 * every output anew.
 */
export function wasmMatmulTogether(calls: readonly BlockedMatmulCall[]): boolean {
  if (calls.reduce((sum, { m, k, n }) => sum + m * k * n, 0) < TOGETHER_PRODUCTS || calls.some(({ m }) => m === 1)) return false;
  const shared = sharedKernel();
  if (!shared || !calls.every(({ a, b, out }) => spaceFor([a, b, out]))) return false;
  return twoThreads(shared, calls.map(({ a, b, out, m, k, n, ta, tb, blocks }) => ({
    plan: planProduct(a, b, m, k, n, ta, tb, blocks),
    out,
    fused: a instanceof Float32Array && b instanceof Float32Array && fusedMultiplyAdd() && shared.fused !== null,
  })));
}

/** How a product is laid out for the kernel: which operand is on the left, and where results go. */
interface Plan {
  left: Operand;
  right: Operand;
  /** Rows of op(left) and columns of op(right), i.e. of the (possibly transposed) output. */
  rows: number;
  cols: number;
  k: number;
  m: number;
  n: number;
  /** Whether the output is computed as its transpose (op(b)ᵀ · op(a)ᵀ). */
  swap: boolean;
  outRowStride: number;
  outColStride: number;
  /** The estimated share of zeros on the left. */
  leftZeros: number;
  /** Columns rounded up to whole panels. */
  width: number;
  /** Rows of the left side packed at a time, so that their terms stay in the cache with a panel. */
  block: number;
  /** The blocks of terms (lengths adding up to k), each summed from zero, the sums added in order. */
  terms: readonly number[];
}

function planProduct(
  a: NumericArray, b: NumericArray, m: number, k: number, n: number, ta: boolean, tb: boolean, terms: readonly number[],
): Plan {
  const opA: Operand = { data: a, rowStride: ta ? 1 : k, colStride: ta ? m : 1 };
  const opB: Operand = { data: b, rowStride: tb ? 1 : n, colStride: tb ? k : 1 };
  // Zeros of the left side are skipped: put the sparser operand there (outᵀ = op(b)ᵀ · op(a)ᵀ),
  // unless that means reading a large left side across its rows (a column at a time), which
  // misses the cache on every element and costs more than the zeros save (chapter 18's
  // dweights = inputsᵀ · dvalues once most ReLUs are off).
  const zerosA = zeroShare(a);
  const zerosB = zeroShare(b);
  const keepCost = m * k * paddedWidth(n) * (1 - zerosA) + packCost(a, opA.colStride);
  const swapCost = n * k * paddedWidth(m) * (1 - zerosB) + packCost(b, opB.rowStride);
  const swap = swapCost < keepCost;
  const rows = swap ? n : m;
  const cols = swap ? m : n;
  return {
    left: swap ? { data: b, rowStride: opB.colStride, colStride: opB.rowStride } : opA,
    right: swap ? { data: a, rowStride: opA.colStride, colStride: opA.rowStride } : opB,
    rows, cols, k, m, n, swap,
    outRowStride: swap ? 1 : n,
    outColStride: swap ? n : 1,
    leftZeros: swap ? zerosB : zerosA,
    width: paddedWidth(cols),
    block: Math.min(rows, Math.max(4, Math.floor(524288 / (k * 12)))),
    terms,
  };
}

/** Whether the left side's rows lie one after another in its array. */
function rowsInOrder(plan: Plan): boolean {
  return plan.left.colStride === 1 && plan.left.rowStride === plan.k;
}

/** How one panel of op(right) is packed: by which packer (0 packB, 1 packB32Rows, 2 packB32Columns), from where. */
interface PanelPacking {
  mode: 0 | 1 | 2;
  src: number;
  cols: number;
  w: number;
  sp: number;
  sj: number;
  f64: number;
}

/** The panel of op(right) (copied to `rightAt`) that starts at column j0. */
function panelPacking(plan: Plan, rightAt: number, j0: number): PanelPacking {
  const { right, k, cols } = plan;
  const eb = right.data.BYTES_PER_ELEMENT;
  const w = cols - j0 <= 8 ? 8 : 16;
  const whole = j0 + w <= cols;
  const mode = eb === 4 && whole && right.colStride === 1 ? 1 : eb === 4 && whole && right.rowStride === 1 && k % 4 === 0 ? 2 : 0;
  return {
    mode, src: rightAt + j0 * right.colStride * eb, cols: Math.min(w, cols - j0), w,
    sp: right.rowStride * eb, sj: right.colStride * eb, f64: eb === 8 ? 1 : 0,
  };
}

/** 2. op(right), copied to `rightAt`, as float64 panels at `panelsAt`; returns 1 if a value is not finite. */
function packPanels(wasm: MatmulKernel, plan: Plan, rightAt: number, panelsAt: number): number {
  const { k, cols } = plan;
  let notFinite = 0;
  for (let j0 = 0, at = panelsAt; j0 < cols;) {
    const { mode, src, cols: c, w, sp, sj, f64 } = panelPacking(plan, rightAt, j0);
    if (mode === 1) notFinite |= wasm.packB32Rows(src, at, k, sp, w);
    else if (mode === 2) notFinite |= wasm.packB32Columns(src, at, k, sj, w);
    else notFinite |= wasm.packB(src, at, k, c, w, sp, sj, f64);
    at += k * w * 8;
    j0 += w;
  }
  return notFinite;
}

/** How the terms of a block of rows of the left side are listed: by which packer (0 packA, 1 packA32Rows, 2 packA32Skip), from where. */
interface LeftPacking {
  mode: 0 | 1 | 2;
  from: number;
  si: number;
  sp: number;
  f64: number;
  /** Whether the rows are first copied out in order (transpose32), then listed from the copy. */
  transpose: boolean;
}

/** Terms p0 .. p0 + len − 1 of rows of the left side whose first row starts at `src`. */
function leftPacking(plan: Plan, src: number, p0: number, len: number, skip: boolean): LeftPacking {
  const { left } = plan;
  const ea = left.data.BYTES_PER_ELEMENT;
  const transpose = transposedLeft(plan);
  const inOrder32 = ea === 4 && (transpose || left.colStride === 1);
  return {
    mode: inOrder32 && skip && fastPack ? 2 : inOrder32 && !skip && len % 4 === 0 ? 1 : 0,
    from: src + p0 * left.colStride * ea, si: left.rowStride * ea, sp: left.colStride * ea, f64: ea === 8 ? 1 : 0, transpose,
  };
}

/**
 * 3. Terms p0 .. p0 + len − 1 of `count` rows of the left side whose row starts at `src`, zeros
 * left out if `skip`; their offsets are from row p0 of a panel. `tableAt` is 256 bytes of scratch,
 * `tempAt` room for count × len f32 when the left side is a float32 transpose (`packScratch`).
 */
function packRows(
  wasm: MatmulKernel, plan: Plan, src: number, rowptrAt: number, idxAt: number, valAt: number, count: number, skip: boolean,
  p0: number, len: number, tableAt: number, tempAt: number,
): void {
  const { mode, f64, transpose, ...at } = leftPacking(plan, src, p0, len, skip);
  let { from, si, sp } = at;
  if (transpose) {
    // rows side by side: copied out as rows in order first
    wasm.transpose32(from, tempAt, count, len, sp);
    [from, si, sp] = [tempAt, len * 4, 4];
  }
  if (mode === 2) wasm.packA32Skip(from, rowptrAt, idxAt, valAt, count, len, si, tableAt);
  else if (mode === 1) wasm.packA32Rows(from, rowptrAt, idxAt, valAt, count, len, si);
  else wasm.packA(from, rowptrAt, idxAt, valAt, count, len, si, sp, f64, skip ? 1 : 0);
}

/**
 * Where an operand is found: its own address when it is in the space's memory (a Model's kept
 * matrices, heap.ts), else the scratch region it is copied to (`copied`).
 */
function placeOf(space: Space, x: NumericArray, copied: number): number {
  const at = space.address(x);
  return at >= 0 ? at : copied;
}

/** The product on this thread, a block of rows at a time in a small amount of memory. */
function oneThread(wasm: MatmulKernel, space: Space, plan: Plan, out: NumericArray, fused: boolean): boolean {
  const { left, right, rows, cols, k, m, n, swap, width, block, outRowStride, outColStride, terms } = plan;
  const ea = left.data.BYTES_PER_ELEMENT;
  const eb = right.data.BYTES_PER_ELEMENT;
  const eo = out.BYTES_PER_ELEMENT;
  // A left side whose rows lie one after another is copied a block at a time, else whole.
  const inOrder = rowsInOrder(plan);
  const blockOut = !swap; // the output block is whole rows of out only when not swapped

  // Operands and the output in the space's memory are used where they are; others are copied.
  const leftHome = space.address(left.data);
  const rightHome = space.address(right.data);
  const outHome = space.address(out);
  const leftCopy = leftHome >= 0 ? 0 : (inOrder ? block * k : left.data.length) * ea;
  const regions = space.scratch([leftCopy, rightHome >= 0 ? 0 : right.data.length * eb, k * width * 8, (block + 1) * 4,
    block * k * 4, block * k * 8, block * width * 8, outHome >= 0 ? 0 : (blockOut ? block * n : m * n) * eo,
    terms.length > 1 ? block * width * 8 : 0, ...packScratch(plan, block * k)]);
  if (!regions) return false;
  const [leftScratch, rightScratch, panelsAt, rowptrAt, idxAt, valAt, sumsAt, outScratch, partAt, tableAt, tempAt] = regions as [number, number, number, number, number, number, number, number, number, number, number];
  const rightAt = placeOf(space, right.data, rightScratch);
  const memory = space.bytes();

  if (rightHome < 0) copyIn(memory, rightAt, right.data);
  if (!inOrder && leftHome < 0) copyIn(memory, leftScratch, left.data);
  const leftAt = leftHome >= 0 ? leftHome : leftScratch;
  const notFinite = packPanels(wasm, plan, rightAt, panelsAt);
  // A value of op(right) that is not finite turns the skipping of zeros off (0·∞ is NaN).
  const skip = notFinite === 0 && plan.leftZeros > skipAbove(fused);

  for (let i0 = 0; i0 < rows; i0 += block) {
    const count = Math.min(block, rows - i0);
    let src = leftAt + i0 * left.rowStride * ea;
    if (inOrder && leftHome < 0) {
      copyIn(memory, leftScratch, left.data.subarray(i0 * k, (i0 + count) * k));
      src = leftScratch;
    }
    // 3 and 4 for each block of terms: the first block's sums are the total (+0 + s is s, as a sum
    // from +0 is never −0), each later block's are added to it.
    for (let t = 0, p0 = 0; t < terms.length; p0 += terms[t]!, t++) {
      const len = terms[t]!;
      const c = t === 0 ? sumsAt : partAt;
      packRows(wasm, plan, src, rowptrAt, idxAt, valAt, count, skip, p0, len, tableAt, tempAt);
      // every panel, from its row p0
      for (let j0 = 0, at = panelsAt; j0 < cols;) {
        const w = cols - j0 <= 8 ? 8 : 16;
        const from = at + p0 * w * 8;
        if (!skip && denseTile) {
          for (let h = 0; h < w; h += 8) wasm.gemmDense2x8(valAt, from + h * 8, c + (j0 + h) * 8, count, width * 8, len, w * 8);
        } else if (w === 16) wasm.gemm16(rowptrAt, idxAt, valAt, from, c + j0 * 8, count, width * 8);
        else wasm.gemm8(rowptrAt, idxAt, valAt, from, c + j0 * 8, count, width * 8);
        at += k * w * 8;
        j0 += w;
      }
      if (t > 0) wasm.addSums(sumsAt, partAt, count * width * 8);
    }
    // then round into the output
    const dst = outHome >= 0 ? outHome + i0 * outRowStride * eo : blockOut ? outScratch : outScratch + i0 * outRowStride * eo;
    roundInto(wasm, sumsAt, width, dst, count, cols, outRowStride, outColStride, eo);
    if (outHome < 0 && blockOut) out.set(view(out, memory, outScratch, count * n), i0 * n);
  }
  if (outHome < 0 && !blockOut) out.set(view(out, memory, outScratch, m * n));
  return true;
}

/** A product for the two threads: its plan, its output, and whether it runs on the fused twin. */
interface ThreadedProduct {
  plan: Plan;
  out: NumericArray;
  fused: boolean;
}

/**
 * Products on two threads (matmul-threads.ts), all in one table: this thread copies the operands
 * in, then both threads take units from the table until none is left: first the packing (a panel
 * of op(B) each, a block of rows × a block of terms of op(A) each), then, once all of it is done,
 * the products (a block of rows × one panel, with its rounding into the output). Every output
 * element is computed by one unit, exactly as on one thread. In blocks of terms, a unit is a block
 * of rows × one panel × one block of terms, each with its own sums; this thread then adds the
 * blocks' sums in order and rounds them. Independent products (a layer's dweights and dinputs) share
 * one table, so the threads meet once for all of them. Returns false if it cannot (too large, or
 * the worker failed): the outputs may then hold part of the results, and the caller computes every
 * one of them anew.
 */
function twoThreads(shared: SharedKernel, products: readonly ThreadedProduct[]): boolean {
  const units = products.map(({ plan }) => unitCounts(plan, products.length > 1));
  if (units.reduce((sum, u) => sum + u.packs + u.products, 0) > MAX_UNITS) return false;
  const sizes = products.map(({ plan, out }, i) => regionSizes(plan, out, units[i]!.packing));
  const regions = scratch(sizes.flat());
  if (!regions) return false;
  const layouts: Layout[] = [];
  let packAt = 0;
  let unitAt = units.reduce((sum, u) => sum + u.packs, 0);
  for (const [i, { plan, out, fused }] of products.entries()) {
    const at = sizes.slice(0, i).reduce((sum, list) => sum + list.length, 0);
    layouts.push(layout(shared, plan, out, fused, regions.slice(at, at + sizes[i]!.length), packAt, unitAt, units[i]!));
    packAt += units[i]!.packs;
    unitAt += units[i]!.products;
  }
  const table = new Int32Array(heapBytes(), TABLE_AT, (unitAt * RECORD) / 4);
  for (const l of layouts) l.write(table);
  if (!runUnits(shared, unitAt, packAt, () => layouts.forEach((l) => l.ready(table)))) return false;
  for (const l of layouts) l.finish();
  return true;
}

/** Products with at least this many panels of op(B) pack them on both threads. */
const MANY_PANELS = 16;

/**
 * How many units a product takes on two threads: packing (if it packs on both) and products.
 * `together`: it shares the table with other products.
 */
function unitCounts(plan: Plan, together: boolean): { packing: boolean; packs: number; products: number } {
  const blocks = Math.ceil(plan.rows / plan.block);
  const panels = Math.ceil(plan.cols / 16);
  const parts = plan.terms.length;
  // Packing on both threads pays where op(A) has several blocks to list (a single one keeps this
  // thread busy while the worker packs the panels it will read from the other core), where op(B)
  // has many panels (the MLP's dweights as their transpose: X's 49 panels took this thread 250-300 µs
  // while the worker waited), or where several products share the table (else this thread lists all
  // their terms while the worker waits).
  const packing = packOnThreads && (blocks * parts > 1 || panels >= MANY_PANELS || together);
  return { packing, packs: packing ? blocks * parts + panels : 0, products: blocks * panels * parts };
}

/** Bytes of the scratch regions a product on two threads needs (see `layout`). */
function regionSizes(plan: Plan, out: NumericArray, packing: boolean): number[] {
  const { left, right, rows, k, m, n, width, block, terms } = plan;
  const blocks = Math.ceil(rows / block);
  const parts = terms.length;
  const [tableBytes, tempBytes] = packScratch(plan, packing ? rows * k : block * k);
  return [heapAddress(left.data) >= 0 ? 0 : left.data.length * left.data.BYTES_PER_ELEMENT,
    heapAddress(right.data) >= 0 ? 0 : right.data.length * right.data.BYTES_PER_ELEMENT,
    k * width * 8, blocks * parts * (block + 1) * 4, rows * k * 4, rows * k * 8, parts * rows * width * 8,
    heapAddress(out) >= 0 ? 0 : m * n * out.BYTES_PER_ELEMENT,
    tableBytes * Math.max(1, packing ? blocks * parts : 0), tempBytes];
}

/** One product's part of the two threads' table. */
interface Layout {
  /** Writes its units: packing ones from `packAt`, product ones from `unitAt` (given to `layout`). */
  write(table: Int32Array): void;
  /** Once all packing is done: if a panel holds ∞ or NaN, lists A's terms again without skipping zeros. */
  ready(table: Int32Array): void;
  /** Once all units are done: adds the blocks' sums in order, rounds them, and copies the output out. */
  finish(): void;
}

/** Lays a product out in `regions` (sized by `regionSizes`), its units (`counts`) from table index `packAt` (packing) and `unitAt`. */
function layout(
  shared: SharedKernel, plan: Plan, out: NumericArray, fused: boolean, regions: number[], packAt: number, unitAt: number,
  counts: ReturnType<typeof unitCounts>,
): Layout {
  const wasm = fused ? shared.fused! : shared.kernel;
  const { left, right, rows, cols, k, m, n, width, block, outRowStride, outColStride, terms } = plan;
  const ea = left.data.BYTES_PER_ELEMENT;
  const eo = out.BYTES_PER_ELEMENT;
  const blocks = Math.ceil(rows / block);
  const parts = terms.length;
  const { packing, packs, products } = counts;
  const packsA = packing ? blocks * parts : 0;
  const [tableBytes] = packScratch(plan, packing ? rows * k : block * k);
  const leftHome = heapAddress(left.data);
  const rightHome = heapAddress(right.data);
  const outHome = heapAddress(out);
  const [leftScratch, rightScratch, panelsAt, rowptrAt, idxAt, valAt, sumsAt, outScratch, tableAt, tempAt] = regions as [number, number, number, number, number, number, number, number, number, number];
  const [leftAt, rightAt, outAt] = [leftHome >= 0 ? leftHome : leftScratch, rightHome >= 0 ? rightHome : rightScratch, outHome >= 0 ? outHome : outScratch];
  const partBytes = rows * width * 8;
  let skip = false;
  return {
    write(table) {
      const memory = heapBytes();
      if (leftHome < 0) copyIn(memory, leftAt, left.data);
      if (rightHome < 0) copyIn(memory, rightAt, right.data);
      // Zeros are skipped unless op(right) holds ∞ or NaN (0·∞ is NaN). Packed on both threads, that is
      // known only once the panels are done: the lists are then made again, every term kept (`ready`).
      const notFinite = packing ? 0 : packPanels(wasm, plan, rightAt, panelsAt);
      skip = notFinite === 0 && plan.leftZeros > skipAbove(fused);
      let unit = unitAt;
      for (let b = 0, i0 = 0; b < blocks; b++, i0 += block) {
        const count = Math.min(block, rows - i0);
        for (let t = 0, p0 = 0; t < parts; p0 += terms[t]!, t++) {
          const len = terms[t]!;
          // Block t's terms of these rows: after the earlier blocks' terms of the same rows.
          const rowptr = rowptrAt + (b * parts + t) * (block + 1) * 4;
          const idx = idxAt + (i0 * k + count * p0) * 4;
          const val = valAt + (i0 * k + count * p0) * 8;
          const src = leftAt + i0 * left.rowStride * ea;
          if (packing) {
            const { mode, from, si, sp, f64, transpose } = leftPacking(plan, src, p0, len, skip);
            table.set([0, from, rowptr, idx, val, count, len, si, sp, mode, f64, skip ? 1 : 0,
              tableAt + (b * parts + t) * tableBytes, tempAt + (i0 * k + count * p0) * 4, transpose ? 1 : 0, 0],
            ((packAt + b * parts + t) * RECORD) / 4);
          } else {
            packRows(wasm, plan, src, rowptr, idx, val, count, skip, p0, len, tableAt, tempAt);
          }
          for (let j0 = 0, at = panelsAt; j0 < cols; unit++) {
            const w = cols - j0 <= 8 ? 8 : 16;
            const r = (unit * RECORD) / 4;
            table[r] = w;
            table[r + 1] = rowptr;
            table[r + 2] = idx;
            table[r + 3] = val;
            table[r + 4] = at + p0 * w * 8;
            table[r + 5] = sumsAt + t * partBytes + (i0 * width + j0) * 8;
            table[r + 6] = count;
            table[r + 7] = width * 8;
            table[r + 8] = outAt + (i0 * outRowStride + j0 * outColStride) * eo;
            // In blocks, the unit writes nothing out: the blocks' sums are added first.
            table[r + 9] = parts > 1 ? 0 : Math.min(w, cols - j0);
            table[r + 10] = outRowStride * eo;
            table[r + 11] = outColStride * eo;
            table[r + 12] = eo === 8 ? 1 : 0;
            table[r + 13] = !skip && denseTile ? 1 : 0;
            table[r + 14] = len;
            table[r + KIND_FIELD] = fused ? UNIT_FUSED : UNIT_PRODUCT;
            at += k * w * 8;
            j0 += w;
          }
        }
      }
      if (packing) {
        for (let j0 = 0, at = panelsAt, u = packAt + packsA; j0 < cols; u++) {
          const { mode, src, cols: c, w, sp, sj, f64 } = panelPacking(plan, rightAt, j0);
          table.set([1, src, at, k, c, w, sp, sj, f64, mode, 0, 0, 0, 0, 0, 0], (u * RECORD) / 4);
          at += k * w * 8;
          j0 += w;
        }
      }
    },
    // Once all is packed: if a panel holds ∞ or NaN, A's terms listed again without skipping zeros.
    ready(table) {
      let bad = 0;
      for (let u = packAt + packsA; u < packAt + packs; u++) bad |= table[(u * RECORD) / 4 + 10]!;
      if (!bad || !skip) return;
      for (let u = packAt; u < packAt + packsA; u++) {
        const r = (u * RECORD) / 4;
        const len = table[r + 6]!;
        table[r + 9] = ea === 4 && (table[r + 14] || left.colStride === 1) && len % 4 === 0 ? 1 : 0;
        table[r + 11] = 0;
        wasm.runUnit(TABLE_AT + u * RECORD);
      }
      for (let u = unitAt; u < unitAt + products; u++) table[(u * RECORD) / 4 + 13] = denseTile ? 1 : 0;
    },
    finish() {
      if (parts > 1) {
        // The blocks' sums in order: the first is the total (+0 + s is s), each later one added to it.
        for (let t = 1; t < parts; t++) wasm.addSums(sumsAt, sumsAt + t * partBytes, partBytes);
        roundInto(wasm, sumsAt, width, outAt, rows, cols, outRowStride, outColStride, eo);
      }
      if (outHome < 0) out.set(view(out, heapBytes(), outAt, m * n));
    },
  };
}

/**
 * Rounds `rows` × `cols` float64 sums (rows `ldc` apart, in float64s) into the output at `dst`,
 * whose elements are `eo` bytes and (i, j) is i·rowStride + j·colStride elements on (matmul.wat's
 * roundInto picks the fastest way, as runUnit does).
 */
function roundInto(
  wasm: MatmulKernel, sumsAt: number, ldc: number, dst: number, rows: number, cols: number, rowStride: number, colStride: number, eo: number,
): void {
  wasm.roundInto(sumsAt, ldc * 8, dst, rows, cols, rowStride * eo, colStride * eo, eo === 8 ? 1 : 0);
}

/** A typed array of out's kind over the module's memory. */
function view(like: NumericArray, memory: ArrayBufferLike, at: number, length: number): NumericArray {
  return like instanceof Float64Array ? new Float64Array(memory, at, length) : new Float32Array(memory, at, length);
}

/** out (1 × n) = a (1 × k) · b (k × n), all float32: one sample through a layer, B widened as it is read. */
function singleRow(wasm: MatmulKernel, space: Space, a: Float32Array, b: Float32Array, out: Float32Array, k: number, n: number): boolean {
  const regions = space.scratch([k * 4, k * n * 4, n * 8, n * 4]);
  if (!regions) return false;
  const [aScratch, bScratch, sumsAt, outAt] = regions as [number, number, number, number];
  const memory = space.bytes();
  const aAt = placeOf(space, a, aScratch);
  const bAt = placeOf(space, b, bScratch);
  if (aAt === aScratch) copyIn(memory, aAt, a);
  if (bAt === bScratch) copyIn(memory, bAt, b);
  wasm.gemv32Rows(aAt, bAt, sumsAt, k, n, n * 4);
  roundInto(wasm, sumsAt, n, outAt, 1, n, n, 1, 4);
  out.set(new Float32Array(memory, outAt, n));
  return true;
}
