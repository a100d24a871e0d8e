/**
 * What every piece of a network has in common. A layer turns inputs into outputs (`forward`) and
 * turns the gradient of the loss with respect to its outputs into the gradient with respect to its
 * inputs (`backward`). Trainable layers also hand out their parameters together with their gradients,
 * so one optimizer loop serves every layer (the ConvNetJS idea).
 */
import type { Matrix } from '../matrix.ts';
import type { Buffers } from '../buffers.ts';

/** A trainable array and the gradient of the loss with respect to it. */
export interface Parameter {
  /** What it is, e.g. `weights` or `biases`. */
  readonly name: string;
  /** The current value. Optimizers update it in place, so layers and optimizers share it. */
  readonly value: Matrix;
  /** dL/d(value) from the last backward pass; undefined before the first one. */
  grad: Matrix | undefined;
}

/** A layer or activation: forward and backward side by side. */
export interface Layer {
  /** Computes the outputs for a batch. `training` is true while fitting (dropout is active only then). */
  forward(inputs: Matrix, training?: boolean): Matrix;
  /** Given dL/d(outputs), stores the parameter gradients and returns dL/d(inputs). */
  backward(dvalues: Matrix): Matrix;
  /**
   * Optional: `backward` without dL/d(inputs), for a layer whose input gradient nobody reads (the
   * first trainable layer of a Model). Stores the same parameter gradients as `backward`.
   */
  backwardParameters?(dvalues: Matrix): void;
  /** The trainable parameters with their gradients; empty for activations. */
  parameters(): Parameter[];
  /**
   * Optional: the matrices the layer writes at every training step, which its owner may let it
   * reuse from one step to the next (a Model does while it trains; see `Buffers`).
   */
  readonly buffers?: Buffers;
}
