/**
 * The XOR data set (after TensorFlow Playground's): points spread over the square [−1, 1]², class 0
 * where x and y have the same sign, class 1 where they differ. It is the classic problem a single
 * neuron cannot solve: the classes sit in opposite corners.
 *
 * Points keep a small gap (0.06) from the axes so that without noise the quadrants are clean;
 * `noise · randn` is then added to both coordinates.
 */
import { Matrix } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import { assertNumber, assertPositiveInteger, assertRandom } from '../checks.ts';
import type { ClassificationData } from './spiral.ts';

/** Distance kept between the points and the axes. */
const GAP = 0.06;

/** `samples` points; draws per point, in order: x, y, then two normals if noise > 0. */
export function xorData(samples: number, noise: number, random: RandomState): ClassificationData {
  assertPositiveInteger(samples, 'samples', 'xorData');
  assertNumber(noise, 'noise', 'xorData', { min: 0 });
  assertRandom(random, 'xorData');
  const X = new Matrix(samples, 2);
  const y = new Int32Array(samples);
  for (let i = 0; i < samples; i++) {
    const u = awayFromAxis(2 * random.rand() - 1);
    const v = awayFromAxis(2 * random.rand() - 1);
    // The label follows the clean position: same signs → 0, opposite signs → 1.
    y[i] = u * v >= 0 ? 0 : 1;
    X.set(i, 0, noise > 0 ? u + noise * random.randn() : u);
    X.set(i, 1, noise > 0 ? v + noise * random.randn() : v);
  }
  return { X, y };
}

/** Maps [−1, 1] onto [−1, −GAP] ∪ [GAP, 1], keeping the sign. */
function awayFromAxis(t: number): number {
  return t >= 0 ? GAP + (1 - GAP) * t : -GAP + (1 - GAP) * t;
}
