/**
 * Softmax turns a row of raw scores into a probability distribution: exponentiate, then divide by the
 * row's sum, `p_j = e^{z_j} / Σ_k e^{z_k}`. Subtracting the row's maximum first changes nothing
 * mathematically but keeps `exp` from overflowing. Its derivative is a matrix per sample, the Jacobian
 * `∂p_j/∂z_k = p_j(δ_jk − p_k)`, which the backward pass builds and multiplies by the incoming gradient,
 * exactly as the book does (the combined softmax + cross-entropy step is far cheaper: see
 * softmax-crossentropy.ts).
 */
import { Matrix, ShapeError, pairwiseSum, promote, roundTo, type DType } from '../matrix.ts';
import type { Layer, Parameter } from '../layers/layer.ts';
import { assertDType, assertMatrix, assertOptions } from '../checks.ts';
import { wasmSoftmax32 } from '../kernels/wasm-elementwise.ts';
import { Buffers } from '../buffers.ts';

/** Options of Softmax. */
export interface SoftmaxOptions {
  /**
   * The dtype of the Jacobian's matrix products. By default a product is float64 only when both
   * sides are (plain NumPy). The book's `nnfs.init()` makes every `np.dot` return float32: pass
   * 'float32' for that, which matters only when outputs and gradients are both float64 (the
   * hand-made example of chapter 9).
   */
  productDtype?: DType;
}

/** Softmax over each row. */
export class Softmax implements Layer {
  /** Its outputs, reused from step to step while a Model trains. */
  readonly buffers = new Buffers();
  private output?: Matrix;
  private readonly productDtype: DType | undefined;

  constructor(options: SoftmaxOptions = {}) {
    assertOptions(options, ['productDtype'], 'Softmax');
    if (options.productDtype !== undefined) assertDType(options.productDtype, 'Softmax (productDtype)');
    this.productDtype = options.productDtype;
  }

  /** p = exp(z − max(z)) / Σ exp(z − max(z)), row by row. */
  forward(inputs: Matrix, training = true): Matrix {
    assertMatrix(inputs, 'Softmax.forward: inputs');
    const { rows, cols, dtype } = inputs;
    const output = training ? this.buffers.matrix('output', rows, cols, dtype) : new Matrix(rows, cols, dtype);
    const z = inputs.data;
    const p = output.data;
    // float32 in WebAssembly where it can (it leaves rows with a NaN or infinite maximum undone:
    // then every row is computed here, the same way)
    const done = z instanceof Float32Array && p instanceof Float32Array && z.length >= 64 && wasmSoftmax32(z, p, rows, cols) === 0;
    if (!done) softmaxRows(z, p, rows, cols, dtype);
    this.output = output;
    return output;
  }

  /** dL/dz = J · dvalues per sample, with the Jacobian J = diag(p) − p·pᵀ. */
  backward(dvalues: Matrix): Matrix {
    const output = this.output;
    if (!output) throw new Error('Softmax.backward called before forward; run forward on a batch first.');
    return softmaxBackward(output, dvalues, this.productDtype);
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

/**
 * Softmax of each row of z (rows × cols) into p, in either dtype: the row's maximum (NaN wins), exp
 * of each difference (the difference rounded to the dtype, exp computed in float64 and rounded
 * once: the book's digits), then each divided by the row's pairwise sum.
 */
function softmaxRows(z: Float32Array | Float64Array, p: Float32Array | Float64Array, rows: number, cols: number, dtype: DType): void {
  const r = roundTo(dtype);
  for (let i = 0; i < rows; i++) {
    const start = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) {
      const x = z[start + j]!;
      if (x > max || Number.isNaN(x)) max = x;
    }
    for (let j = 0; j < cols; j++) p[start + j] = Math.exp(r(z[start + j]! - max));
    const sum = pairwiseSum(p, start, cols, dtype);
    for (let j = 0; j < cols; j++) p[start + j] = p[start + j]! / sum;
  }
}

/**
 * Softmax's backward pass for given outputs p (the book sets `activation.output` by hand in
 * chapter 9): dL/dz = J · dvalues per sample, with the Jacobian J = diag(p) − p·pᵀ. `productDtype`
 * forces the dtype of the two matrix products (see SoftmaxOptions).
 */
export function softmaxBackward(output: Matrix, dvalues: Matrix, productDtype?: DType): Matrix {
  assertMatrix(output, 'softmaxBackward: output');
  assertMatrix(dvalues, 'Softmax.backward: dvalues');
  if (dvalues.rows !== output.rows || dvalues.cols !== output.cols) {
    throw new ShapeError(`Softmax.backward: dvalues of shape ${dvalues.shapeText} do not match the softmax outputs, of shape ${output.shapeText}; pass the gradient of those outputs.`);
  }
  const n = output.cols;
  // np.dot(p, p.T) has p's dtype (or the forced one); diagflat(p) minus it is promoted as NumPy does.
  const outerDtype = productDtype ?? output.dtype;
  const jacobianDtype = promote(output.dtype, outerDtype);
  const router = roundTo(outerDtype);
  const rj = roundTo(jacobianDtype);
  // np.dot(J, dvalues[i]) is float64 only if both sides are; the result is stored in dvalues' dtype.
  const rdot = roundTo(productDtype ?? (jacobianDtype === 'float64' && dvalues.dtype === 'float64' ? 'float64' : 'float32'));
  const dinputs = new Matrix(dvalues.rows, n, dvalues.dtype);
  const jacobian = new Float64Array(n * n);
  const p = output.data;
  const d = dvalues.data;
  for (let i = 0; i < output.rows; i++) {
    const s = i * n;
    // J = np.diagflat(p) − np.dot(p, p.T): each product rounds, then the difference.
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) jacobian[j * n + k] = rj((j === k ? p[s + j]! : 0) - router(p[s + j]! * p[s + k]!));
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
