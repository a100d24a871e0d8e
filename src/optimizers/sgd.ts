/**
 * Stochastic gradient descent: step against the gradient, `param −= lr · dparam`. With momentum the
 * step keeps part of the previous one, `update = momentum · update − lr · dparam`, which rolls through
 * small bumps and damps zig-zags. The book's default learning rate is 1.
 */
import { promote, roundTo } from '../matrix.ts';
import type { Parameter } from '../layers/layer.ts';
import { Optimizer, gradientOf, fraction, target, type OptimizerOptions } from './optimizer.ts';

/** Options of SGD (book defaults: learningRate 1, decay 0, momentum 0). */
export interface SGDOptions extends OptimizerOptions {
  /** The fraction of the previous update kept (0: plain SGD). */
  momentum?: number;
}

/** Stochastic gradient descent, with optional learning-rate decay and momentum. */
export class SGD extends Optimizer {
  /** The fraction of the previous update kept. */
  readonly momentum: number;

  constructor(options: SGDOptions = {}) {
    super(options, 1, ['momentum']);
    options ??= {};
    this.momentum = fraction(options.momentum ?? 0, 'momentum', 'SGD');
  }

  /** param += momentum · momentums − lr · dparam (or −lr · dparam without momentum). */
  update(parameter: Parameter): void {
    const grad = gradientOf(parameter, 'SGD');
    const value = parameter.value.data;
    const g = grad.data;
    // A Python float meeting an array is rounded to the array's dtype first (float32 under nnfs).
    const rg = roundTo(grad.dtype);
    const lr = rg(this.currentLearningRate);
    if (!this.momentum) {
      for (let k = 0; k < g.length; k++) value[k] = value[k]! + rg(-lr * g[k]!); // rounded into the parameter's dtype
      return;
    }
    const slots = this.slots(parameter, ['momentums']);
    const momentums = slots.momentums!;
    const rm = roundTo(momentums.dtype);
    const momentum = rm(this.momentum);
    const updates = target(momentums, promote(momentums.dtype, grad.dtype));
    const m = momentums.data;
    const u = updates.data;
    for (let k = 0; k < g.length; k++) {
      u[k] = rm(momentum * m[k]!) - rg(lr * g[k]!);
      value[k] = value[k]! + u[k]!;
    }
    slots.momentums = updates;
  }
}
