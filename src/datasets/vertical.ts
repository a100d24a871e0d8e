/**
 * The vertical data set: one blob of points per class, side by side, centred at x = c / 3 and
 * y = 0.5 with spread 0.1. A straight line does separate these, so even random search (the book's
 * chapter 6) finds weights that classify them.
 */
import { Matrix, type DType } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import type { ClassificationData } from './spiral.ts';
import { assertDataSetOptions } from '../checks.ts';

/**
 * `samples` points for each of `classes` blobs, drawn from `random` as `nnfs.datasets.vertical_data`
 * does: per class, `samples` normals for the x coordinates, then `samples` for the y coordinates.
 * With dtype 'float32' (the book) every step rounds to float32, as NumPy's float32 arithmetic does.
 */
export function verticalData(samples: number, classes: number, random: RandomState, dtype: DType = 'float32'): ClassificationData {
  assertDataSetOptions('verticalData', samples, classes, random, dtype);
  const X = new Matrix(samples * classes, 2, dtype);
  const y = new Int32Array(samples * classes);
  const r = dtype === 'float32' ? Math.fround : (v: number) => v;
  const spread = r(0.1);
  for (let c = 0; c < classes; c++) {
    // randn(samples) * 0.1 + c / 3, then randn(samples) * 0.1 + 0.5 (np.c_ evaluates them in this order).
    for (let i = 0; i < samples; i++) X.set(c * samples + i, 0, r(r(r(random.randn()) * spread) + r(c / 3)));
    for (let i = 0; i < samples; i++) X.set(c * samples + i, 1, r(r(r(random.randn()) * spread) + r(0.5)));
    y.fill(c, c * samples, (c + 1) * samples);
  }
  return { X, y };
}
