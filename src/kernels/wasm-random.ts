/**
 * Dropout's masks in bulk, from `random.wat` (beside this file): the same MT19937 words and the same
 * binomial(1, p) draws as `RandomState.binomialFill`, without a JavaScript call per draw.
 */
import { randomWasmBase64 } from './random-wasm.ts';
import { instantiate } from './instantiate.ts';

interface RandomKernel {
  memory: WebAssembly.Memory;
  binomial1(pos: number, out: number, count: number, qn: number, px1: number, flip: number, scale: number): number;
}

let kernel: RandomKernel | null | undefined;

/** Where the draws start in the module's memory: after the generator's 624 words and their tempered copies. */
const OUT = 8192;

/**
 * Fills `out` with binomial(1, p) draws by inversion (`qn` = P(X = 0), `px1` = P(X = 1) as the
 * inversion computes them, `flip` when p > 0.5), each divided by `divisor`, advancing the generator
 * `key`/`pos` in place. Returns the new position, or null (nothing drawn) where WebAssembly is unavailable.
 */
export function wasmBinomial1(
  key: Uint32Array, pos: number, out: Float32Array | Float64Array, qn: number, px1: number, flip: boolean, divisor: number,
): number | null {
  if (kernel === undefined) kernel = instantiate<RandomKernel>(randomWasmBase64);
  if (!kernel) return null;
  const grow = Math.ceil((OUT + out.length * 8 - kernel.memory.buffer.byteLength) / 65536);
  if (grow > 0) kernel.memory.grow(grow);
  const memory = kernel.memory.buffer;
  new Uint32Array(memory, 0, key.length).set(key);
  // A draw is 0 or 1, so multiplying by 1 / divisor gives exactly draw / divisor.
  const next = kernel.binomial1(pos, OUT, out.length, qn, px1, flip ? 1 : 0, 1 / divisor);
  key.set(new Uint32Array(memory, 0, key.length));
  out.set(new Float64Array(memory, OUT, out.length));
  return next;
}
