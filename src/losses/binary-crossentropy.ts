/**
 * Binary cross-entropy scores independent yes/no outputs (sigmoid outputs, one per question):
 * `L = −(y log ŷ + (1 − y) log(1 − ŷ))`, averaged over the outputs of a sample. Predictions are
 * clipped to [1e-7, 1 − 1e-7] so neither log sees 0. Its gradient is
 * `−(y/ŷ − (1 − y)/(1 − ŷ)) / outputs`, divided by the number of samples.
 */
import { Matrix, promote, roundTo } from '../matrix.ts';
import { Loss, meanRows, targetMatrix, type Targets } from './loss.ts';

/** Binary cross-entropy, for sigmoid outputs and 0/1 targets of the same shape. */
export class BinaryCrossentropy extends Loss {
  /** The mean over each sample's outputs of −(y log ŷ + (1 − y) log(1 − ŷ)). */
  forward(yPred: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(yPred, yTrue, 'BinaryCrossentropy');
    const clipped = yPred.clip(1e-7, 1 - 1e-7);
    const rp = roundTo(yPred.dtype);
    const ry = roundTo(y.dtype);
    const sampleLosses = new Matrix(yPred.rows, yPred.cols, promote(yPred.dtype, y.dtype));
    const r = roundTo(sampleLosses.dtype);
    const p = clipped.data;
    const t = y.data;
    for (let k = 0; k < p.length; k++) {
      // logs computed in float64, rounded once
      const logP = rp(Math.log(p[k]!));
      const logNotP = rp(Math.log(rp(1 - p[k]!)));
      sampleLosses.data[k] = -r(r(t[k]! * logP) + r(ry(1 - t[k]!) * logNotP));
    }
    return meanRows(sampleLosses);
  }

  /** dL/dŷ = −(y/ŷ − (1 − y)/(1 − ŷ)) / outputs / samples, with ŷ clipped. */
  backward(dvalues: Matrix, yTrue: Targets): Matrix {
    const y = targetMatrix(dvalues, yTrue, 'BinaryCrossentropy');
    const { rows: samples, cols: outputs } = dvalues;
    const clipped = dvalues.clip(1e-7, 1 - 1e-7);
    const rp = roundTo(dvalues.dtype);
    const ry = roundTo(y.dtype);
    const dinputs = new Matrix(samples, outputs, promote(dvalues.dtype, y.dtype));
    const r = roundTo(dinputs.dtype);
    const p = clipped.data;
    const t = y.data;
    for (let k = 0; k < p.length; k++) {
      const difference = r(r(t[k]! / p[k]!) - r(ry(1 - t[k]!) / rp(1 - p[k]!)));
      dinputs.data[k] = r(-difference / outputs) / samples;
    }
    return dinputs;
  }
}
