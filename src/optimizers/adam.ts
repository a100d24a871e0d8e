/**
 * Adam combines momentum with RMSProp's per-parameter scaling. It keeps a moving average of the
 * gradients (the momentums, β₁) and of their squares (the cache, β₂). Both start at zero and so are
 * biased towards zero early on; dividing by `1 − βᵗ` after t steps corrects that. The step is
 * `param −= lr · m̂ / (√ĉ + ε)`. Book defaults: learning rate 0.001, decay 0, ε 1e-7, β₁ 0.9, β₂ 0.999.
 */
import { promote, roundTo, type DType, type Matrix } from '../matrix.ts';
import { heapMatrix } from '../buffers.ts';
import { adamFloat32 } from '../kernels.ts';
import type { Parameter } from '../layers/layer.ts';
import { Optimizer, gradientOf, fraction, nonNegative, target, type OptimizerOptions } from './optimizer.ts';

/** Options of Adam (book defaults: learningRate 0.001, decay 0, epsilon 1e-7, beta1 0.9, beta2 0.999). */
export interface AdamOptions extends OptimizerOptions {
  /** Added to √ĉ so the division is safe. */
  epsilon?: number;
  /** Decay of the moving average of gradients. */
  beta1?: number;
  /** Decay of the moving average of squared gradients. */
  beta2?: number;
}

/** Adam: momentum plus per-parameter scaling, bias-corrected. */
export class Adam extends Optimizer {
  /** Added to √ĉ so the division is safe. */
  readonly epsilon: number;
  /** Decay of the moving average of gradients. */
  readonly beta1: number;
  /** Decay of the moving average of squared gradients. */
  readonly beta2: number;

  constructor(options: AdamOptions = {}) {
    super(options, 0.001, ['epsilon', 'beta1', 'beta2']);
    options ??= {};
    this.epsilon = nonNegative(options.epsilon ?? 1e-7, 'epsilon', 'Adam');
    this.beta1 = fraction(options.beta1 ?? 0.9, 'beta1', 'Adam');
    this.beta2 = fraction(options.beta2 ?? 0.999, 'beta2', 'Adam');
  }

  /**
   * Momentums and cache live in the kernels' memory (where it is shared): with the parameters and
   * gradients a Model trains also there, the update runs in place, without copying its four arrays
   * in and three out at every step.
   */
  protected override newSlot(rows: number, cols: number, dtype: DType): Matrix {
    return heapMatrix(rows, cols, dtype);
  }

  /**
   * m = β₁m + (1 − β₁)g;  m̂ = m / (1 − β₁ᵗ);  c = β₂c + (1 − β₂)g²;  ĉ = c / (1 − β₂ᵗ);
   * param += −lr · m̂ / (√ĉ + ε)
   */
  update(parameter: Parameter): void {
    const grad = gradientOf(parameter, 'Adam');
    const slots = this.slots(parameter, ['momentums', 'cache']);
    const oldM = slots.momentums!;
    const oldC = slots.cache!;
    // The new averages take the gradient's dtype when it is wider (float64 behind dropout).
    const momentums = target(oldM, promote(oldM.dtype, grad.dtype));
    const cache = target(oldC, promote(oldC.dtype, grad.dtype));
    const rg = roundTo(grad.dtype);
    const rom = roundTo(oldM.dtype);
    const roc = roundTo(oldC.dtype);
    const rm = roundTo(momentums.dtype);
    const rc = roundTo(cache.dtype);
    const ru = roundTo(promote(momentums.dtype, cache.dtype));
    // Python floats, each rounded to the dtype of the array it meets.
    const t = this.iterations + 1;
    const beta1 = rom(this.beta1);
    const keep1 = rg(1 - this.beta1);
    const correction1 = rm(1 - pow(this.beta1, t));
    const beta2 = roc(this.beta2);
    const keep2 = rg(1 - this.beta2);
    const correction2 = rc(1 - pow(this.beta2, t));
    const lr = rm(-this.currentLearningRate);
    const epsilon = rc(this.epsilon);

    const value = parameter.value.data;
    const g = grad.data;
    const om = oldM.data;
    const oc = oldC.data;
    const m = momentums.data;
    const c = cache.data;
    if (value instanceof Float32Array && g instanceof Float32Array && m instanceof Float32Array && c instanceof Float32Array && m === om && c === oc) {
      // All float32 (the book's case): the same arithmetic, four at a time.
      adamFloat32(value, g, m, c, { beta1, keep1, correction1, beta2, keep2, correction2, lr, epsilon });
    } else for (let k = 0; k < g.length; k++) {
      m[k] = rom(beta1 * om[k]!) + rg(keep1 * g[k]!);
      const mHat = rm(m[k]! / correction1);
      c[k] = roc(beta2 * oc[k]!) + rg(keep2 * rg(g[k]! * g[k]!));
      const cHat = rc(c[k]! / correction2);
      value[k] = value[k]! + ru(rm(lr * mHat) / rc(rc(Math.sqrt(cHat)) + epsilon));
    }
    slots.momentums = momentums;
    slots.cache = cache;
  }
}

/**
 * `base ** n` for a whole n ≥ 0, correctly rounded, as Python's float power (the C library's pow)
 * gives it; V8's `**` is sometimes one unit in the last place off. Squares and multiplies in
 * double-double arithmetic (about 106 bits), then rounds once.
 */
export function pow(base: number, n: number): number {
  let hi = 1;
  let lo = 0;
  let bHi = base;
  let bLo = 0;
  for (let e = n; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) [hi, lo] = mulDD(hi, lo, bHi, bLo);
    if (e > 1) [bHi, bLo] = mulDD(bHi, bLo, bHi, bLo);
  }
  return hi + lo;
}

/** (aHi + aLo) · (bHi + bLo) as a double-double: the exact product of the high parts (Dekker) plus the cross terms. */
function mulDD(aHi: number, aLo: number, bHi: number, bLo: number): [number, number] {
  const p = aHi * bHi;
  const SPLIT = 134217729; // 2^27 + 1: splits a double into two 26-bit halves
  const ca = SPLIT * aHi;
  const a1 = ca - (ca - aHi);
  const a2 = aHi - a1;
  const cb = SPLIT * bHi;
  const b1 = cb - (cb - bHi);
  const b2 = bHi - b1;
  const error = a1 * b1 - p + a1 * b2 + a2 * b1 + a2 * b2;
  const lo = error + (aHi * bLo + aLo * bHi);
  const hi = p + lo;
  return [hi, lo - (hi - p)];
}
