/**
 * The linear (identity) activation: the output is the input. A regression network ends with it so
 * its output can be any number (book chapter 17). Its derivative is 1, so the gradient passes
 * through unchanged.
 */
import type { Matrix } from '../matrix.ts';
import type { Layer, Parameter } from '../layers/layer.ts';
import { assertMatrix } from '../checks.ts';

/** The identity: `output = inputs`. */
export class Linear implements Layer {
  /** Returns the inputs themselves. */
  forward(inputs: Matrix): Matrix {
    assertMatrix(inputs, 'Linear.forward: inputs');
    return inputs;
  }

  /** dL/dx = dvalues (a copy). */
  backward(dvalues: Matrix): Matrix {
    assertMatrix(dvalues, 'Linear.backward: dvalues');
    return dvalues.clone();
  }

  /** The outputs are the predictions. */
  predictions(outputs: Matrix): Matrix {
    return outputs;
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
