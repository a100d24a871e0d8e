/**
 * An optimizer turns gradients into parameter updates. All of the book's optimizers share one shape:
 * `preUpdate()` once per step (learning-rate decay), `update(parameter)` for every trainable array,
 * `postUpdate()` to count the step. Their memory between steps (momentums, caches) lives here, in a
 * map keyed by the parameter, rather than on the layers as in the book; `getState`/`setState` turn it
 * into plain JSON for checkpoints.
 *
 * Learning-rate decay: `lr_t = lr · 1 / (1 + decay · t)` after t steps, computed in Python floats
 * (doubles) exactly as the book writes it, so the printed `lr:` matches to the last digit.
 */
import { Matrix, type DType } from '../matrix.ts';
import type { Parameter } from '../layers/layer.ts';
import { assertNumber, assertOptions, describe } from '../checks.ts';

/** A matrix as plain JSON. */
export interface SerializedMatrix {
  rows: number;
  cols: number;
  dtype: DType;
  data: number[];
}

/** Everything an optimizer remembers, as plain JSON (for checkpoints). */
export interface OptimizerState {
  /** Steps taken so far. */
  iterations: number;
  /** The decayed learning rate of the last step. */
  currentLearningRate: number;
  /** For each parameter, in the order given to `getState`, its named slots (e.g. momentums, cache). */
  slots: Record<string, SerializedMatrix>[];
}

/** The learning rate and its decay, shared by every optimizer. */
export interface OptimizerOptions {
  /** The step size (each optimizer has the book's default). */
  learningRate?: number;
  /** Learning-rate decay per step (0: none). */
  decay?: number;
}

/** The base of every optimizer. */
export abstract class Optimizer {
  /** The initial learning rate. */
  readonly learningRate: number;
  /** The decay rate of the learning rate. */
  readonly decay: number;
  /** The learning rate used by the current step. */
  currentLearningRate: number;
  /** Steps completed so far. */
  iterations = 0;
  /** Momentums, caches and the like, per parameter. */
  protected readonly state = new Map<Parameter, Record<string, Matrix>>();

  /** `extraOptions`: the names of the subclass's own options, besides learningRate and decay. */
  constructor(options: OptimizerOptions, defaultLearningRate: number, extraOptions: readonly string[] = []) {
    assertOptions(options, ['learningRate', 'decay', ...extraOptions], this.constructor.name);
    options ??= {};
    this.learningRate = nonNegative(options.learningRate ?? defaultLearningRate, 'learningRate', this.constructor.name);
    this.decay = nonNegative(options.decay ?? 0, 'decay', this.constructor.name);
    this.currentLearningRate = this.learningRate;
  }

  /** Call once before the updates of a step: decays the learning rate. */
  preUpdate(): void {
    if (this.decay) this.currentLearningRate = this.learningRate * (1 / (1 + this.decay * this.iterations));
  }

  /** Updates one parameter in place from its gradient. */
  abstract update(parameter: Parameter): void;

  /** Call once after the updates of a step. */
  postUpdate(): void {
    this.iterations += 1;
  }

  /** One whole step: preUpdate, update every parameter, postUpdate. */
  step(parameters: readonly Parameter[]): void {
    this.preUpdate();
    for (const parameter of parameters) this.update(parameter);
    this.postUpdate();
  }

  /** The optimizer's memory as JSON, the slots listed in the order of `parameters`. */
  getState(parameters: readonly Parameter[]): OptimizerState {
    return {
      iterations: this.iterations,
      currentLearningRate: this.currentLearningRate,
      slots: parameters.map((p) => {
        const slots: Record<string, SerializedMatrix> = {};
        for (const [name, m] of Object.entries(this.state.get(p) ?? {})) {
          slots[name] = { rows: m.rows, cols: m.cols, dtype: m.dtype, data: Array.from(m.data) };
        }
        return slots;
      }),
    };
  }

  /** Restores the memory saved by `getState` with the same parameters in the same order. */
  setState(state: OptimizerState, parameters: readonly Parameter[]): void {
    if (state === null || typeof state !== 'object' || !Array.isArray(state.slots) || !Array.isArray(parameters)) {
      throw new TypeError(`${this.constructor.name}.setState: expected the state from getState(parameters) and the same parameters, got ${describe(state)} and ${describe(parameters)}.`);
    }
    assertNumber(state.iterations, 'state.iterations', `${this.constructor.name}.setState`, { min: 0, integer: true });
    assertNumber(state.currentLearningRate, 'state.currentLearningRate', `${this.constructor.name}.setState`, { min: 0 });
    if (state.slots.length !== parameters.length) {
      throw new RangeError(`${this.constructor.name}.setState: the state has ${state.slots.length} parameters but ${parameters.length} were given.`);
    }
    this.iterations = state.iterations;
    this.currentLearningRate = state.currentLearningRate;
    this.state.clear();
    parameters.forEach((p, i) => {
      const saved = Object.entries(state.slots[i]!);
      if (saved.length === 0) return;
      const slots: Record<string, Matrix> = {};
      for (const [name, s] of saved) {
        if (s.rows !== p.value.rows || s.cols !== p.value.cols) {
          throw new RangeError(`${this.constructor.name}.setState: slot ${name} of parameter ${i} (${p.name}) is (${s.rows}, ${s.cols}) but the parameter is ${p.value.shapeText}.`);
        }
        const m = this.newSlot(s.rows, s.cols, s.dtype);
        m.data.set(s.data);
        slots[name] = m;
      }
      this.state.set(p, slots);
    });
  }

  /** A zeroed matrix for a slot (an ordinary one; Adam puts its slots where its kernel works in place). */
  protected newSlot(rows: number, cols: number, dtype: DType): Matrix {
    return Matrix.zeros(rows, cols, dtype);
  }

  /** The named slots of a parameter, created as zeros like its value (`np.zeros_like`) on first use. */
  protected slots(parameter: Parameter, names: readonly string[]): Record<string, Matrix> {
    let slots = this.state.get(parameter);
    if (!slots) {
      slots = {};
      for (const name of names) slots[name] = this.newSlot(parameter.value.rows, parameter.value.cols, parameter.value.dtype);
      this.state.set(parameter, slots);
    }
    return slots;
  }
}

/** The gradient of a parameter, or a clear error if backward has not run. */
export function gradientOf(parameter: Parameter, optimizer: string): Matrix {
  const grad = parameter.grad;
  if (!grad) throw new Error(`${optimizer}: parameter ${parameter.name} has no gradient yet; call backward before updating.`);
  if (grad.rows !== parameter.value.rows || grad.cols !== parameter.value.cols) {
    throw new RangeError(`${optimizer}: the gradient of ${parameter.name} is ${grad.shapeText} but the parameter is ${parameter.value.shapeText}.`);
  }
  return grad;
}

/**
 * A slot to write a new value into: the slot itself when it already has the result's dtype, else a
 * new matrix of that dtype (NumPy promotes a float32 slot to float64 when a float64 gradient meets it).
 */
export function target(slot: Matrix, dtype: DType): Matrix {
  return slot.dtype === dtype ? slot : new Matrix(slot.rows, slot.cols, dtype);
}

/** Checks an option that must be a finite number >= 0. */
export function nonNegative(value: number, name: string, owner: string): number {
  return assertNumber(value, name, owner, { min: 0 });
}

/** Checks an option that must lie in [0, 1). */
export function fraction(value: number, name: string, owner: string): number {
  return assertNumber(value, name, owner, { min: 0, max: 1, maxExclusive: true });
}
