/**
 * The spiral data set: one arm of points per class, winding out from the centre (after the
 * cs231n case study the book borrows it from). A straight line cannot separate the arms, which is
 * why a network needs hidden layers and non-linear activations to classify them.
 *
 * For class c, point i of n sits at radius r = i / (n − 1) and angle
 * t = linspace(4c, 4(c + 1), n)[i] + 0.2 · randn, and its coordinates are
 * (r · sin 2.5t, r · cos 2.5t). The draws and the arithmetic follow the `nnfs` package exactly,
 * so the same generator state gives the same 600 values.
 */
import { Matrix, type DType } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import { sin, cos } from '../correctly-rounded.ts';
import { assertDataSetOptions } from '../checks.ts';

/** A labelled data set: one sample per row of X, its class index in y. */
export interface ClassificationData {
  /** The samples, one per row. */
  X: Matrix;
  /** The class of each sample, 0 to classes − 1. */
  y: Int32Array;
}

/** `np.linspace(start, stop, n)`: i · step + start, with the last value exactly `stop`. */
export function linspace(start: number, stop: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const step = n > 1 ? (stop - start) / (n - 1) : 0; // one value: just `start`, as NumPy gives
  for (let i = 0; i < n; i++) out[i] = i * step + start;
  if (n > 1) out[n - 1] = stop;
  return out;
}

/**
 * `samples` points for each of `classes` spiral arms, drawn from `random` as `nnfs.datasets.spiral_data` does.
 *
 * With dtype 'float32' (the book under `nnfs.init()`) each normal is rounded to float32 before it
 * is scaled and X is stored as float32. With 'float64' (the plain NumPy of the video series) nothing
 * is rounded, and sin and cos are correctly rounded (`Math.sin` is one bit off NumPy in 9 of the 600).
 */
export function spiralData(samples: number, classes: number, random: RandomState, dtype: DType = 'float32'): ClassificationData {
  assertDataSetOptions('spiralData', samples, classes, random, dtype);
  const X = new Matrix(samples * classes, 2, dtype);
  const y = new Int32Array(samples * classes);
  const radius = linspace(0, 1, samples);
  const noiseScale = dtype === 'float32' ? Math.fround(0.2) : 0.2;
  for (let c = 0; c < classes; c++) {
    const base = linspace(c * 4, (c + 1) * 4, samples);
    for (let i = 0; i < samples; i++) {
      const row = c * samples + i;
      // randn(samples) * 0.2: float32 × float32 under the book's rules, else plain doubles.
      const noise = dtype === 'float32' ? Math.fround(Math.fround(random.randn()) * noiseScale) : random.randn() * noiseScale;
      const angle = (base[i]! + noise) * 2.5;
      // Math.sin and Math.cos are exact enough once rounded to float32; float64 needs the C library's values.
      X.set(row, 0, radius[i]! * (dtype === 'float32' ? Math.sin(angle) : sin(angle)));
      X.set(row, 1, radius[i]! * (dtype === 'float32' ? Math.cos(angle) : cos(angle)));
      y[row] = c;
    }
  }
  return { X, y };
}
