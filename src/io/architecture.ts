/**
 * A model's architecture as plain JSON: the list of layers with their sizes and options, the loss,
 * the accuracy and the optimizer. Together with the weights (safetensors, named `layers.<i>.weights`
 * and `layers.<i>.biases` after the layer's index in this list) it describes a whole model, which is
 * what chapter 21 saves with pickle. Unlike pickle, loading it only ever builds the layers listed
 * here: `validateArchitecture` checks every field of untrusted JSON and builds a clean copy.
 * Browser-safe.
 *
 *     { "version": 1,
 *       "layers": [ { "type": "dense", "inputs": 784, "neurons": 128 }, { "type": "relu" },
 *                   { "type": "dense", "inputs": 128, "neurons": 10 }, { "type": "softmax" } ],
 *       "loss": "categoricalCrossentropy", "accuracy": "categorical",
 *       "optimizer": { "type": "adam", "learningRate": 0.001, "decay": 0.001 } }
 */
import type { Matrix } from '../matrix.ts';
import { ModelFileError } from './errors.ts';
import { describe } from '../checks.ts';

/** The architecture format this code writes and reads. */
export const ARCHITECTURE_VERSION = 1;

/** A fully connected layer (chapter 3), with the book's optional L1/L2 penalties (chapter 14). */
export interface DenseSpec {
  type: 'dense';
  /** Inputs per sample: the previous layer's width. */
  inputs: number;
  /** Neurons, so outputs per sample. */
  neurons: number;
  weightRegularizerL1?: number;
  weightRegularizerL2?: number;
  biasRegularizerL1?: number;
  biasRegularizerL2?: number;
}

/** Dropout (chapter 15): `rate` is the fraction of neurons switched off while training. */
export interface DropoutSpec {
  type: 'dropout';
  rate: number;
}

/** An activation: no parameters, same width out as in. */
export interface ActivationSpec {
  type: 'relu' | 'softmax' | 'sigmoid' | 'linear';
}

/** One entry of the layer list. */
export type LayerSpec = DenseSpec | DropoutSpec | ActivationSpec;

/** The book's losses. */
export type LossName = 'categoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';

/** The book's accuracies: class index, 0/1 decisions of sigmoid outputs, or within a band for regression. */
export type AccuracyName = 'categorical' | 'binary' | 'regression';

/** The optimizers of chapter 10 with their hyperparameters (each reads the ones it has). */
export interface OptimizerSpec {
  type: 'sgd' | 'adagrad' | 'rmsprop' | 'adam';
  learningRate?: number;
  decay?: number;
  momentum?: number;
  epsilon?: number;
  rho?: number;
  beta1?: number;
  beta2?: number;
}

/** A whole model's structure. */
export interface Architecture {
  /** Always `ARCHITECTURE_VERSION` (1) for now. */
  version: number;
  /** The layers in order; at least one dense layer. */
  layers: LayerSpec[];
  loss?: LossName;
  accuracy?: AccuracyName;
  /** The regression accuracy's band, |ŷ − y| < precision (the book's std(y) / 250 of the training targets). */
  accuracyPrecision?: number;
  optimizer?: OptimizerSpec;
  /** Names of the output classes, one per output (e.g. `FASHION_MNIST_CLASSES`), for printing predictions. */
  classes?: string[];
}

/** A model as files hold it: its architecture and its parameters by name. */
export interface ModelData {
  architecture: Architecture;
  /** `layers.<i>.weights` (inputs × neurons) and `layers.<i>.biases` (1 × neurons) for every dense layer i. */
  tensors: Map<string, Matrix>;
}

/** The largest layer width we accept, and the most weights one layer may have (2^28, 1 GiB of float32). */
const MAX_WIDTH = 1_000_000;
const MAX_WEIGHTS = 2 ** 28;

const LAYER_TYPES = ['dense', 'dropout', 'relu', 'softmax', 'sigmoid', 'linear'];
const LOSSES = ['categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError', 'meanAbsoluteError'];
const ACCURACIES = ['categorical', 'binary', 'regression'];
const OPTIMIZERS = ['sgd', 'adagrad', 'rmsprop', 'adam'];
const OPTIMIZER_OPTIONS = ['learningRate', 'decay', 'momentum', 'epsilon', 'rho', 'beta1', 'beta2'];
/** The options each optimizer takes besides learningRate and decay. */
const OPTIMIZER_EXTRAS: Record<string, readonly string[]> = {
  sgd: ['momentum'], adagrad: ['epsilon'], rmsprop: ['epsilon', 'rho'], adam: ['epsilon', 'beta1', 'beta2'],
};
/** Options that are fractions in [0, 1), as the optimizers require. */
const FRACTIONS = ['momentum', 'rho', 'beta1', 'beta2'];
const REGULARIZERS = ['weightRegularizerL1', 'weightRegularizerL2', 'biasRegularizerL1', 'biasRegularizerL2'] as const;

/** The names of dense layer i's parameters in the tensor map. */
export function parameterNames(i: number): { weights: string; biases: string } {
  return { weights: `layers.${i}.weights`, biases: `layers.${i}.biases` };
}

/** Tensors whose names start with this belong to the optimizer's state (checkpoints); the architecture ignores them. */
export const OPTIMIZER_TENSOR_PREFIX = 'optimizer.';

/**
 * Checks untrusted JSON (already parsed) and returns it as a clean Architecture: unknown layer
 * types and fields, sizes that are not positive integers, widths that do not chain (a dense layer's
 * `inputs` must equal the width before it) and hyperparameters out of range are refused. Given the
 * `tensors`, it also checks that every dense layer has weights and biases of exactly its shape and
 * that no other parameters are present. Throws a ModelFileError prefixed with `source`.
 */
export function validateArchitecture(json: unknown, tensors?: ReadonlyMap<string, Matrix>, source = 'architecture'): Architecture {
  const fail = (message: string): never => {
    throw new ModelFileError(`${source}: ${message}`);
  };
  if (tensors !== undefined && !((tensors as unknown) instanceof Map)) {
    throw new TypeError(`${source}: the tensors must be a Map from names to matrices (as Model.namedParameters() returns), got ${describe(tensors)}.`);
  }
  const top = object(json, 'the architecture', fail);
  allowOnly(top, ['version', 'layers', 'loss', 'accuracy', 'accuracyPrecision', 'optimizer', 'classes'], 'the architecture', fail);
  if (top.version !== ARCHITECTURE_VERSION) {
    fail(typeof top.version === 'number' && top.version > ARCHITECTURE_VERSION
      ? `version ${top.version} was written by a newer scratchnet; this one reads version ${ARCHITECTURE_VERSION}.`
      : `"version" must be ${ARCHITECTURE_VERSION}, got ${show(top.version)}.`);
  }
  if (!Array.isArray(top.layers) || top.layers.length === 0) fail('"layers" must be a non-empty list.');

  const layers: LayerSpec[] = [];
  let width: number | undefined;
  (top.layers as unknown[]).forEach((raw, i) => {
    const spec = object(raw, `layer ${i}`, fail);
    const type = spec.type;
    if (typeof type !== 'string' || !LAYER_TYPES.includes(type)) {
      fail(`layer ${i} has type ${show(type)}; known types are ${LAYER_TYPES.join(', ')}.`);
    }
    const what = `layer ${i} (${type as string})`;
    if (type === 'dense') {
      allowOnly(spec, ['type', 'inputs', 'neurons', ...REGULARIZERS], what, fail);
      const inputs = size(spec.inputs, `${what} "inputs"`, fail);
      const neurons = size(spec.neurons, `${what} "neurons"`, fail);
      if (inputs * neurons > MAX_WEIGHTS) fail(`${what} would have ${inputs * neurons} weights, more than the ${MAX_WEIGHTS} allowed.`);
      if (width !== undefined && inputs !== width) fail(`${what} takes ${inputs} inputs, but the layer before it outputs ${width}.`);
      width = neurons;
      const dense: DenseSpec = { type: 'dense', inputs, neurons };
      for (const key of REGULARIZERS) {
        if (spec[key] !== undefined) dense[key] = number(spec[key], `${what} "${key}"`, fail, { min: 0 });
      }
      layers.push(dense);
    } else if (type === 'dropout') {
      allowOnly(spec, ['type', 'rate'], what, fail);
      layers.push({ type: 'dropout', rate: number(spec.rate, `${what} "rate"`, fail, { min: 0, below: 1 }) });
    } else {
      allowOnly(spec, ['type'], what, fail);
      layers.push({ type: type as ActivationSpec['type'] });
    }
  });
  if (width === undefined) fail('the model has no dense layer, so nothing to learn.');

  const architecture: Architecture = { version: ARCHITECTURE_VERSION, layers };
  if (top.loss !== undefined) architecture.loss = oneOf(top.loss, LOSSES, '"loss"', fail) as LossName;
  if (top.accuracy !== undefined) architecture.accuracy = oneOf(top.accuracy, ACCURACIES, '"accuracy"', fail) as AccuracyName;
  if (top.accuracyPrecision !== undefined) architecture.accuracyPrecision = number(top.accuracyPrecision, '"accuracyPrecision"', fail, { min: 0 });
  if (top.optimizer !== undefined) {
    const spec = object(top.optimizer, '"optimizer"', fail);
    const optimizer: OptimizerSpec = { type: oneOf(spec.type, OPTIMIZERS, '"optimizer" type', fail) as OptimizerSpec['type'] };
    allowOnly(spec, ['type', 'learningRate', 'decay', ...OPTIMIZER_EXTRAS[optimizer.type]!], `"optimizer" (${optimizer.type})`, fail);
    for (const key of OPTIMIZER_OPTIONS as (keyof OptimizerSpec)[]) {
      const range = FRACTIONS.includes(key) ? { min: 0, below: 1 } : { min: 0 };
      if (spec[key] !== undefined) (optimizer as unknown as Record<string, number>)[key] = number(spec[key], `"optimizer" ${key}`, fail, range);
    }
    architecture.optimizer = optimizer;
  }
  if (top.classes !== undefined) {
    const classes = top.classes;
    if (!Array.isArray(classes) || !classes.every((c) => typeof c === 'string')) fail('"classes" must be a list of strings.');
    if ((classes as string[]).length !== width) fail(`"classes" names ${(classes as string[]).length} classes, but the model has ${width} outputs.`);
    architecture.classes = [...(classes as string[])];
  }
  if (tensors) checkTensors(layers, tensors, fail);
  return architecture;
}

/** Every dense layer has its two parameters with the right shapes, and nothing else is there. */
function checkTensors(layers: readonly LayerSpec[], tensors: ReadonlyMap<string, Matrix>, fail: (message: string) => never): void {
  const expected = new Set<string>();
  layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    const names = parameterNames(i);
    for (const [name, rows, cols] of [[names.weights, layer.inputs, layer.neurons], [names.biases, 1, layer.neurons]] as const) {
      expected.add(name);
      const tensor = tensors.get(name);
      if (!tensor) fail(`layer ${i} (dense) needs the tensor "${name}", which the weights do not have.`);
      if (tensor!.rows !== rows || tensor!.cols !== cols) {
        fail(`"${name}" has shape (${tensor!.rows}, ${tensor!.cols}), but layer ${i} (dense, ${layer.inputs} → ${layer.neurons}) needs (${rows}, ${cols}).`);
      }
      const data = tensor!.data;
      for (let k = 0; k < data.length; k++) {
        // v − v is NaN for NaN and ±Infinity: such a model predicts nothing but NaN.
        if (data[k]! - data[k]! !== 0) fail(`"${name}" holds ${data[k]} at row ${Math.floor(k / cols)}, column ${k % cols}; weights must be finite numbers (a run that diverged leaves NaN: train again with a smaller learning rate).`);
      }
    }
  });
  for (const name of tensors.keys()) {
    if (!expected.has(name) && !name.startsWith(OPTIMIZER_TENSOR_PREFIX)) fail(`the weights have a tensor "${name}" that no layer of the architecture uses.`);
  }
}

/** The architecture as JSON text, validated first; compact unless `indent` is given (2 for a readable file). */
export function architectureToJson(architecture: Architecture, indent?: number): string {
  return JSON.stringify(validateArchitecture(architecture), null, indent);
}

function object(value: unknown, what: string, fail: (message: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function allowOnly(value: Record<string, unknown>, keys: readonly string[], what: string, fail: (message: string) => never): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) fail(`${what} has an unknown field ${show(key)}; allowed: ${keys.join(', ')}.`);
  }
}

function size(value: unknown, what: string, fail: (message: string) => never): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_WIDTH) {
    fail(`${what} must be a whole number from 1 to ${MAX_WIDTH}, got ${show(value)}.`);
  }
  return value as number;
}

function number(value: unknown, what: string, fail: (message: string) => never, range: { min: number; below?: number }): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || (range.below !== undefined && value >= range.below)) {
    const limit = range.below !== undefined ? `in [${range.min}, ${range.below})` : `at least ${range.min}`;
    fail(`${what} must be a finite number ${limit}, got ${show(value)}.`);
  }
  return value as number;
}

function oneOf(value: unknown, choices: readonly string[], what: string, fail: (message: string) => never): string {
  if (typeof value !== 'string' || !choices.includes(value)) fail(`${what} is ${show(value)}; known: ${choices.join(', ')}.`);
  return value as string;
}

/** A value from untrusted JSON, quoted for a message and cut short if long. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
