/**
 * Adam's float32 update in WebAssembly (`adam.wat`, beside this file): four parameters at a time,
 * every operation rounded to float32 as NumPy rounds, so the bits equal the scalar loop's.
 */
import { adamWasmBase64 } from './adam-wasm.ts';
import { instantiate } from './instantiate.ts';
import type { AdamScalars } from '../kernels.ts';

interface AdamKernel {
  memory: WebAssembly.Memory;
  adam32(value: number, grad: number, m: number, c: number, n: number,
    beta1: number, keep1: number, correction1: number, beta2: number, keep2: number, correction2: number,
    lr: number, epsilon: number): void;
}

let kernel: AdamKernel | null | undefined;

/** value, m and c updated in place from grad; false (nothing done) where WebAssembly is unavailable. */
export function wasmAdam(value: Float32Array, grad: Float32Array, m: Float32Array, c: Float32Array, s: AdamScalars): boolean {
  if (kernel === undefined) kernel = instantiate<AdamKernel>(adamWasmBase64);
  if (!kernel) return false;
  const n = value.length;
  const bytes = ((n + 3) & ~3) * 4; // each array padded to whole f32x4 groups
  const need = 4 * bytes;
  const grow = Math.ceil((need - kernel.memory.buffer.byteLength) / 65536);
  if (grow > 0) kernel.memory.grow(grow);
  const heap = new Float32Array(kernel.memory.buffer);
  const [at, gAt, mAt, cAt] = [0, bytes, 2 * bytes, 3 * bytes];
  heap.set(value, at / 4);
  heap.set(grad, gAt / 4);
  heap.set(m, mAt / 4);
  heap.set(c, cAt / 4);
  kernel.adam32(at, gAt, mAt, cAt, n, s.beta1, s.keep1, s.correction1, s.beta2, s.keep2, s.correction2, s.lr, s.epsilon);
  value.set(heap.subarray(at / 4, at / 4 + n));
  m.set(heap.subarray(mAt / 4, mAt / 4 + n));
  c.set(heap.subarray(cAt / 4, cAt / 4 + n));
  return true;
}
