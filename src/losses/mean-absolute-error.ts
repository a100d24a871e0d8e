/**
 * Mean absolute error (L1): `L = mean_j |y_j − ŷ_j|` per sample. It punishes errors in proportion to
 * their size, so outliers pull less than with squared error. Its gradient is `−sign(y − ŷ) / outputs`,
 * divided by the number of samples.
 *
 * The book's code writes `np.sign(y_true - dvalues)` without the minus sign, which points uphill (the
 * gradient check catches it). No chapter trains with this loss, so no printed number depends on it;
 * we use the correct sign.
 */
import { Matrix, promote, roundTo } from '../matrix.ts';
import { Loss, meanRows, targetMatrix, type Targets } from './loss.ts';

/** Mean absolute error over each sample's outputs. */
export class MeanAbsoluteError extends Loss {
  /** mean(|y − ŷ|) over each row. */
  forward(yPred: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(yPred, yTrue, 'MeanAbsoluteError');
    const errors = new Matrix(yPred.rows, yPred.cols, promote(yPred.dtype, y.dtype));
    for (let k = 0; k < errors.data.length; k++) errors.data[k] = Math.abs(y.data[k]! - yPred.data[k]!);
    return meanRows(errors);
  }

  /** dL/dŷ = −sign(y − ŷ) / outputs / samples */
  backward(dvalues: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(dvalues, yTrue, 'MeanAbsoluteError');
    const { rows: samples, cols: outputs } = dvalues;
    const dinputs = new Matrix(samples, outputs, promote(dvalues.dtype, y.dtype));
    const r = roundTo(dinputs.dtype);
    for (let k = 0; k < dinputs.data.length; k++) {
      dinputs.data[k] = r(Math.sign(dvalues.data[k]! - y.data[k]!) / outputs) / samples; // −sign(y − ŷ)
    }
    return dinputs;
  }
}
