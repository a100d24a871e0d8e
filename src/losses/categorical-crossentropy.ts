/**
 * Categorical cross-entropy compares a predicted distribution ŷ with the true one y:
 * `L = −Σ_j y_j log ŷ_j`. With one correct class this is just `−log ŷ_correct`: confidence in the
 * right answer costs little, confident mistakes cost a lot. Predictions are clipped to
 * [1e-7, 1 − 1e-7] so that log(0) never happens. Its gradient is `−y/ŷ`, divided by the number of
 * samples because the loss is their mean.
 */
import { Matrix, promote, roundTo } from '../matrix.ts';
import { Loss, checkLabels, checkTargets, type Targets } from './loss.ts';
import { assertMatrix } from '../checks.ts';

/** Categorical cross-entropy, for class indices or one-hot targets. */
export class CategoricalCrossentropy extends Loss {
  /** −log of the (clipped) probability of the correct class, per sample. */
  forward(yPred: Matrix, yTrue: Targets): Matrix {
    assertMatrix(yPred, 'CategoricalCrossentropy: the predictions');
    const { rows, cols } = yPred;
    const r = roundTo(yPred.dtype);
    // ŷ clipped to [1e-7, 1 − 1e-7], the bounds rounded to the dtype as NumPy does
    const lo = r(1e-7);
    const hi = r(1 - 1e-7);
    if (!(yTrue instanceof Matrix)) {
      checkLabels(yTrue, rows, cols, 'CategoricalCrossentropy');
      const p = yPred.data;
      const losses = new Matrix(rows, 1, yPred.dtype);
      for (let i = 0; i < rows; i++) {
        const confidence = Math.min(Math.max(p[i * cols + yTrue[i]!]!, lo), hi);
        losses.data[i] = -r(Math.log(confidence)); // −log ŷ[i, y_i]: log in float64, rounded once
      }
      return losses;
    }
    checkTargets(yPred, yTrue, 'CategoricalCrossentropy');
    const clipped = yPred.clip(lo, hi);
    // One-hot: np.sum(clipped * y_true, axis=1), then −log.
    const products = clipped.zip(yTrue, (a, b) => a * b);
    const correct = products.sumRows();
    const rc = roundTo(correct.dtype);
    for (let i = 0; i < rows; i++) correct.data[i] = -rc(Math.log(correct.data[i]!));
    return correct;
  }

  /** dL/dŷ = −y / ŷ / samples (sparse labels become one-hot rows first). */
  backward(dvalues: Matrix, yTrue: Targets): Matrix {
    assertMatrix(dvalues, 'CategoricalCrossentropy.backward: dvalues');
    const { rows: samples, cols } = dvalues;
    const d = dvalues.data;
    if (!(yTrue instanceof Matrix)) {
      checkLabels(yTrue, samples, cols, 'CategoricalCrossentropy');
      // y_true = np.eye(labels)[y_true], in dvalues' dtype
      const r = roundTo(dvalues.dtype);
      const dinputs = new Matrix(samples, cols, dvalues.dtype);
      for (let i = 0; i < samples; i++) {
        for (let j = 0, k = i * cols; j < cols; j++, k++) {
          dinputs.data[k] = r(r((j === yTrue[i] ? -1 : -0) / d[k]!) / samples);
        }
      }
      return dinputs;
    }
    checkTargets(dvalues, yTrue, 'CategoricalCrossentropy');
    const dtype = promote(dvalues.dtype, yTrue.dtype);
    const r = roundTo(dtype);
    const dinputs = new Matrix(samples, cols, dtype);
    const y = yTrue.data;
    for (let k = 0; k < d.length; k++) dinputs.data[k] = r(r(-y[k]! / d[k]!) / samples);
    return dinputs;
  }
}
