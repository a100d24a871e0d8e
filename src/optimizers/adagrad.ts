/**
 * AdaGrad gives every parameter its own learning rate: it adds up the squared gradients in a cache
 * and divides each step by the cache's square root, `param −= lr · g / (√cache + ε)`. Parameters that
 * have moved a lot slow down; rarely updated ones keep a large step. The cache only grows, so learning
 * eventually stalls. Book defaults: learning rate 1, decay 0, ε 1e-7.
 */
import { promote, roundTo } from '../matrix.ts';
import type { Parameter } from '../layers/layer.ts';
import { Optimizer, gradientOf, nonNegative, type OptimizerOptions } from './optimizer.ts';

/** Options of Adagrad (book defaults: learningRate 1, decay 0, epsilon 1e-7). */
export interface AdagradOptions extends OptimizerOptions {
  /** Added to √cache so the division is safe. */
  epsilon?: number;
}

/** AdaGrad: per-parameter learning rates from the sum of squared gradients. */
export class Adagrad extends Optimizer {
  /** Added to √cache so the division is safe. */
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super(options, 1, ['epsilon']);
    options ??= {};
    this.epsilon = nonNegative(options.epsilon ?? 1e-7, 'epsilon', 'Adagrad');
  }

  /** cache += g²;  param += −lr · g / (√cache + ε) */
  update(parameter: Parameter): void {
    const grad = gradientOf(parameter, 'Adagrad');
    const cache = this.slots(parameter, ['cache']).cache!; // `+=` keeps the cache's dtype
    const value = parameter.value.data;
    const g = grad.data;
    const c = cache.data;
    const rg = roundTo(grad.dtype);
    const rc = roundTo(cache.dtype);
    const ru = roundTo(promote(grad.dtype, cache.dtype));
    const lr = rg(-this.currentLearningRate);
    const epsilon = rc(this.epsilon);
    for (let k = 0; k < g.length; k++) {
      c[k] = c[k]! + rg(g[k]! * g[k]!);
      value[k] = value[k]! + ru(rg(lr * g[k]!) / rc(rc(Math.sqrt(c[k]!)) + epsilon));
    }
  }
}
