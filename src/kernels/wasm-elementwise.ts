/**
 * The element-wise kernels of `elementwise.wat` (beside this file): Adam's update, ReLU, column
 * sums and adding a row on float32 arrays, four elements at a time, every operation rounded to
 * float32 as NumPy rounds; and dropout, ReLU's backward pass and column sums on the float64 arrays
 * behind dropout, two at a time. Either way the bits equal the scalar loops'. Each call copies its
 * arrays into the module's memory and the results back. The kernels take any n (a scalar tail
 * finishes the last elements) and touch nothing past it.
 */
import { elementwiseWasmBase64 } from './elementwise-wasm.ts';
import { copyIn, instantiate, reserve } from './instantiate.ts';
import type { AdamScalars } from '../kernels.ts';

interface ElementwiseKernels {
  memory: WebAssembly.Memory;
  adam32(value: number, grad: number, m: number, c: number, n: number,
    beta1: number, keep1: number, correction1: number, beta2: number, keep2: number, correction2: number,
    lr: number, epsilon: number): void;
  reluForward(x: number, out: number, n: number): void;
  reluBackward(d: number, x: number, out: number, n: number): void;
  sumColumns(x: number, rows: number, cols: number, out: number): void;
  addRow(x: number, rows: number, cols: number, row: number): void;
  multiply64(d: number, d64: number, m: number, out: number, n: number): void;
  reluBackward64(d: number, x: number, x64: number, out: number, n: number): void;
  sumColumns64(x: number, rows: number, cols: number, out: number): void;
}

let kernels: ElementwiseKernels | null | undefined;

/** The module's memory as floats, with room for `arrays` arrays of n floats (each padded to whole f32x4 groups). */
function heap(arrays: number, n: number): { wasm: ElementwiseKernels; f32: Float32Array; stride: number } | null {
  if (kernels === undefined) kernels = instantiate<ElementwiseKernels>(elementwiseWasmBase64);
  if (!kernels) return null;
  const stride = (n + 3) & ~3;
  reserve(kernels.memory, [arrays * stride * 4]);
  return { wasm: kernels, f32: new Float32Array(kernels.memory.buffer), stride };
}

/** value, m and c updated in place from grad; false (nothing done) where WebAssembly is unavailable. */
export function wasmAdam(value: Float32Array, grad: Float32Array, m: Float32Array, c: Float32Array, s: AdamScalars): boolean {
  const n = value.length;
  const h = heap(4, n);
  if (!h) return false;
  const { wasm, f32, stride } = h;
  f32.set(value, 0);
  f32.set(grad, stride);
  f32.set(m, 2 * stride);
  f32.set(c, 3 * stride);
  wasm.adam32(0, stride * 4, 2 * stride * 4, 3 * stride * 4, n,
    s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon);
  value.set(f32.subarray(0, n));
  m.set(f32.subarray(2 * stride, 2 * stride + n));
  c.set(f32.subarray(3 * stride, 3 * stride + n));
  return true;
}

/** out = max(0, x); false where WebAssembly is unavailable. */
export function wasmReluForward(x: Float32Array, out: Float32Array): boolean {
  const n = x.length;
  const h = heap(2, n);
  if (!h) return false;
  h.f32.set(x, 0);
  h.wasm.reluForward(0, h.stride * 4, n);
  out.set(h.f32.subarray(h.stride, h.stride + n));
  return true;
}

/** out = 0 where x <= 0, else d; false where WebAssembly is unavailable. */
export function wasmReluBackward(d: Float32Array, x: Float32Array, out: Float32Array): boolean {
  const n = x.length;
  const h = heap(3, n);
  if (!h) return false;
  h.f32.set(d, 0);
  h.f32.set(x, h.stride);
  h.wasm.reluBackward(0, h.stride * 4, 2 * h.stride * 4, n);
  out.set(h.f32.subarray(2 * h.stride, 2 * h.stride + n));
  return true;
}

/** out = the sum of x's rows (rows × cols), added one after another from −0; false where WebAssembly is unavailable. */
export function wasmSumColumns(x: Float32Array, rows: number, cols: number, out: Float32Array): boolean {
  const h = heap(2, rows * cols + cols);
  if (!h) return false;
  h.f32.set(x, 0);
  h.wasm.sumColumns(0, rows, cols, h.stride * 4);
  out.set(h.f32.subarray(h.stride, h.stride + cols));
  return true;
}

/** x[i][j] += row[j] in place; false where WebAssembly is unavailable. */
export function wasmAddRow(x: Float32Array, rows: number, cols: number, row: Float32Array): boolean {
  const h = heap(2, rows * cols + cols);
  if (!h) return false;
  h.f32.set(x, 0);
  h.f32.set(row, h.stride);
  h.wasm.addRow(0, rows, cols, h.stride * 4);
  x.set(h.f32.subarray(0, rows * cols));
  return true;
}

type NumericArray = Float32Array | Float64Array;

/** The kernels and the addresses of regions of these many bytes in their memory (grown to fit). */
function regions(sizes: number[]): { wasm: ElementwiseKernels; at: number[]; memory: ArrayBuffer } | null {
  if (kernels === undefined) kernels = instantiate<ElementwiseKernels>(elementwiseWasmBase64);
  if (!kernels) return null;
  const at = reserve(kernels.memory, sizes);
  return { wasm: kernels, at, memory: kernels.memory.buffer };
}

/** out = d · m (float64); false where WebAssembly is unavailable. */
export function wasmMultiply64(d: NumericArray, m: Float64Array, out: Float64Array): boolean {
  const n = m.length;
  const h = regions([n * d.BYTES_PER_ELEMENT, n * 8, n * 8]);
  if (!h) return false;
  const [dAt, mAt, outAt] = h.at as [number, number, number];
  copyIn(h.memory, dAt, d);
  copyIn(h.memory, mAt, m);
  h.wasm.multiply64(dAt, d instanceof Float64Array ? 1 : 0, mAt, outAt, n);
  out.set(new Float64Array(h.memory, outAt, out.length));
  return true;
}

/** out = 0 where x <= 0, else d (d and out float64); false where WebAssembly is unavailable. */
export function wasmReluBackward64(d: Float64Array, x: NumericArray, out: Float64Array): boolean {
  const n = d.length;
  const h = regions([n * 8, n * x.BYTES_PER_ELEMENT, n * 8]);
  if (!h) return false;
  const [dAt, xAt, outAt] = h.at as [number, number, number];
  copyIn(h.memory, dAt, d);
  copyIn(h.memory, xAt, x);
  h.wasm.reluBackward64(dAt, xAt, x instanceof Float64Array ? 1 : 0, outAt, n);
  out.set(new Float64Array(h.memory, outAt, out.length));
  return true;
}

/** out = the sum of x's rows (rows × cols, float64), added one after another from −0; false where WebAssembly is unavailable. */
export function wasmSumColumns64(x: Float64Array, rows: number, cols: number, out: Float64Array): boolean {
  const h = regions([rows * cols * 8, cols * 8]);
  if (!h) return false;
  const [xAt, outAt] = h.at as [number, number];
  copyIn(h.memory, xAt, x);
  h.wasm.sumColumns64(xAt, rows, cols, outAt);
  out.set(new Float64Array(h.memory, outAt, cols));
  return true;
}
