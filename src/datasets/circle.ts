/**
 * The circle data set (after TensorFlow Playground's): class 0 fills a disc of radius 0.5 around
 * the origin, class 1 a ring from radius 0.7 to 1 around it. No straight line separates them, yet
 * a single hidden layer of a few neurons can, which makes it the gentlest non-linear problem.
 *
 * Each point takes a radius and an angle drawn uniformly, then `noise · randn` is added to both
 * coordinates, so with noise the two classes start to overlap.
 */
import { Matrix } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import { assertNumber, assertPositiveInteger, assertRandom } from '../checks.ts';
import type { ClassificationData } from './spiral.ts';

/**
 * `samples` points in all, the first half (rounded up) inside the disc with class 0, the rest in
 * the ring with class 1. Draws per point, in order: radius, angle, then two normals if noise > 0.
 */
export function circleData(samples: number, noise: number, random: RandomState): ClassificationData {
  assertPositiveInteger(samples, 'samples', 'circleData');
  assertNumber(noise, 'noise', 'circleData', { min: 0 });
  assertRandom(random, 'circleData');
  const X = new Matrix(samples, 2);
  const y = new Int32Array(samples);
  const inside = Math.ceil(samples / 2);
  for (let i = 0; i < samples; i++) {
    const label = i < inside ? 0 : 1;
    // Inner disc: r in [0, 0.5); outer ring: r in [0.7, 1).
    const r = label === 0 ? 0.5 * random.rand() : 0.7 + 0.3 * random.rand();
    const angle = 2 * Math.PI * random.rand();
    let px = r * Math.sin(angle);
    let py = r * Math.cos(angle);
    if (noise > 0) {
      px += noise * random.randn();
      py += noise * random.randn();
    }
    X.set(i, 0, px);
    X.set(i, 1, py);
    y[i] = label;
  }
  return { X, y };
}
