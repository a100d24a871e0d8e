/**
 * The element-wise kernels of `elementwise.wat` (beside this file): Adam's update, ReLU, column
 * sums and adding a row on float32 arrays, four elements at a time, every operation rounded to
 * float32 as NumPy rounds; and dropout, ReLU's backward pass and column sums on the float64 arrays
 * behind dropout, two at a time; softmax's forward pass on float32 rows (with V8's Math.exp ported).
 * Either way the bits equal the scalar loops'. The module runs on the
 * kernels' memory (heap.ts): a Model's kept matrices are worked on in place, other arrays are copied
 * in and the results back. The kernels take any n (a scalar tail
 * finishes the last elements) and touch nothing past it.
 */
import { elementwiseWasmBase64 } from './elementwise-wasm.ts';
import { KernelModule, heapAddress, heapBytes, operands, spaceFor } from './heap.ts';
import { KIND_FIELD, RECORD, TABLE_AT, UNIT_ADAM, runUnits, sharedKernel, type SharedKernel } from './matmul-threads.ts';
import type { AdamScalars } from '../kernels.ts';

/** The functions `elementwise.wat` exports; addresses are in bytes, counts in elements. */
export interface ElementwiseKernels {
  adam32(value: number, grad: number, m: number, c: number, n: number,
    beta1: number, keep1: number, correction1: number, beta2: number, keep2: number, correction2: number,
    lr: number, epsilon: number, guard: number): number;
  reluForward(x: number, out: number, n: number): void;
  reluBackward(d: number, x: number, out: number, n: number): void;
  sumColumns(x: number, rows: number, cols: number, out: number): void;
  addRow(x: number, rows: number, cols: number, row: number): void;
  multiply64(d: number, d64: number, m: number, out: number, n: number): void;
  reluBackward64(d: number, x: number, x64: number, out: number, n: number): void;
  sumColumns64(x: number, rows: number, cols: number, out: number): void;
  softmax32(z: number, p: number, rows: number, cols: number): number;
  exp(x: number): number;
}

const elementwise = new KernelModule<ElementwiseKernels>(elementwiseWasmBase64);

type NumericArray = Float32Array | Float64Array;

/**
 * Runs `call` with the addresses of `inputs` and then `outputs` (in place for a Model's kept
 * matrices, else copies; see heap.ts); false, doing nothing, where WebAssembly is unavailable.
 */
function run(inputs: NumericArray[], outputs: NumericArray[], call: (wasm: ElementwiseKernels, at: number[]) => void): boolean {
  const inPlace = inHeap(inputs, outputs);
  if (inPlace) {
    call(inPlace.wasm, inPlace.at);
    return true;
  }
  const placed = operands(inputs, outputs);
  const wasm = placed && elementwise.on(placed.space);
  if (!placed || !wasm) return false;
  call(wasm, placed.at);
  placed.done();
  return true;
}

/** The kernels on the kernels' memory, once a call found it (see inHeap). */
let onHeap: ElementwiseKernels | null = null;

/**
 * When every array lives in the kernels' memory (a training Model's, whose parameters, Adam's
 * slots and kept matrices all do), the kernels on that memory and the arrays' addresses: the call
 * then skips `operands`, whose bookkeeping (spaces, scratch, lists of copies) cost ~5 µs a call,
 * more than the kernel itself for a layer's biases. Null otherwise (then `operands` decides).
 */
function inHeap(inputs: NumericArray[], outputs: NumericArray[]): { wasm: ElementwiseKernels; at: number[] } | null {
  const at: number[] = [];
  for (const x of inputs) {
    const address = heapAddress(x);
    if (address < 0) return null;
    at.push(address);
  }
  for (const x of outputs) {
    const i = inputs.indexOf(x);
    const address = i >= 0 ? at[i]! : heapAddress(x);
    if (address < 0) return null;
    at.push(address);
  }
  if (!onHeap) {
    const space = at.length > 0 ? spaceFor(inputs.length > 0 ? inputs : outputs) : null;
    onHeap = space && elementwise.on(space);
    if (!onHeap) return null;
  }
  return { wasm: onHeap, at };
}

/**
 * Whether adam32 looks for values small enough to come out subnormal (see elementwise.wat), by
 * momentum array: at every call while the last look found some, else at one call in GUARD_EVERY.
 * Looking costs about a third of the kernel, and such values appear only after hundreds of steps
 * (a momentum decaying by β₁ once its gradient stays zero), then stay.
 */
const guards = new WeakMap<Float32Array, { tiny: boolean; calls: number }>();
const GUARD_EVERY = 32;

/**
 * Parameters of at least this many values (the MLP's first two layers' weights) are updated on two
 * threads where there are two, in units of ADAM_UNIT values: Adam's divisions and square roots are
 * what bound it, and each core has its own divider.
 */
const THREADED_ADAM = 16384;
const ADAM_UNIT = 4096;

/** value, m and c updated in place from grad; false (nothing done) where WebAssembly is unavailable. */
export function wasmAdam(value: Float32Array, grad: Float32Array, m: Float32Array, c: Float32Array, s: AdamScalars): boolean {
  let guard = guards.get(m);
  if (!guard) guards.set(m, (guard = { tiny: false, calls: 0 }));
  const look = guard.tiny || guard.calls++ % GUARD_EVERY === 0;
  const inPlace = value.length >= THREADED_ADAM ? inHeap([value, grad, m, c], []) : null;
  const shared = inPlace && sharedKernel();
  if (inPlace && shared) {
    const tiny = adamOnThreads(shared, inPlace.wasm, inPlace.at, value.length, s, look);
    if (look) guard.tiny = tiny > 0;
    return true;
  }
  return run([value, grad, m, c], [value, m, c], (wasm, [v, g, mAt, cAt]) => {
    const tiny = wasm.adam32(v!, g!, mAt!, cAt!, value.length,
      s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon, look ? 1 : 0);
    if (look) guard.tiny = tiny > 0;
  });
}

/**
 * adam32 over n values at addresses [value, grad, m, c], as units of the two threads' table; returns
 * adam32's count of sixteens that were looked at closely. Each unit records its count when done, so
 * if the worker fails, this thread runs only the units left undone: an update must not run twice.
 * (A worker taken for lost after seconds of silence could in principle still be inside a unit of
 * ~10 µs; matmul-threads.ts treats that as failed.)
 */
function adamOnThreads(shared: SharedKernel, wasm: ElementwiseKernels, at: number[], n: number, s: AdamScalars, look: boolean): number {
  const [value, grad, m, c] = at as [number, number, number, number];
  const units = Math.ceil(n / ADAM_UNIT);
  const words = new Int32Array(heapBytes(), TABLE_AT, (units * RECORD) / 4);
  const floats = new Float32Array(words.buffer, words.byteOffset, words.length);
  for (let u = 0; u < units; u++) {
    const r = (u * RECORD) / 4;
    const from = u * ADAM_UNIT * 4; // bytes
    words.set([value + from, grad + from, m + from, c + from, Math.min(ADAM_UNIT, n - u * ADAM_UNIT)], r);
    floats.set([s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon], r + 5);
    words[r + 13] = look ? 1 : 0;
    words[r + 14] = -1;
    words[r + KIND_FIELD] = UNIT_ADAM;
  }
  const done = runUnits(shared, units, 0, undefined, 'updates');
  let tiny = 0;
  for (let u = 0; u < units; u++) {
    const r = (u * RECORD) / 4;
    if (!done && words[r + 14]! < 0) {
      words[r + 14] = wasm.adam32(words[r]!, words[r + 1]!, words[r + 2]!, words[r + 3]!, words[r + 4]!,
        s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon, look ? 1 : 0);
    }
    tiny += words[r + 14]!;
  }
  return tiny;
}

/** out = max(0, x); false where WebAssembly is unavailable. */
export function wasmReluForward(x: Float32Array, out: Float32Array): boolean {
  return run([x], [out], (wasm, [xAt, outAt]) => wasm.reluForward(xAt!, outAt!, x.length));
}

/** out = 0 where x <= 0, else d; false where WebAssembly is unavailable. */
export function wasmReluBackward(d: Float32Array, x: Float32Array, out: Float32Array): boolean {
  return run([d, x], [out], (wasm, [dAt, xAt, outAt]) => wasm.reluBackward(dAt!, xAt!, outAt!, x.length));
}

/** out = the sum of x's rows (rows × cols), added one after another from −0; false where WebAssembly is unavailable. */
export function wasmSumColumns(x: Float32Array, rows: number, cols: number, out: Float32Array): boolean {
  return run([x], [out], (wasm, [xAt, outAt]) => wasm.sumColumns(xAt!, rows, cols, outAt!));
}

/** x[i][j] += row[j] in place; false where WebAssembly is unavailable. */
export function wasmAddRow(x: Float32Array, rows: number, cols: number, row: Float32Array): boolean {
  return run([x, row], [x], (wasm, [xAt, rowAt]) => wasm.addRow(xAt!, rows, cols, rowAt!));
}

/** out = d · m (float64); false where WebAssembly is unavailable. */
export function wasmMultiply64(d: NumericArray, m: Float64Array, out: Float64Array): boolean {
  return run([d, m], [out], (wasm, [dAt, mAt, outAt]) => wasm.multiply64(dAt!, d instanceof Float64Array ? 1 : 0, mAt!, outAt!, m.length));
}

/** out = 0 where x <= 0, else d (d and out float64); false where WebAssembly is unavailable. */
export function wasmReluBackward64(d: Float64Array, x: NumericArray, out: Float64Array): boolean {
  return run([d, x], [out], (wasm, [dAt, xAt, outAt]) => wasm.reluBackward64(dAt!, xAt!, x instanceof Float64Array ? 1 : 0, outAt!, d.length));
}

/** out = the sum of x's rows (rows × cols, float64), added one after another from −0; false where WebAssembly is unavailable. */
export function wasmSumColumns64(x: Float64Array, rows: number, cols: number, out: Float64Array): boolean {
  return run([x], [out], (wasm, [xAt, outAt]) => wasm.sumColumns64(xAt!, rows, cols, outAt!));
}

/**
 * Softmax of each row of z (rows × cols, float32) into p, with the bits of Softmax.forward's
 * JavaScript loop (exp: a port of V8's Math.exp, checked against it on every float32 from −0 to
 * −104); -1 where WebAssembly is unavailable, else the number of rows left undone because their
 * maximum is not finite (NaN or ±Infinity), which the caller computes itself.
 */
export function wasmSoftmax32(z: Float32Array, p: Float32Array, rows: number, cols: number): number {
  let skipped = -1;
  run([z], [p], (wasm, [zAt, pAt]) => (skipped = wasm.softmax32(zAt!, pAt!, rows, cols)));
  return skipped;
}

/** The kernels' e^x (V8's Math.exp, ported), for the tests; null where WebAssembly is unavailable. */
export function wasmExp(): ((x: number) => number) | null {
  let exp: ((x: number) => number) | null = null;
  run([], [], (wasm) => (exp = wasm.exp));
  return exp;
}
