/**
 * Gradient checking: the test every backward pass must pass. A derivative can be estimated without
 * any calculus by nudging one number and watching the loss, `(L(x + h) − L(x − h)) / 2h` (central
 * differences). If `backward` is right, its gradient matches this estimate for every input and every
 * parameter. Run it in float64: float32 has too few digits for a small h.
 *
 * For a layer the scalar being differentiated is `L = Σ output ⊙ R` for a fixed random matrix R, so
 * `dL/d(output) = R` is what is fed to `backward`.
 */
import { Matrix } from './matrix.ts';
import { RandomState } from './random.ts';
import type { Layer } from './layers/layer.ts';
import type { Loss, Targets } from './losses/loss.ts';

/** The largest relative errors found, for the inputs and for each parameter. */
export interface GradientCheckResult {
  /** max relative error of dL/d(inputs). */
  inputs: number;
  /** max relative error of each parameter's gradient, by parameter name. */
  parameters: Record<string, number>;
  /** The largest of them all. */
  max: number;
}

/** Options of `checkLayerGradients`. */
export interface LayerCheckOptions {
  /** The step h of the central differences (default 1e-6). */
  h?: number;
  /** Draws R; default `new RandomState(1)`. */
  random?: RandomState;
  /** Passed to `forward` (dropout is active only when true). */
  training?: boolean;
  /** Called before every forward pass (e.g. to restore a generator so dropout draws the same mask). */
  beforeForward?: () => void;
  /** An extra term added to L, such as the regularization loss of the layer. */
  penalty?: () => number;
}

/** Estimates d f / d x for every entry of x by central differences (x is nudged in place and restored). */
export function numericalGradient(f: () => number, x: Matrix, h = 1e-6): Matrix {
  const grad = new Matrix(x.rows, x.cols, 'float64');
  const v = x.data;
  for (let k = 0; k < v.length; k++) {
    const original = v[k]!;
    v[k] = original + h;
    const plus = f();
    v[k] = original - h;
    const minus = f();
    v[k] = original;
    grad.data[k] = (plus - minus) / (2 * h);
  }
  return grad;
}

/**
 * The largest relative error `|a − n| / max(|a|, |n|)` between an analytic and a numerical gradient.
 * Entries where both are below `floor` in size are compared absolutely instead, so that two zeros,
 * or two values lost in rounding noise, do not count as a mismatch.
 */
export function maxRelativeError(analytic: Matrix, numeric: Matrix, floor = 1e-7): number {
  if (analytic.data.length !== numeric.data.length) {
    throw new Error(`maxRelativeError: ${analytic.shapeText} and ${numeric.shapeText} differ in size.`);
  }
  let worst = 0;
  for (let k = 0; k < analytic.data.length; k++) {
    const a = analytic.data[k]!;
    const n = numeric.data[k]!;
    const error = Math.abs(a - n) / Math.max(Math.abs(a), Math.abs(n), floor);
    if (!(error <= worst)) worst = error; // NaN counts as the worst
  }
  return worst;
}

/** Checks `layer.backward` against central differences, for its inputs and its parameters. */
export function checkLayerGradients(layer: Layer, inputs: Matrix, options: LayerCheckOptions = {}): GradientCheckResult {
  const { h = 1e-6, random = new RandomState(1), training = true, beforeForward, penalty } = options;
  const forward = (): Matrix => {
    beforeForward?.();
    return layer.forward(inputs, training);
  };
  const first = forward();
  const R = new Matrix(first.rows, first.cols, 'float64');
  for (let k = 0; k < R.data.length; k++) R.data[k] = random.randn();
  // L = Σ output ⊙ R (+ penalty), in float64
  const L = (): number => {
    const out = forward();
    let s = 0;
    for (let k = 0; k < out.data.length; k++) s += out.data[k]! * R.data[k]!;
    return s + (penalty ? penalty() : 0);
  };

  forward();
  const dinputs = layer.backward(R);
  const analytic = layer.parameters().map((p) => ({ name: p.name, grad: p.grad!.clone() }));

  const result: GradientCheckResult = { inputs: maxRelativeError(dinputs, numericalGradient(L, inputs, h)), parameters: {}, max: 0 };
  layer.parameters().forEach((p, i) => {
    result.parameters[p.name] = maxRelativeError(analytic[i]!.grad, numericalGradient(L, p.value, h));
  });
  result.max = Math.max(result.inputs, ...Object.values(result.parameters));
  return result;
}

/** Checks `loss.backward` against central differences of `loss.calculate` (the mean loss). */
export function checkLossGradients(loss: Loss, yPred: Matrix, yTrue: Targets, h = 1e-6): number {
  const analytic = loss.backward(yPred, yTrue);
  const numeric = numericalGradient(() => loss.calculate(yPred, yTrue), yPred, h);
  return maxRelativeError(analytic, numeric);
}
