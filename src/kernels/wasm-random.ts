/**
 * Dropout's masks in bulk, from `random.wat` (beside this file): the same MT19937 words and the same
 * binomial(1, p) draws as `RandomState.binomialFill`, without a JavaScript call per draw.
 */
import { randomWasmBase64 } from './random-wasm.ts';
import { KernelModule, spaceFor } from './heap.ts';

interface RandomKernel {
  binomial1(state: number, pos: number, out: number, count: number, qn: number, px1: number, v0: number, v1: number): number;
}

const random = new KernelModule<RandomKernel>(randomWasmBase64);

/** The generator's room in the kernels' memory: its 624 words, a spare word and their tempered copies. */
const STATE_BYTES = 5008;

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
  const space = spaceFor([out]);
  const kernel = space && random.on(space);
  if (!space || !kernel) return null;
  // The draws go straight into `out` when it is a float64 array in the kernels' memory (a Model's
  // kept mask), else into scratch space and are copied.
  const home = out instanceof Float64Array ? space.address(out) : -1;
  const regions = space.scratch([STATE_BYTES, home >= 0 ? 0 : out.length * 8]);
  if (!regions) return null;
  const [state, scratchOut] = regions as [number, number];
  const at = home >= 0 ? home : scratchOut;
  new Uint32Array(space.bytes(), state, key.length).set(key);
  // A draw is 0 or 1, so multiplying by 1 / divisor gives exactly draw / divisor; with p > 0.5 the
  // draw is 1 − X.
  const scale = 1 / divisor;
  const next = kernel.binomial1(state, pos, at, out.length, qn, px1, (flip ? 1 : 0) * scale, (flip ? 0 : 1) * scale);
  const memory = space.bytes();
  key.set(new Uint32Array(memory, state, key.length));
  if (home < 0) out.set(new Float64Array(memory, at, out.length));
  return next;
}
