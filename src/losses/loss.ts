/**
 * A loss measures how wrong the network's outputs are; training lowers it. Every loss computes one
 * value per sample (`forward`), and the data loss of a batch is their mean (`calculate`). The
 * penalties on large weights (L1, L2) are a separate term, the regularization loss, reported apart so
 * a training log can show both. `backward` gives the gradient of the mean loss with respect to the
 * outputs, where backpropagation starts.
 */
import { Matrix, ShapeError, roundTo, type DType } from '../matrix.ts';
import type { Layer } from '../layers/layer.ts';
import { Dense } from '../layers/dense.ts';
import { assertLabels, assertMatrix, describe } from '../checks.ts';

/** Class indices, one per sample (the book's sparse labels). */
export type Labels = ArrayLike<number>;

/** What a loss compares the outputs with: class indices, or a matrix of targets (one-hot or values). */
export type Targets = Labels | Matrix;

/** The running sum and count of an epoch's losses or right predictions (chapter 19's accumulated values). */
export interface AccumulatedTotals {
  sum: number;
  count: number;
  /** The dtype the loss sums are rounded to (losses only). */
  dtype?: DType;
}

/** The base of every loss: per-sample values, their mean, and the regularization term. */
export abstract class Loss {
  /** The dtype of the last data loss computed (float32 under the book's semantics). */
  dtype: DType = 'float32';
  private accumulatedSum = 0;
  private accumulatedCount = 0;

  /** The loss of each sample, as a samples × 1 matrix. */
  abstract forward(yPred: Matrix, yTrue: Targets): Matrix;

  /** dL/d(yPred) of the mean loss. */
  abstract backward(dvalues: Matrix, yTrue: Targets): Matrix;

  /**
   * The data loss: the mean of the per-sample losses (`np.mean`, pairwise, in the losses' dtype).
   * Also adds them to the running totals of `calculateAccumulated`.
   */
  calculate(output: Matrix, y: Targets): number {
    assertMatrix(output, `${this.constructor.name}.calculate: the output`);
    const sampleLosses = this.forward(output, y);
    this.dtype = sampleLosses.dtype;
    const r = roundTo(this.dtype);
    const count = sampleLosses.data.length;
    if (count === 0) throw new ShapeError('Cannot compute the loss of an empty batch.');
    const sum = sampleLosses.sum(); // pairwise, as np.sum and np.mean add
    // accumulated_sum += np.sum(sample_losses), in the losses' dtype
    this.accumulatedSum = r(this.accumulatedSum + sum);
    this.accumulatedCount += count;
    return r(sum / count); // np.mean
  }

  /** The mean loss over every batch since `newPass()` (the book's chapter 19 epoch loss). */
  calculateAccumulated(): number {
    return roundTo(this.dtype)(this.accumulatedSum / this.accumulatedCount);
  }

  /** Starts a new epoch of `calculateAccumulated`. */
  newPass(): void {
    this.accumulatedSum = 0;
    this.accumulatedCount = 0;
  }

  /** The running totals behind `calculateAccumulated`, to save in a checkpoint taken in the middle of an epoch. */
  getAccumulated(): AccumulatedTotals {
    return { sum: this.accumulatedSum, count: this.accumulatedCount, dtype: this.dtype };
  }

  /** Restores totals saved by `getAccumulated`, so a resumed epoch reports the same mean as an uninterrupted one. */
  setAccumulated(totals: AccumulatedTotals): void {
    this.accumulatedSum = totals.sum;
    this.accumulatedCount = totals.count;
    if (totals.dtype) this.dtype = totals.dtype;
  }

  /** The regularization loss of the layers (see the free function `regularizationLoss`). */
  regularizationLoss(layers: readonly Layer[]): number {
    return regularizationLoss(layers);
  }

  /** data loss + regularization loss, added as NumPy adds them (in float32 when the data loss is float32). */
  total(dataLoss: number, regularizationLoss: number): number {
    return roundTo(this.dtype)(dataLoss + regularizationLoss);
  }
}

/**
 * The regularization loss of the layers, `Σ λ₁·Σ|w| + λ₂·Σw²` over weights and biases, summed in
 * one running total (layers without penalties add nothing). Each term is rounded as NumPy rounds a
 * float32 scalar.
 */
export function regularizationLoss(layers: readonly Layer[]): number {
  let total = 0;
  for (const layer of layers) {
    if (!(layer instanceof Dense)) continue;
    total = addPenalty(total, layer.weights, layer.weightRegularizerL1, layer.weightRegularizerL2);
    total = addPenalty(total, layer.biases, layer.biasRegularizerL1, layer.biasRegularizerL2);
  }
  return total;
}

/** total += l1 · Σ|p| and total += l2 · Σp², each in the parameter's dtype. */
function addPenalty(total: number, param: Matrix, l1: number, l2: number): number {
  const r = roundTo(param.dtype);
  if (l1 > 0) total = r(total + r(r(l1) * param.map(Math.abs).sum()));
  if (l2 > 0) {
    const squares = new Matrix(param.rows, param.cols, param.dtype);
    for (let k = 0; k < squares.data.length; k++) squares.data[k] = param.data[k]! * param.data[k]!;
    total = r(total + r(r(l2) * squares.sum()));
  }
  return total;
}

/** Raised when the loss becomes NaN or infinite: training cannot recover from that. */
export class NonFiniteLossError extends Error {
  override name = 'NonFiniteLossError';
}

/**
 * Throws a NonFiniteLossError if `loss` is NaN or ±Infinity. Training loops call it every step; the
 * message says where (`context`, e.g. "epoch 12") and what usually causes it.
 */
export function assertFiniteLoss(loss: number, context = ''): void {
  if (Number.isFinite(loss)) return;
  const where = context ? ` at ${context}` : '';
  throw new NonFiniteLossError(
    `The loss became ${loss}${where}, so training stopped. The usual cause is a learning rate too high ` +
      '(the weights overshoot and grow until they overflow): try a smaller learning rate or some decay. ' +
      'Other causes: inputs with NaN or huge values (scale the data), or targets that do not fit the loss ' +
      '(e.g. class indices outside the number of outputs).',
  );
}

/** Checks that labels are whole numbers in [0, classes) and as many as the samples. */
export function checkLabels(labels: Labels, samples: number, classes: number, what: string): void {
  if (labels !== null && typeof labels === 'object' && labels.length !== samples) {
    throw new ShapeError(`${what}: ${samples} predictions but ${labels.length} labels; there must be one label per sample.`);
  }
  assertLabels(labels, samples, classes, what);
}

/** Checks that a target matrix has the predictions' shape. */
export function checkTargets(yPred: Matrix, yTrue: Matrix, what: string): void {
  assertMatrix(yPred, `${what}: the predictions`);
  if (yPred.rows !== yTrue.rows || yPred.cols !== yTrue.cols) {
    const hint = yTrue.cols === 1 && yPred.cols > 1 && yPred.rows === yTrue.rows
      ? ' If these are class indices, pass them as an Int32Array or a plain array of numbers instead of a column Matrix.'
      : '';
    throw new ShapeError(`${what}: predictions of shape ${yPred.shapeText} but targets of shape ${yTrue.shapeText}; they must match (one row of targets per sample).${hint}`);
  }
}

/** The targets as a matrix of the predictions' shape (for losses that take no class indices). */
export function targetMatrix(yPred: Matrix, yTrue: Targets, what: string): Matrix {
  if (!(yTrue instanceof Matrix)) {
    throw new TypeError(`${what}: the targets must be a matrix with one row per sample (e.g. Matrix.column(y)), got ${describe(yTrue)}.`);
  }
  checkTargets(yPred, yTrue, what);
  return yTrue;
}

/** The per-row mean of a matrix, as a rows × 1 matrix (`np.mean(x, axis=-1)`): pairwise sums divided by cols. */
export function meanRows(m: Matrix): Matrix {
  const sums = m.sumRows();
  const r = roundTo(m.dtype);
  for (let i = 0; i < sums.data.length; i++) sums.data[i] = r(sums.data[i]! / m.cols);
  return sums;
}
