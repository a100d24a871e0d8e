/**
 * Dropout switches off a random fraction of the neurons at every training step, so the network cannot
 * lean on any single one and generalises better. Each value is kept with probability 1 − rate and
 * scaled by 1 / (1 − rate), so the expected sum stays the same and nothing needs rescaling at
 * inference, where dropout does nothing. The mask comes from the same generator as the weights
 * (`np.random.binomial(1, 1 − rate, shape) / (1 − rate)`) and, as in NumPy, it is float64: so are the
 * outputs and the gradients that pass through it.
 */
import { Matrix, ShapeError, promote } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import type { Layer, Parameter } from './layer.ts';
import { assertMatrix, assertOptions, assertRandom, describe } from '../checks.ts';

/** Options of Dropout. */
export interface DropoutOptions {
  /** Where the masks are drawn from (the same generator as the weights, in the book). */
  random: RandomState;
}

/** Inverted dropout: zero each value with probability `rate` while training, scale the rest up. */
export class Dropout implements Layer {
  /** The fraction of values dropped, in [0, 1). */
  readonly rate: number;
  private readonly random: RandomState;
  private mask?: Matrix;

  constructor(rate: number, options: DropoutOptions) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      const error = typeof rate === 'number' ? RangeError : TypeError;
      throw new error(`Dropout: rate must be in [0, 1) (the fraction of values to drop, e.g. 0.1), got ${describe(rate)}.`);
    }
    assertOptions(options, ['random'], 'Dropout');
    assertRandom(options?.random, 'Dropout');
    this.rate = rate;
    this.random = options.random;
  }

  /** While training: inputs · mask with a fresh mask of 0 and 1/(1 − rate). Otherwise a copy of the inputs. */
  forward(inputs: Matrix, training = true): Matrix {
    assertMatrix(inputs, 'Dropout.forward: inputs');
    if (!training) {
      this.mask = undefined;
      return inputs.clone();
    }
    const keep = 1 - this.rate; // the book stores this as self.rate
    const mask = new Matrix(inputs.rows, inputs.cols, 'float64');
    const m = mask.data;
    this.random.binomialFill(m, 1, keep);
    // mask = draws / keep. The draws are 0 or 1, so multiplying by 1 / keep gives the same bits.
    const scale = 1 / keep;
    const output = new Matrix(inputs.rows, inputs.cols, 'float64');
    const x = inputs.data;
    const out = output.data;
    for (let k = 0; k < m.length; k++) {
      m[k] = m[k]! * scale;
      out[k] = x[k]! * m[k]!;
    }
    this.mask = mask;
    return output;
  }

  /** dL/d(inputs) = dvalues · mask (the dropped values get no gradient). */
  backward(dvalues: Matrix): Matrix {
    const mask = this.mask;
    if (!mask) throw new Error('Dropout.backward needs a training forward pass first (forward with training = true).');
    assertMatrix(dvalues, 'Dropout.backward: dvalues');
    if (dvalues.rows !== mask.rows || dvalues.cols !== mask.cols) {
      throw new ShapeError(`Dropout.backward: dvalues of shape ${dvalues.shapeText} do not match the mask of the last forward pass, of shape ${mask.shapeText}; pass the gradient of this layer's outputs.`);
    }
    const dinputs = new Matrix(dvalues.rows, dvalues.cols, promote(dvalues.dtype, mask.dtype));
    const d = dvalues.data;
    const m = mask.data;
    for (let k = 0; k < m.length; k++) dinputs.data[k] = d[k]! * m[k]!;
    return dinputs;
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
