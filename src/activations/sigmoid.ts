/**
 * The sigmoid squashes any number into (0, 1): `σ(x) = 1 / (1 + e^{−x})`. An output neuron with a
 * sigmoid gives the probability of a yes/no question, which is how binary logistic regression (book
 * chapter 16) works. Its derivative is neat: `σ'(x) = σ(x)(1 − σ(x))`, computed from the output.
 */
import { Matrix, ShapeError, promote, roundTo } from '../matrix.ts';
import type { Layer, Parameter } from '../layers/layer.ts';
import { assertMatrix } from '../checks.ts';

/** Sigmoid: `output = 1 / (1 + exp(−inputs))`. */
export class Sigmoid implements Layer {
  private output?: Matrix;

  /** 1 / (1 + exp(−x)), each step rounded to the dtype (exp computed in float64, rounded once). */
  forward(inputs: Matrix): Matrix {
    assertMatrix(inputs, 'Sigmoid.forward: inputs');
    const r = roundTo(inputs.dtype);
    const output = new Matrix(inputs.rows, inputs.cols, inputs.dtype);
    const x = inputs.data;
    for (let k = 0; k < x.length; k++) output.data[k] = 1 / r(1 + r(Math.exp(-x[k]!)));
    this.output = output;
    return output;
  }

  /** dL/dx = dvalues · (1 − σ) · σ */
  backward(dvalues: Matrix): Matrix {
    const output = this.output;
    if (!output) throw new Error('Sigmoid.backward called before forward; run forward on a batch first.');
    assertMatrix(dvalues, 'Sigmoid.backward: dvalues');
    if (dvalues.rows !== output.rows || dvalues.cols !== output.cols) {
      throw new ShapeError(`Sigmoid.backward: dvalues of shape ${dvalues.shapeText} do not match the outputs of the last forward pass, of shape ${output.shapeText}; pass the gradient of those outputs.`);
    }
    const ro = roundTo(output.dtype);
    const dinputs = new Matrix(dvalues.rows, dvalues.cols, promote(dvalues.dtype, output.dtype));
    const r = roundTo(dinputs.dtype);
    const d = dvalues.data;
    const s = output.data;
    for (let k = 0; k < d.length; k++) dinputs.data[k] = r(d[k]! * ro(1 - s[k]!)) * s[k]!;
    return dinputs;
  }

  /** Each output above 0.5 is a 1 (yes), the rest 0: `(outputs > 0.5) * 1`. */
  predictions(outputs: Matrix): Matrix {
    return outputs.map((p) => (p > 0.5 ? 1 : 0));
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
