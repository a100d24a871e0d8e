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
import { Buffers } from '../buffers.ts';
import { multiplyFloat64 } from '../kernels.ts';

/** Options of Dropout. */
export interface DropoutOptions {
  /** Where the masks are drawn from (the same generator as the weights, in the book). */
  random: RandomState;
}

/** Inverted dropout: zero each value with probability `rate` while training, scale the rest up. */
export class Dropout implements Layer {
  /** The fraction of values dropped, in [0, 1). */
  readonly rate: number;
  /** Its masks, outputs and input gradients, reused from step to step while a Model trains. */
  readonly buffers = new Buffers();
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
    const mask = this.buffers.matrix('mask', inputs.rows, inputs.cols, 'float64');
    // mask = binomial(1, keep) / keep: 0 or 1/(1 − rate); output = inputs · mask.
    this.random.binomialFill(mask.data, 1, keep, keep);
    const output = this.buffers.matrix('output', inputs.rows, inputs.cols, 'float64');
    multiplyFloat64(inputs.data, mask.data as Float64Array, output.data as Float64Array);
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
    const dinputs = this.buffers.matrix('dinputs', dvalues.rows, dvalues.cols, promote(dvalues.dtype, mask.dtype));
    multiplyFloat64(dvalues.data, mask.data as Float64Array, dinputs.data as Float64Array);
    return dinputs;
  }

  /** No trainable parameters. */
  parameters(): Parameter[] {
    return [];
  }
}
