/**
 * Accuracy: the fraction of samples the model gets right, easier to read than a loss. For
 * classification a prediction is right when it is the true class (argmax of the outputs against the
 * labels, or for sigmoid outputs each 0/1 decision against its target). Regression has no "right",
 * so the book counts a prediction as right when it lies within a small band of the target:
 * `|ŷ − y| < std(y) / 250`.
 */
import { Matrix, ShapeError, pairwiseSum, roundTo } from './matrix.ts';
import type { AccumulatedTotals, Targets } from './losses/loss.ts';
import { assertOptions, describe } from './checks.ts';

/** What an output activation's `predictions` returns: class indices, or a matrix of values. */
export type Predictions = Int32Array | Matrix;

/** The base of the accuracies: compare, then average; also accumulates over batches (chapter 19). */
export abstract class Accuracy {
  private accumulatedSum = 0;
  private accumulatedCount = 0;

  /** 1 for each correct prediction, 0 for each wrong one. */
  abstract compare(predictions: Predictions, y: Targets): Uint8Array;

  /** Prepares for a data set (the regression precision); nothing for classification. */
  init(_y: Targets, _reinit = false): void {}

  /** The fraction of correct predictions (`np.mean(comparisons)`, a float64). */
  calculate(predictions: Predictions, y: Targets): number {
    const comparisons = this.compare(predictions, y);
    if (comparisons.length === 0) throw new ShapeError(`${this.constructor.name}: there are no predictions to compare; give at least one sample.`);
    let correct = 0;
    for (let i = 0; i < comparisons.length; i++) correct += comparisons[i]!;
    this.accumulatedSum += correct;
    this.accumulatedCount += comparisons.length;
    return correct / comparisons.length;
  }

  /** The accuracy over every batch since `newPass()`. */
  calculateAccumulated(): number {
    return this.accumulatedSum / this.accumulatedCount;
  }

  /** Starts a new epoch of `calculateAccumulated`. */
  newPass(): void {
    this.accumulatedSum = 0;
    this.accumulatedCount = 0;
  }

  /** The running totals behind `calculateAccumulated`, to save in a checkpoint taken in the middle of an epoch. */
  getAccumulated(): AccumulatedTotals {
    return { sum: this.accumulatedSum, count: this.accumulatedCount };
  }

  /** Restores totals saved by `getAccumulated`, so a resumed epoch reports the same mean as an uninterrupted one. */
  setAccumulated(totals: AccumulatedTotals): void {
    this.accumulatedSum = totals.sum;
    this.accumulatedCount = totals.count;
  }
}

/** Options of CategoricalAccuracy. */
export interface CategoricalAccuracyOptions {
  /** True for sigmoid outputs: compare each 0/1 prediction with its target (chapter 16). */
  binary?: boolean;
}

/** Classification accuracy: predicted class against class indices or one-hot rows. */
export class CategoricalAccuracy extends Accuracy {
  /** Whether predictions are independent 0/1 decisions (binary logistic regression). */
  readonly binary: boolean;

  constructor(options: CategoricalAccuracyOptions = {}) {
    super();
    assertOptions(options, ['binary'], 'CategoricalAccuracy');
    const binary = options?.binary ?? false;
    if (typeof binary !== 'boolean') throw new TypeError(`CategoricalAccuracy: binary must be true or false, got ${describe(binary)}.`);
    this.binary = binary;
  }

  /** predictions == y, after turning one-hot targets (and probability rows) into class indices. */
  compare(predictions: Predictions, y: Targets): Uint8Array {
    if (this.binary) {
      if (!(predictions instanceof Matrix) || !(y instanceof Matrix)) {
        throw new TypeError('CategoricalAccuracy (binary): predictions and targets must both be matrices of 0/1 values.');
      }
      sameShape(predictions, y);
      const out = new Uint8Array(y.data.length);
      for (let k = 0; k < out.length; k++) out[k] = predictions.data[k] === y.data[k] ? 1 : 0;
      return out;
    }
    const predicted = predictions instanceof Matrix ? predictions.argmaxRows() : predictions;
    const labels = y instanceof Matrix ? y.argmaxRows() : y;
    for (const [name, value] of [['predictions', predicted], ['labels', labels]] as const) {
      if (value === null || typeof value !== 'object' || typeof value.length !== 'number') {
        throw new TypeError(`CategoricalAccuracy: the ${name} must be class indices (an Int32Array or array of numbers) or a Matrix, got ${describe(value)}.`);
      }
    }
    if (predicted.length !== labels.length) {
      throw new ShapeError(`CategoricalAccuracy: ${predicted.length} predictions but ${labels.length} labels; there must be one label per sample.`);
    }
    const out = new Uint8Array(labels.length);
    for (let i = 0; i < out.length; i++) out[i] = predicted[i] === labels[i] ? 1 : 0;
    return out;
  }
}

/** Regression accuracy: a prediction counts as right within `precision = std(y) / 250` of its target. */
export class RegressionAccuracy extends Accuracy {
  /** The tolerance, set by `init` from the targets. */
  precision: number | undefined;

  /** precision = np.std(y) / 250 (once, or again with `reinit`). */
  override init(y: Targets, reinit = false): void {
    if (!(y instanceof Matrix)) throw new TypeError('RegressionAccuracy: the targets must be a matrix of values.');
    if (this.precision === undefined || reinit) this.precision = roundTo(y.dtype)(std(y) / 250);
  }

  /** |predictions − y| < precision, element-wise. */
  compare(predictions: Predictions, y: Targets): Uint8Array {
    if (!(predictions instanceof Matrix) || !(y instanceof Matrix)) {
      throw new TypeError('RegressionAccuracy: predictions and targets must both be matrices of values.');
    }
    sameShape(predictions, y);
    if (this.precision === undefined) this.init(y);
    const precision = this.precision!;
    const difference = predictions.zip(y, (a, b) => a - b);
    const out = new Uint8Array(difference.data.length);
    for (let k = 0; k < out.length; k++) out[k] = Math.abs(difference.data[k]!) < precision ? 1 : 0;
    return out;
  }
}

/**
 * The standard deviation of all values, as `np.std` computes it: the mean (a pairwise sum divided by
 * n), the squared deviations, their pairwise sum divided by n, and its square root, each rounded to
 * the dtype.
 */
export function std(m: Matrix): number {
  const r = roundTo(m.dtype);
  const n = m.data.length;
  if (n === 0) throw new ShapeError('Cannot take the standard deviation of an empty matrix.');
  const mean = r(m.sum() / n);
  const squares = new Matrix(m.rows, m.cols, m.dtype);
  for (let k = 0; k < n; k++) {
    const deviation = r(m.data[k]! - mean);
    squares.data[k] = deviation * deviation;
  }
  return r(Math.sqrt(r(pairwiseSum(squares.data, 0, n, m.dtype) / n)));
}

function sameShape(predictions: Matrix, y: Matrix): void {
  if (predictions.rows !== y.rows || predictions.cols !== y.cols) {
    throw new ShapeError(`Accuracy: predictions of shape ${predictions.shapeText} but targets of shape ${y.shapeText}; they must match.`);
  }
}
