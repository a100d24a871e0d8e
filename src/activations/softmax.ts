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
  private output?: Matrix;
  private readonly productDtype: DType | undefined;

  constructor(options: SoftmaxOptions = {}) {
    assertOptions(options, ['productDtype'], 'Softmax');
    if (options.productDtype !== undefined) assertDType(options.productDtype, 'Softmax (productDtype)');
    this.productDtype = options.productDtype;
  }

  /** p = exp(z − max(z)) / Σ exp(z − max(z)), row by row. */
  forward(inputs: Matrix): Matrix {
    assertMatrix(inputs, 'Softmax.forward: inputs');
    const { rows, cols, dtype } = inputs;
    const output = new Matrix(rows, cols, dtype);
    const z = inputs.data;
    const p = output.data;
    if (z instanceof Float32Array && p instanceof Float32Array) {
      // In WebAssembly where it can (rows with a NaN or infinite maximum are left to softmax32).
      const skipped = z.length >= 64 ? wasmSoftmax32(z, p, rows, cols) : -1;
      if (skipped !== 0) softmax32(z, p, rows, cols);
    } else {
      softmaxRows(z, p, rows, cols, dtype);
    }
    this.output = output;
    return output;
  }

  /** The predicted class of each sample: the index of its largest probability (`np.argmax(outputs, axis=1)`). */
  predictions(outputs: Matrix): Int32Array {
    const { data, rows, cols } = outputs;
    if (!(data instanceof Float32Array)) return outputs.argmaxRows();
    // Matrix.argmaxRows (the first of equal maxima; NaN never wins), on float32 alone.
    const out = new Int32Array(rows);
    for (let i = 0, start = 0; i < rows; i++, start += cols) {
      let best = start;
      let bestValue = data[start]!;
      for (let k = start + 1; k < start + cols; k++) {
        const x = data[k]!;
        if (x > bestValue) {
          best = k;
          bestValue = x;
        }
      }
      out[i] = best - start;
    }
    return out;
  }

  /** dL/dz = J · dvalues per sample, with the Jacobian J = diag(p) − p·pᵀ. */
  backward(dvalues: Matrix): Matrix {
    const output = this.output;
    if (!output) throw new Error('Softmax.backward called before forward; run forward on a batch first.');
    return softmaxBackward(output, dvalues, this.productDtype);
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
 * `softmaxRows` for float32, the same operations in the same order. It was ~130 ns per element
 * (0.15 ms for a 128 × 10 batch), a third of it in `pairwiseSum`, which every caller shares with
 * arrays of both dtypes and plain arrays, so its element loads and its rounding helper are
 * polymorphic and its eight accumulators a fresh array per call; here they are monomorphic and in
 * locals (see docs/notes/step-overheads.md).
 */
function softmax32(z: Float32Array, p: Float32Array, rows: number, cols: number): void {
  const f = Math.fround;
  for (let start = 0; start < rows * cols; start += cols) {
    const end = start + cols;
    let max = -Infinity;
    for (let k = start; k < end; k++) {
      const x = z[k]!;
      if (x > max || x !== x) max = x;
    }
    for (let k = start; k < end; k++) p[k] = Math.exp(f(z[k]! - max));
    const sum = pairwiseSum32(p, start, cols);
    for (let k = start; k < end; k++) p[k] = p[k]! / sum;
  }
}

/** `pairwiseSum(data, offset, n, 'float32')` (NumPy's pairwise summation) on a Float32Array. */
export function pairwiseSum32(data: Float32Array, offset: number, n: number): number {
  const f = Math.fround;
  if (n < 8) {
    let s = -0;
    for (let i = offset; i < offset + n; i++) s = f(s + data[i]!);
    return s;
  }
  if (n <= 128) {
    let r0 = data[offset]!, r1 = data[offset + 1]!, r2 = data[offset + 2]!, r3 = data[offset + 3]!;
    let r4 = data[offset + 4]!, r5 = data[offset + 5]!, r6 = data[offset + 6]!, r7 = data[offset + 7]!;
    const blocks = offset + n - (n % 8);
    let i = offset + 8;
    for (; i < blocks; i += 8) {
      r0 = f(r0 + data[i]!); r1 = f(r1 + data[i + 1]!); r2 = f(r2 + data[i + 2]!); r3 = f(r3 + data[i + 3]!);
      r4 = f(r4 + data[i + 4]!); r5 = f(r5 + data[i + 5]!); r6 = f(r6 + data[i + 6]!); r7 = f(r7 + data[i + 7]!);
    }
    let s = f(f(f(r0 + r1) + f(r2 + r3)) + f(f(r4 + r5) + f(r6 + r7)));
    for (; i < offset + n; i++) s = f(s + data[i]!);
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f(pairwiseSum32(data, offset, n2) + pairwiseSum32(data, offset + n2, n - n2));
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
