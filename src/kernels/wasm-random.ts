/**
 * Dropout's masks in bulk, from `random.wat` (beside this file): the same MT19937 words and the same
 * binomial(1, p) draws as `RandomState.binomialFill`, without a JavaScript call per draw.
 */
import { randomWasmBase64 } from './random-wasm.ts';
import { instantiate } from './instantiate.ts';

interface RandomKernel {
  memory: WebAssembly.Memory;
  binomial1(state: number, pos: number, out: number, count: number, qn: number, px1: number, v0: number, v1: number): number;
}

let kernel: RandomKernel | null | undefined;

/** Where the generator sits in the module's memory: its 624 words, a spare word and their tempered copies (5008 bytes). */
const STATE = 0;
/** Where the draws start: after the generator. */
const OUT = 8192;

/**
 * Fills `out` with binomial(1, p) draws by inversion (`qn` = P(X = 0), `px1` = P(X = 1) as the
 * inversion computes them, `flip` when p > 0.5), each divided by `divisor`, advancing the generator
 * `key`/`pos` in place. Returns the new position, or null (nothing drawn) where WebAssembly is
 * unavailable or `qn` is not a multiple of 2^-53 (the kernel compares the uniforms' 53-bit integers).
 */
export function wasmBinomial1(
  key: Uint32Array, pos: number, out: Float32Array | Float64Array, qn: number, px1: number, flip: boolean, divisor: number,
): number | null {
  if (!(qn >= 0 && qn <= 1 && Number.isInteger(qn * 2 ** 53) && px1 >= 0 && px1 <= 1)) return null;
  if (kernel === undefined) kernel = instantiate<RandomKernel>(randomWasmBase64);
  if (!kernel) return null;
  const grow = Math.ceil((OUT + out.length * 8 - kernel.memory.buffer.byteLength) / 65536);
  if (grow > 0) kernel.memory.grow(grow);
  const memory = kernel.memory.buffer;
  new Uint32Array(memory, STATE, key.length).set(key);
  // A draw is 0 or 1, so multiplying by 1 / divisor gives exactly draw / divisor; with p > 0.5 the
  // draw is 1 − X.
  const scale = 1 / divisor;
  const next = kernel.binomial1(STATE, pos, OUT, out.length, qn, px1, (flip ? 1 : 0) * scale, (flip ? 0 : 1) * scale);
  key.set(new Uint32Array(memory, STATE, key.length));
  out.set(new Float64Array(memory, OUT, out.length));
  return next;
}
