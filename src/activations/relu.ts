/**
 * The rectified linear unit, max(0, x): it passes positive values through and zeroes the rest. This
 * kink is all the non-linearity a network of dense layers needs to bend its decision boundaries.
 * Its derivative is 1 where the input was positive and 0 elsewhere, so the gradient flows back only
 * through the neurons that fired.
 */
import { Matrix, ShapeError } from '../matrix.ts';
import { reluFloat32, reluBackwardFloat32, reluBackwardFloat64 } from '../kernels.ts';
import type { Layer, Parameter } from '../layers/layer.ts';
import { assertMatrix } from '../checks.ts';
import { Buffers } from '../buffers.ts';

/** Rectified linear unit: `output = max(0, inputs)`. */
export class ReLU implements Layer {
  /** Its outputs and input gradients, reused from step to step while a Model trains. */
  readonly buffers = new Buffers();
  private inputs?: Matrix;

  /** max(0, x) element-wise (NaN stays NaN, as in `np.maximum`). */
  forward(inputs: Matrix, training = true): Matrix {
    assertMatrix(inputs, 'ReLU.forward: inputs');
    this.inputs = inputs;
    const output = training ? this.buffers.matrix('output', inputs.rows, inputs.cols, inputs.dtype) : new Matrix(inputs.rows, inputs.cols, inputs.dtype);
    const x = inputs.data;
    const out = output.data;
    if (x instanceof Float32Array && out instanceof Float32Array) reluFloat32(x, out); // the same, four at a time
    else for (let k = 0; k < x.length; k++) out[k] = Math.max(0, x[k]!);
    return output;
  }

  /** dL/dx = dvalues where x > 0, else 0. */
  backward(dvalues: Matrix): Matrix {
    const inputs = this.inputs;
    if (!inputs) throw new Error('ReLU.backward called before forward; run forward on a batch first.');
    assertMatrix(dvalues, 'ReLU.backward: dvalues');
    if (dvalues.rows !== inputs.rows || dvalues.cols !== inputs.cols) {
      throw new ShapeError(`ReLU.backward: dvalues of shape ${dvalues.shapeText} do not match the inputs of the last forward pass, of shape ${inputs.shapeText}; pass the gradient of this layer's outputs.`);
    }
    const dinputs = this.buffers.matrix('dinputs', dvalues.rows, dvalues.cols, dvalues.dtype);
    const d = dvalues.data;
    const x = inputs.data;
    const out = dinputs.data;
    if (d instanceof Float32Array && x instanceof Float32Array && out instanceof Float32Array) reluBackwardFloat32(d, x, out); // the same, four at a time
    else if (d instanceof Float64Array && out instanceof Float64Array) reluBackwardFloat64(d, x, out); // behind dropout
    else for (let k = 0; k < d.length; k++) out[k] = x[k]! <= 0 ? 0 : d[k]!;
    return dinputs;
  }

  /** ReLU is not an output activation; its "predictions" are its outputs, as in the book. */
  predictions(outputs: Matrix): Matrix {
    return outputs;
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
