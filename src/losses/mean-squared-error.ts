/**
 * Mean squared error, the usual regression loss (L2): `L = mean_j (y_j − ŷ_j)²` per sample. Squaring
 * punishes large errors much more than small ones. Its gradient is `−2(y − ŷ) / outputs`, divided by
 * the number of samples.
 */
import { Matrix, promote, roundTo } from '../matrix.ts';
import { Loss, meanRows, targetMatrix, type Targets } from './loss.ts';

/** Mean squared error over each sample's outputs. */
export class MeanSquaredError extends Loss {
  /** mean((y − ŷ)²) over each row. */
  forward(yPred: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(yPred, yTrue, 'MeanSquaredError');
    const squares = new Matrix(yPred.rows, yPred.cols, promote(yPred.dtype, y.dtype));
    const r = roundTo(squares.dtype);
    for (let k = 0; k < squares.data.length; k++) {
      const error = r(y.data[k]! - yPred.data[k]!);
      squares.data[k] = error * error;
    }
    return meanRows(squares);
  }

  /** dL/dŷ = −2(y − ŷ) / outputs / samples */
  backward(dvalues: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(dvalues, yTrue, 'MeanSquaredError');
    const { rows: samples, cols: outputs } = dvalues;
    const dinputs = new Matrix(samples, outputs, promote(dvalues.dtype, y.dtype));
    const r = roundTo(dinputs.dtype);
    for (let k = 0; k < dinputs.data.length; k++) {
      dinputs.data[k] = r(r(-2 * r(y.data[k]! - dvalues.data[k]!)) / outputs) / samples;
    }
    return dinputs;
  }
}
