// Random operands for the kernels' tests (kernels.test.ts, kernels/matmul-threads.test.ts), and
// the bit-for-bit comparison they share.
import type { NumericArray } from '../kernels.ts';

/** A small deterministic generator (mulberry32), so failures can be replayed. */
export function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of mixed sign and magnitude (so sums cancel and round), with a given share of zeros. */
export function values(random: () => number, length: number, zeros: number, f64: boolean): NumericArray {
  const x = f64 ? new Float64Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++) {
    if (random() < zeros) x[i] = random() < 0.5 ? 0 : -0;
    else x[i] = (random() - 0.5) * 2 ** Math.floor(random() * 12 - 6);
  }
  return x;
}

/** How many of the two arrays' elements differ in any bit (-0 ≠ 0; NaN = NaN). */
export function differences(x: NumericArray, y: NumericArray): number {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) count++;
  return count;
}
