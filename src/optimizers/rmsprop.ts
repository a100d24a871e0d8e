/**
 * RMSProp fixes AdaGrad's stalling: the cache is a moving average of squared gradients,
 * `cache = ρ · cache + (1 − ρ) · g²`, so it forgets old gradients, and the step is again
 * `param −= lr · g / (√cache + ε)`. Book defaults: learning rate 0.001, decay 0, ε 1e-7, ρ 0.9.
 */
import { promote, roundTo } from '../matrix.ts';
import type { Parameter } from '../layers/layer.ts';
import { Optimizer, gradientOf, fraction, nonNegative, target, type OptimizerOptions } from './optimizer.ts';

/** Options of RMSprop (book defaults: learningRate 0.001, decay 0, epsilon 1e-7, rho 0.9). */
export interface RMSpropOptions extends OptimizerOptions {
  /** Added to √cache so the division is safe. */
  epsilon?: number;
  /** How much of the cache is kept each step. */
  rho?: number;
}

/** RMSProp: per-parameter learning rates from a moving average of squared gradients. */
export class RMSprop extends Optimizer {
  /** Added to √cache so the division is safe. */
  readonly epsilon: number;
  /** How much of the cache is kept each step. */
  readonly rho: number;

  constructor(options: RMSpropOptions = {}) {
    super(options, 0.001, ['epsilon', 'rho']);
    options ??= {};
    this.epsilon = nonNegative(options.epsilon ?? 1e-7, 'epsilon', 'RMSprop');
    this.rho = fraction(options.rho ?? 0.9, 'rho', 'RMSprop');
  }

  /** cache = ρ · cache + (1 − ρ) · g²;  param += −lr · g / (√cache + ε) */
  update(parameter: Parameter): void {
    const grad = gradientOf(parameter, 'RMSprop');
    const slots = this.slots(parameter, ['cache']);
    const old = slots.cache!;
    const cache = target(old, promote(old.dtype, grad.dtype));
    const value = parameter.value.data;
    const g = grad.data;
    const rg = roundTo(grad.dtype);
    const ro = roundTo(old.dtype);
    const rc = roundTo(cache.dtype);
    const rho = ro(this.rho);
    const keep = rg(1 - this.rho);
    const lr = rg(-this.currentLearningRate);
    const epsilon = rc(this.epsilon);
    const o = old.data;
    const c = cache.data;
    for (let k = 0; k < g.length; k++) {
      c[k] = ro(rho * o[k]!) + rg(keep * rg(g[k]! * g[k]!));
      value[k] = value[k]! + rc(rg(lr * g[k]!) / rc(rc(Math.sqrt(c[k]!)) + epsilon));
    }
    slots.cache = cache;
  }
}
