/**
 * The sine data set for regression (the book's chapter 17): 1000 inputs x = i / 1000 on [0, 1)
 * and targets sin(2πx), one period of a sine wave. Both stay float64, as in the `nnfs` package.
 */
import { Matrix } from '../matrix.ts';
import { sin } from '../correctly-rounded.ts';
import { assertPositiveInteger } from '../checks.ts';

/** A regression data set: inputs and targets, one sample per row. */
export interface RegressionData {
  /** The inputs, a samples × 1 column. */
  X: Matrix;
  /** The targets, a samples × 1 column. */
  y: Matrix;
}

/** `nnfs.datasets.sine_data(samples)`: X = arange(samples) / samples, y = sin(2π · X), float64. */
export function sineData(samples = 1000): RegressionData {
  assertPositiveInteger(samples, 'samples', 'sineData');
  const X = new Matrix(samples, 1, 'float64');
  const y = new Matrix(samples, 1, 'float64');
  const twoPi = 2 * Math.PI; // NumPy computes 2 * np.pi first, then multiplies X by it
  for (let i = 0; i < samples; i++) {
    X.data[i] = i / samples;
    y.data[i] = sin(twoPi * X.data[i]!);
  }
  return { X, y };
}
