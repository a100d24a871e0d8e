/**
 * The element-wise float32 kernels of `elementwise.wat` (beside this file): Adam's update, ReLU,
 * column sums and adding a row,
 * four elements at a time, every operation rounded to float32 as NumPy rounds, so the bits equal
 * the scalar loops'. Each call copies its arrays into the module's memory and the results back.
 */
import { elementwiseWasmBase64 } from './elementwise-wasm.ts';
import { instantiate } from './instantiate.ts';
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
}

let kernels: ElementwiseKernels | null | undefined;

/** The module's memory as floats, with room for `arrays` arrays of n floats (each padded to whole f32x4 groups). */
function heap(arrays: number, n: number): { wasm: ElementwiseKernels; f32: Float32Array; stride: number } | null {
  if (kernels === undefined) kernels = instantiate<ElementwiseKernels>(elementwiseWasmBase64);
  if (!kernels) return null;
  const stride = (n + 3) & ~3;
  const grow = Math.ceil((arrays * stride * 4 - kernels.memory.buffer.byteLength) / 65536);
  if (grow > 0) kernels.memory.grow(grow);
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
