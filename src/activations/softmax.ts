/**
 * Softmax turns a row of raw scores into a probability distribution: exponentiate, then divide by the
 * row's sum, `p_j = e^{z_j} / Σ_k e^{z_k}`. Subtracting the row's maximum first changes nothing
 * mathematically but keeps `exp` from overflowing. Its derivative is a matrix per sample, the Jacobian
 * `∂p_j/∂z_k = p_j(δ_jk − p_k)`, which the backward pass builds and multiplies by the incoming gradient,
 * exactly as the book does (the combined softmax + cross-entropy step is far cheaper: see
 * softmax-crossentropy.ts).
 */
import { Matrix, pairwiseSum, roundTo } from '../matrix.ts';
import type { Layer, Parameter } from '../layers/layer.ts';

/** Softmax over each row. */
export class Softmax implements Layer {
  private output?: Matrix;

  /** p = exp(z − max(z)) / Σ exp(z − max(z)), row by row. */
  forward(inputs: Matrix): Matrix {
    const { rows, cols, dtype } = inputs;
    const r = roundTo(dtype);
    const output = new Matrix(rows, cols, dtype);
    const z = inputs.data;
    const p = output.data;
    for (let i = 0; i < rows; i++) {
      const start = i * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) {
        const x = z[start + j]!;
        if (x > max || Number.isNaN(x)) max = x;
      }
      // exp is computed in float64 and rounded once (the book's digits); the subtraction rounds first.
      for (let j = 0; j < cols; j++) p[start + j] = Math.exp(r(z[start + j]! - max));
      const sum = pairwiseSum(p, start, cols, dtype);
      for (let j = 0; j < cols; j++) p[start + j] = p[start + j]! / sum;
    }
    this.output = output;
    return output;
  }

  /** dL/dz = J · dvalues per sample, with the Jacobian J = diag(p) − p·pᵀ. */
  backward(dvalues: Matrix): Matrix {
    const output = this.output;
    if (!output) throw new Error('Softmax.backward called before forward.');
    if (dvalues.rows !== output.rows || dvalues.cols !== output.cols) {
      throw new Error(`Softmax.backward: dvalues ${dvalues.shapeText} do not match the outputs ${output.shapeText}.`);
    }
    const n = output.cols;
    const rj = roundTo(output.dtype);
    // np.dot rounds to float32 unless both sides are float64; the result is stored in dvalues' dtype.
    const rdot = roundTo(output.dtype === 'float64' && dvalues.dtype === 'float64' ? 'float64' : 'float32');
    const dinputs = new Matrix(dvalues.rows, n, dvalues.dtype);
    const jacobian = new Float64Array(n * n);
    const p = output.data;
    const d = dvalues.data;
    for (let i = 0; i < output.rows; i++) {
      const s = i * n;
      // J = np.diagflat(p) − np.dot(p, p.T): each product rounds, then the difference.
      for (let j = 0; j < n; j++) {
        for (let k = 0; k < n; k++) jacobian[j * n + k] = rj((j === k ? p[s + j]! : 0) - rj(p[s + j]! * p[s + k]!));
      }
      // dinputs[i] = np.dot(J, dvalues[i]), accumulated in float64 and rounded once.
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let k = 0; k < n; k++) acc += jacobian[j * n + k]! * d[s + k]!;
        dinputs.data[s + j] = rdot(acc);
      }
    }
    return dinputs;
  }

  /** The predicted class of each sample: the index of its largest probability (`np.argmax(outputs, axis=1)`). */
  predictions(outputs: Matrix): Int32Array {
    return outputs.argmaxRows();
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
