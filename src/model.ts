/**
 * The Model ties the pieces of the earlier chapters into one object, as the book's chapter 18 does:
 * `add` the layers in order, `set` the loss, optimizer and accuracy, `finalize`, then `train`.
 * Training repeats one step: a forward pass through every layer, the loss and the accuracy of the
 * outputs, a backward pass from the loss back to the first layer, and one optimizer update of every
 * parameter. When the last layer is Softmax and the loss categorical cross-entropy, the backward pass
 * starts from their combined gradient `(ŷ − y) / N` instead (chapter 9), which is both faster and
 * what the book does.
 *
 * Without `batchSize` every epoch is a single step over the whole data and the log is chapter 18's
 * (`epoch: 100, acc: …, loss: … (data_loss: …, reg_loss: …), lr: …`, validation once at the end).
 * With `batchSize` an epoch walks the data in `ceil(N / batchSize)` slices, the last one smaller,
 * and the log is chapter 19's (`epoch: 1`, `step: 0, …`, `training, …`, `validation, …` each epoch).
 */
import { Matrix, ShapeError } from './matrix.ts';
import { RandomState } from './random.ts';
import { Buffers } from './buffers.ts';
import type { Layer, Parameter } from './layers/layer.ts';
import { Dense } from './layers/dense.ts';
import { Dropout } from './layers/dropout.ts';
import { ReLU } from './activations/relu.ts';
import { Softmax } from './activations/softmax.ts';
import { Sigmoid } from './activations/sigmoid.ts';
import { Linear } from './activations/linear.ts';
import { Loss, assertFiniteLoss, type AccumulatedTotals, type Targets } from './losses/loss.ts';
import { CategoricalCrossentropy } from './losses/categorical-crossentropy.ts';
import { SoftmaxCategoricalCrossentropy } from './losses/softmax-crossentropy.ts';
import { BinaryCrossentropy } from './losses/binary-crossentropy.ts';
import { MeanSquaredError } from './losses/mean-squared-error.ts';
import { MeanAbsoluteError } from './losses/mean-absolute-error.ts';
import type { Optimizer } from './optimizers/optimizer.ts';
import { SGD } from './optimizers/sgd.ts';
import { Adagrad } from './optimizers/adagrad.ts';
import { RMSprop } from './optimizers/rmsprop.ts';
import { Adam } from './optimizers/adam.ts';
import { CategoricalAccuracy, RegressionAccuracy, type Accuracy, type Predictions } from './accuracy.ts';
import { formatFixed, formatFloat64 } from './format.ts';
import {
  ARCHITECTURE_VERSION, parameterNames, validateArchitecture,
  type Architecture, type LayerSpec, type LossName, type OptimizerSpec,
} from './io/architecture.ts';
import { assertFinite, assertLabels, assertMatrix, assertOptions, assertPositiveInteger, describe } from './checks.ts';

const TRAIN_OPTIONS = ['epochs', 'batchSize', 'printEvery', 'validationData', 'log', 'onStep', 'onEpoch', 'start'];
const BATCH_OPTIONS = ['batchSize', 'log'];

/** A layer that can end a model: it turns the model's outputs into predictions (class indices or values). */
export interface OutputLayer extends Layer {
  /** Softmax: the most likely class of each row; Sigmoid: 0/1 per output; Linear: the outputs themselves. */
  predictions(outputs: Matrix): Predictions;
}

/** What `set` takes: how to measure the error, how to update, and how to count what is right. */
export interface ModelSettings {
  /** The loss the optimizer lowers. */
  loss: Loss;
  /** Updates the parameters from their gradients. */
  optimizer: Optimizer;
  /** The fraction of right predictions, for the log. */
  accuracy: Accuracy;
}

/** Where a training run starts: after `epoch` whole epochs and `step` steps of the next one (for resuming). */
export interface TrainingPosition {
  /** Epochs already completed. */
  epoch: number;
  /** Steps of epoch `epoch + 1` already completed (0 at an epoch boundary). */
  step: number;
  /** In the middle of an epoch: the loss's running totals so far, so the epoch's summary comes out the same. */
  lossTotals?: AccumulatedTotals;
  /** In the middle of an epoch: the accuracy's running totals so far. */
  accuracyTotals?: AccumulatedTotals;
}

/** Options of `train`; the defaults are the book's. */
export interface TrainOptions {
  /** Number of passes over the data (default 1). */
  epochs?: number;
  /** Samples per step (chapter 19); omitted: the whole data set in one step per epoch (chapter 18). */
  batchSize?: number;
  /** With batches, log every `printEvery`-th step (and the last); without, every `printEvery`-th epoch. Default 1. */
  printEvery?: number;
  /** Data to evaluate on: after every epoch with batches, once at the end without. */
  validationData?: readonly [Matrix, Targets];
  /** Receives each log line (default `console.log`; pass `() => {}` for silence). */
  log?: (line: string) => void;
  /** Called after every step (for a progress bar). */
  onStep?: (report: StepReport) => void;
  /** Called after every epoch, after its validation (for checkpoints). */
  onEpoch?: (report: EpochReport) => void;
  /** Continue a run that stopped here (the optimizer, parameters and random state must be restored too). */
  start?: TrainingPosition;
}

/** Options of `evaluate` and `predict`. */
export interface BatchOptions {
  /** Samples per forward pass (default: all at once). The results do not depend on it, only the memory used. */
  batchSize?: number;
  /** `evaluate` only: receives the `validation, …` line (default `console.log`). */
  log?: (line: string) => void;
}

/** Loss and accuracy, as `evaluate` returns them. */
export interface Evaluation {
  /** Fraction of right predictions. */
  accuracy: number;
  /** Mean data loss (no regularization). */
  loss: number;
}

/** One training step, as reported to `onStep` and yielded by `training`. */
export interface StepReport {
  kind: 'step';
  /** 1-based epoch. */
  epoch: number;
  /** Total epochs of the run. */
  epochs: number;
  /** 0-based step within the epoch, as the book prints it. */
  step: number;
  /** Steps per epoch. */
  steps: number;
  /** Samples in this step's batch. */
  samples: number;
  /** Accuracy on this batch. */
  accuracy: number;
  /** data loss + regularization loss. */
  loss: number;
  /** Mean loss of this batch's samples. */
  dataLoss: number;
  /** The L1/L2 penalty of the parameters. */
  regularizationLoss: number;
  /** The learning rate this step used. */
  learningRate: number;
}

/** One finished epoch, as reported to `onEpoch` and yielded by `training`. */
export interface EpochReport {
  kind: 'epoch';
  /** 1-based epoch. */
  epoch: number;
  /** Total epochs of the run. */
  epochs: number;
  /** Accuracy over the epoch (with batches, accumulated over them; without, that of the one step). */
  accuracy: number;
  /** data loss + regularization loss over the epoch. */
  loss: number;
  /** Mean loss over the epoch's samples. */
  dataLoss: number;
  /** The penalty at the end of the epoch (with batches) or of its step (without). */
  regularizationLoss: number;
  /** The learning rate of the epoch's last step. */
  learningRate: number;
  /** Loss and accuracy on the validation data, when they were computed after this epoch. */
  validation?: Evaluation;
}

/** Raised when a model is used before it is complete (no layers, `set` or `finalize` missing). */
export class ModelError extends Error {
  override name = 'ModelError';
}

/** A sequence of layers trained as one network. */
export class Model {
  /** The layers, in the order data flows through them. */
  readonly layers: Layer[] = [];
  /** The loss, once `set`. */
  loss: Loss | undefined;
  /** The optimizer, once `set`. */
  optimizer: Optimizer | undefined;
  /** The accuracy, once `set`. */
  accuracy: Accuracy | undefined;

  /** Names of the output classes, one per output (saved with the model, used to print predictions). */
  classes: string[] | undefined;

  private finalized = false;
  /** The layers with parameters (Dense), in order. */
  private trainableLayers: Layer[] = [];
  /** The combined softmax + cross-entropy backward step, when the model ends that way. */
  private softmaxClassifierOutput: SoftmaxCategoricalCrossentropy | undefined;
  /** The batch of inputs, copied into a kept matrix at every training step (see `batchRows`). */
  private readonly batches = new Buffers();

  /** Appends a layer or activation. */
  add(layer: Layer): this {
    if (!layer || typeof layer.forward !== 'function' || typeof layer.backward !== 'function' || typeof layer.parameters !== 'function') {
      throw new TypeError('Model.add: expected a layer or activation (an object with forward, backward and parameters), e.g. new Dense(2, 64, { random }) or new ReLU().');
    }
    this.layers.push(layer);
    this.finalized = false;
    return this;
  }

  /**
   * Sets the loss, the optimizer and the accuracy; any of them may be left out and set later
   * (a loaded model that is only evaluated needs no optimizer, as in chapter 21).
   */
  set(settings: Partial<ModelSettings>): this {
    const { loss, optimizer, accuracy } = settings ?? {};
    if (loss !== undefined && !(loss instanceof Loss)) throw new TypeError('Model.set: loss must be a Loss, e.g. new CategoricalCrossentropy().');
    if (optimizer !== undefined && (!optimizer || typeof optimizer.step !== 'function')) throw new TypeError('Model.set: optimizer must be an Optimizer, e.g. new Adam({ learningRate: 0.05 }).');
    if (accuracy !== undefined && (!accuracy || typeof accuracy.calculate !== 'function')) throw new TypeError('Model.set: accuracy must be an Accuracy, e.g. new CategoricalAccuracy().');
    if (loss) this.loss = loss;
    if (optimizer) this.optimizer = optimizer;
    if (accuracy) this.accuracy = accuracy;
    this.finalized = false;
    return this;
  }

  /**
   * Checks the model is complete, finds the trainable layers and picks the backward strategy. A model
   * without `set` can still predict (a loaded parameters-only model); training needs all three.
   */
  finalize(): this {
    if (this.layers.length === 0) throw new ModelError('Model.finalize: the model has no layers; add some with model.add(...) first.');
    const last = this.layers[this.layers.length - 1]!;
    if (!isOutputLayer(last)) {
      throw new ModelError(`Model.finalize: the last layer (${layerName(last)}) cannot make predictions; end the model with an output activation such as Softmax, Sigmoid or Linear.`);
    }
    this.trainableLayers = this.layers.filter((layer) => layer.parameters().length > 0);
    // The book: if the output is Softmax and the loss categorical cross-entropy, use their combined gradient.
    this.softmaxClassifierOutput =
      last instanceof Softmax && this.loss instanceof CategoricalCrossentropy ? new SoftmaxCategoricalCrossentropy() : undefined;
    // Check that the layer widths chain (a Dense layer's inputs = the width before it).
    let width: number | undefined;
    this.layers.forEach((layer, i) => {
      if (!(layer instanceof Dense)) return;
      if (width !== undefined && layer.weights.rows !== width) {
        throw new ShapeError(`Model.finalize: layer ${i} (Dense) has weights of shape ${layer.weights.shapeText}, so it takes ${layer.weights.rows} inputs, but the layer before it outputs ${width}.`);
      }
      width = layer.weights.cols;
    });
    this.finalized = true;
    return this;
  }

  /** Trains on X (one sample per row) with targets y, logging as the book does; see `TrainOptions`. */
  train(X: Matrix, y: Targets, options: TrainOptions = {}): void {
    for (const report of this.training(X, y, options)) {
      if (report.kind === 'step') options.onStep?.(report);
      else options.onEpoch?.(report);
    }
  }

  /**
   * The training loop of `train`, as a generator: it pauses after every step and every epoch and
   * yields a report, so a caller can show progress, save checkpoints or stop between two steps.
   * `train` simply runs it to the end.
   */
  *training(X: Matrix, y: Targets, options: TrainOptions = {}): Generator<StepReport | EpochReport, void, void> {
    const { loss, optimizer, accuracy } = this.ready('train');
    assertOptions(options, TRAIN_OPTIONS, 'Model.train');
    options ??= {};
    const epochs = assertPositiveInteger(options.epochs ?? 1, 'epochs', 'Model.train');
    const batchSize = options.batchSize === undefined ? undefined : assertPositiveInteger(options.batchSize, 'batchSize', 'Model.train');
    const printEvery = assertPositiveInteger(options.printEvery ?? 1, 'printEvery', 'Model.train');
    for (const name of ['log', 'onStep', 'onEpoch'] as const) {
      if (options[name] !== undefined && typeof options[name] !== 'function') {
        throw new TypeError(`Model.train: ${name} must be a function, got ${describe(options[name])}.`);
      }
    }
    const log = options.log ?? console.log;
    this.checkData(X, y, 'train');
    const validationData = options.validationData;
    if (validationData !== undefined) {
      if (!Array.isArray(validationData) || validationData.length !== 2) {
        throw new TypeError('Model.train: validationData must be a pair [X, y].');
      }
      this.checkData(validationData[0], validationData[1], 'train (validationData)');
    }
    const start = options.start ?? { epoch: 0, step: 0 };
    // steps = ceil(N / batchSize): the last batch takes what is left.
    const steps = batchSize === undefined ? 1 : Math.ceil(X.rows / batchSize);
    if (!Number.isInteger(start.epoch) || start.epoch < 0 || start.epoch > epochs || !Number.isInteger(start.step) || start.step < 0 || start.step >= steps) {
      throw new RangeError(`Model.train: cannot start after epoch ${start.epoch}, step ${start.step}: the run has ${epochs} epochs of ${steps} steps.`);
    }
    const parameters = this.parameterList();

    // While it trains, the layers may reuse their matrices from one step to the next (see
    // Buffers): every step's results are read before the next step starts.
    this.reuseBuffers(true);
    try {
      accuracy.init(y);
      for (let epoch = start.epoch + 1; epoch <= epochs; epoch++) {
        const firstStep = epoch === start.epoch + 1 ? start.step : 0;
        if (batchSize !== undefined && firstStep === 0) log(`epoch: ${epoch}`);
        loss.newPass();
        accuracy.newPass();
        if (firstStep > 0 && start.lossTotals && start.accuracyTotals) {
          loss.setAccumulated(start.lossTotals);
          accuracy.setAccumulated(start.accuracyTotals);
        }
        let last: StepReport | undefined;
        for (let step = firstStep; step < steps; step++) {
          const batchX = batchSize === undefined ? X : this.batchRows(X, step * batchSize, (step + 1) * batchSize);
          const batchY = batchSize === undefined ? y : sliceTargets(y, step * batchSize, (step + 1) * batchSize);

          const output = this.forward(batchX, true);
          const dataLoss = loss.calculate(output, batchY);
          const regularizationLoss = loss.regularizationLoss(this.trainableLayers);
          const total = loss.total(dataLoss, regularizationLoss);
          assertFiniteLoss(total, batchSize === undefined ? `epoch ${epoch}` : `epoch ${epoch}, step ${step}`);
          const predictions = this.outputLayer().predictions(output);
          const stepAccuracy = accuracy.calculate(predictions, batchY);

          this.backward(output, batchY);
          optimizer.step(parameters);

          last = {
            kind: 'step', epoch, epochs, step, steps, samples: batchX.rows, accuracy: stepAccuracy,
            loss: total, dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate,
          };
          if (batchSize !== undefined && (step % printEvery === 0 || step === steps - 1)) {
            log(`step: ${step}, ${summary(last)}`);
          }
          yield last;
        }

        let report: EpochReport;
        if (batchSize === undefined) {
          // Chapter 18: the epoch is its one step.
          const { accuracy: a, loss: l, dataLoss, regularizationLoss, learningRate } = last!;
          report = { kind: 'epoch', epoch, epochs, accuracy: a, loss: l, dataLoss, regularizationLoss, learningRate };
          if (epoch % printEvery === 0) log(`epoch: ${epoch}, ${summary(report)}`);
          if (validationData && epoch === epochs) report.validation = this.evaluate(validationData[0], validationData[1], { log });
        } else {
          // Chapter 19: the mean over every sample of the epoch, and the penalty as it is now.
          const dataLoss = loss.calculateAccumulated();
          const regularizationLoss = loss.regularizationLoss(this.trainableLayers);
          report = {
            kind: 'epoch', epoch, epochs, accuracy: accuracy.calculateAccumulated(), loss: loss.total(dataLoss, regularizationLoss),
            dataLoss, regularizationLoss, learningRate: optimizer.currentLearningRate,
          };
          log(`training, ${summary(report)}`);
          if (validationData) report.validation = this.evaluate(validationData[0], validationData[1], { batchSize, log });
        }
        yield report;
      }
    } finally {
      this.reuseBuffers(false);
    }
  }

  /** Lets every layer that can keep its matrices between training steps do so, or stop. */
  private reuseBuffers(on: boolean): void {
    for (const layer of this.layers) layer.buffers?.setReuse(on);
    this.batches.setReuse(on);
  }

  /**
   * Rows `start` to `end` of X (`X.sliceRows`) for a training step, copied into the same kept matrix
   * at every step, which lives in the kernels' memory: the first layer's products then read it in
   * place, where a fresh slice was copied once more into that memory by the forward product and
   * again by the backward one.
   */
  private batchRows(X: Matrix, start: number, end: number): Matrix {
    const e = Math.min(end, X.rows);
    const batch = this.batches.matrix('batch', e - start, X.cols, X.dtype);
    batch.data.set(X.data.subarray(start * X.cols, e * X.cols));
    return batch;
  }

  /**
   * Where training stands after `report` (from `training` or the callbacks), to resume from with
   * `start`: the next epoch after an epoch report, the next step (with the epoch's running totals)
   * after a step report. After the last step of an epoch, wait for that epoch's report instead.
   */
  positionAfter(report: StepReport | EpochReport): TrainingPosition {
    if (report.kind === 'epoch') return { epoch: report.epoch, step: 0 };
    if (report.step === report.steps - 1) {
      throw new RangeError(`Model.positionAfter: step ${report.step} ends epoch ${report.epoch}; take the position after its epoch report.`);
    }
    const { loss, accuracy } = this.ready('positionAfter', 'evaluate');
    return { epoch: report.epoch - 1, step: report.step + 1, lossTotals: loss.getAccumulated(), accuracyTotals: accuracy.getAccumulated() };
  }

  /** Loss and accuracy on data the model is not trained on (chapter 20); logs `validation, acc: …, loss: …`. */
  evaluate(X: Matrix, y: Targets, options: BatchOptions = {}): Evaluation {
    const { loss, accuracy } = this.ready('evaluate', 'evaluate');
    this.checkData(X, y, 'evaluate');
    assertOptions(options, BATCH_OPTIONS, 'Model.evaluate');
    options ??= {};
    const batchSize = options.batchSize === undefined ? X.rows : assertPositiveInteger(options.batchSize, 'batchSize', 'Model.evaluate');
    if (options.log !== undefined && typeof options.log !== 'function') throw new TypeError(`Model.evaluate: log must be a function, got ${describe(options.log)}.`);
    const log = options.log ?? console.log;
    loss.newPass();
    accuracy.newPass();
    for (let start = 0; start < X.rows; start += batchSize) {
      const output = this.forward(X.sliceRows(start, start + batchSize), false);
      const batchY = sliceTargets(y, start, start + batchSize);
      loss.calculate(output, batchY);
      accuracy.calculate(this.outputLayer().predictions(output), batchY);
    }
    const result = { accuracy: accuracy.calculateAccumulated(), loss: loss.calculateAccumulated() };
    log(`validation, acc: ${formatFixed(result.accuracy, 3)}, loss: ${formatFixed(result.loss, 3)}`);
    return result;
  }

  /** The model's outputs for X (chapter 22): class probabilities for a softmax classifier. */
  predict(X: Matrix, options: BatchOptions = {}): Matrix {
    this.ready('predict', 'predict');
    this.checkInputs(X, 'predict');
    assertOptions(options, ['batchSize'], 'Model.predict');
    options ??= {};
    const batchSize = options.batchSize === undefined ? Math.max(X.rows, 1) : assertPositiveInteger(options.batchSize, 'batchSize', 'Model.predict');
    const outputs: Matrix[] = [];
    for (let start = 0; start < X.rows; start += batchSize) outputs.push(this.forward(X.sliceRows(start, start + batchSize), false));
    return stackRows(outputs);
  }

  /** The predicted class (or value) of each output row, from the output layer: `np.argmax(outputs, axis=1)` for Softmax. */
  predictions(outputs: Matrix): Predictions {
    return this.outputLayer().predictions(outputs);
  }

  /** Runs X through every layer; `training` switches dropout on. */
  forward(X: Matrix, training: boolean): Matrix {
    let output = X;
    for (const layer of this.layers) output = layer.forward(output, training);
    return output;
  }

  /** Backpropagates from the loss of `output` against y, leaving every parameter's gradient in place. */
  backward(output: Matrix, y: Targets): void {
    let dinputs: Matrix;
    let layers = this.layers;
    if (this.softmaxClassifierOutput) {
      // The combined step replaces the backward passes of both the loss and the Softmax layer.
      dinputs = this.softmaxClassifierOutput.backward(output, y);
      layers = layers.slice(0, -1);
    } else {
      dinputs = this.loss!.backward(output, y);
    }
    // Nothing reads the gradient with respect to the model's inputs: stop at the first trainable
    // layer (the layers before it have no parameters) and skip its dL/d(inputs) where it can.
    const first = layers.findIndex((layer) => layer.parameters().length > 0);
    for (let i = layers.length - 1; i > first; i--) dinputs = layers[i]!.backward(dinputs);
    const firstLayer = layers[first];
    if (!firstLayer) return;
    if (firstLayer.backwardParameters) firstLayer.backwardParameters(dinputs);
    else firstLayer.backward(dinputs);
  }

  /** Copies of the parameter values, one list per trainable layer (for Dense: [weights, biases]). */
  getParameters(): Matrix[][] {
    return this.trainable().map((layer) => layer.parameters().map((p) => p.value.clone()));
  }

  /** Copies values (as from `getParameters`) into the parameters, checking every shape. */
  setParameters(values: readonly (readonly Matrix[])[]): void {
    const layers = this.trainable();
    if (!Array.isArray(values) || values.length !== layers.length) {
      throw new ShapeError(`Model.setParameters: got parameters for ${Array.isArray(values) ? values.length : 0} layers but the model has ${layers.length} trainable layers.`);
    }
    layers.forEach((layer, i) => {
      const parameters = layer.parameters();
      const given = values[i]!;
      if (!Array.isArray(given) || given.length !== parameters.length) {
        throw new ShapeError(`Model.setParameters: trainable layer ${i} (${layerName(layer)}) has ${parameters.length} parameters but ${Array.isArray(given) ? given.length : 0} were given.`);
      }
      parameters.forEach((p, j) => {
        const v = given[j]!;
        if (!(v instanceof Matrix) || v.rows !== p.value.rows || v.cols !== p.value.cols) {
          const shape = v instanceof Matrix ? v.shapeText : typeof v;
          throw new ShapeError(`Model.setParameters: ${p.name} of trainable layer ${i} (${layerName(layer)}) has shape ${p.value.shapeText} but the value given has shape ${shape}.`);
        }
      });
    });
    // Copy in place: the optimizer keeps its memory keyed by these very parameters.
    layers.forEach((layer, i) => layer.parameters().forEach((p, j) => p.value.data.set(values[i]![j]!.data)));
  }

  /** Every parameter of every trainable layer, in order (what the optimizer updates). */
  parameterList(): Parameter[] {
    return this.trainable().flatMap((layer) => layer.parameters());
  }

  /**
   * The parameters by name, as a model file stores them: `layers.<i>.weights` and
   * `layers.<i>.biases`, where i is the layer's index in `layers` (the values themselves, not copies).
   */
  namedParameters(): Map<string, Matrix> {
    const tensors = new Map<string, Matrix>();
    this.layers.forEach((layer, i) => {
      if (!(layer instanceof Dense)) return;
      const names = parameterNames(i);
      tensors.set(names.weights, layer.weights);
      tensors.set(names.biases, layer.biases);
    });
    return tensors;
  }

  /** Copies named parameters (as from `namedParameters` or a file) into the layers, checking names and shapes. */
  setNamedParameters(tensors: ReadonlyMap<string, Matrix>): void {
    if (!(tensors instanceof Map)) throw new TypeError(`Model.setNamedParameters: expected a Map from names to matrices (as namedParameters() returns), got ${describe(tensors)}.`);
    const own = this.namedParameters();
    for (const [name, value] of own) {
      const given = tensors.get(name);
      if (!given) throw new ShapeError(`Model.setNamedParameters: "${name}" is missing.`);
      assertMatrix(given, `Model.setNamedParameters: "${name}"`);
      if (given.rows !== value.rows || given.cols !== value.cols) {
        throw new ShapeError(`Model.setNamedParameters: "${name}" has shape ${value.shapeText} in the model but ${given.shapeText} was given.`);
      }
    }
    for (const name of tensors.keys()) {
      if (!own.has(name) && !name.startsWith('optimizer.')) throw new ShapeError(`Model.setNamedParameters: the model has no parameter "${name}".`);
    }
    for (const [name, value] of own) value.data.set(tensors.get(name)!.data);
  }

  /** The model's structure (layers, loss, accuracy, optimizer, class names) as the model file stores it (chapter 21). */
  toArchitecture(): Architecture {
    const layers = this.layers.map((layer, i): LayerSpec => {
      if (layer instanceof Dense) {
        const spec: LayerSpec = { type: 'dense', inputs: layer.weights.rows, neurons: layer.weights.cols };
        if (layer.weightRegularizerL1) spec.weightRegularizerL1 = layer.weightRegularizerL1;
        if (layer.weightRegularizerL2) spec.weightRegularizerL2 = layer.weightRegularizerL2;
        if (layer.biasRegularizerL1) spec.biasRegularizerL1 = layer.biasRegularizerL1;
        if (layer.biasRegularizerL2) spec.biasRegularizerL2 = layer.biasRegularizerL2;
        return spec;
      }
      if (layer instanceof Dropout) return { type: 'dropout', rate: layer.rate };
      if (layer instanceof ReLU) return { type: 'relu' };
      if (layer instanceof Softmax) return { type: 'softmax' };
      if (layer instanceof Sigmoid) return { type: 'sigmoid' };
      if (layer instanceof Linear) return { type: 'linear' };
      throw new ModelError(`Model.toArchitecture: layer ${i} (${layerName(layer)}) cannot be saved; model files know Dense, Dropout, ReLU, Softmax, Sigmoid and Linear.`);
    });
    const architecture: Architecture = { version: ARCHITECTURE_VERSION, layers };
    if (this.loss) architecture.loss = lossName(this.loss);
    if (this.accuracy instanceof CategoricalAccuracy) architecture.accuracy = this.accuracy.binary ? 'binary' : 'categorical';
    if (this.accuracy instanceof RegressionAccuracy) {
      architecture.accuracy = 'regression';
      if (this.accuracy.precision !== undefined) architecture.accuracyPrecision = this.accuracy.precision;
    }
    if (this.optimizer) architecture.optimizer = optimizerSpec(this.optimizer);
    if (this.classes) architecture.classes = [...this.classes];
    return validateArchitecture(architecture, undefined, 'Model.toArchitecture');
  }

  /**
   * Builds a finalized model from an architecture (validated first), with the given parameters if
   * any. Loading never runs anything from the file: only the layer types listed here can be built.
   */
  static fromArchitecture(json: unknown, options: { tensors?: ReadonlyMap<string, Matrix>; random?: RandomState } = {}): Model {
    const architecture = validateArchitecture(json, options.tensors);
    const random = options.random ?? new RandomState(0);
    const model = new Model();
    for (const spec of architecture.layers) {
      switch (spec.type) {
        case 'dense': {
          const { weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2 } = spec;
          model.add(new Dense(spec.inputs, spec.neurons, { random, weightRegularizerL1, weightRegularizerL2, biasRegularizerL1, biasRegularizerL2 }));
          break;
        }
        case 'dropout': model.add(new Dropout(spec.rate, { random })); break;
        case 'relu': model.add(new ReLU()); break;
        case 'softmax': model.add(new Softmax()); break;
        case 'sigmoid': model.add(new Sigmoid()); break;
        case 'linear': model.add(new Linear()); break;
      }
    }
    const settings: Partial<ModelSettings> = {};
    if (architecture.loss) settings.loss = makeLoss(architecture.loss);
    if (architecture.optimizer) settings.optimizer = makeOptimizer(architecture.optimizer);
    if (architecture.accuracy === 'regression') {
      const regression = new RegressionAccuracy();
      regression.precision = architecture.accuracyPrecision;
      settings.accuracy = regression;
    } else if (architecture.accuracy) {
      settings.accuracy = new CategoricalAccuracy({ binary: architecture.accuracy === 'binary' });
    }
    model.set(settings);
    if (architecture.classes) model.classes = [...architecture.classes];
    if (options.tensors) model.setNamedParameters(options.tensors);
    return model.finalize();
  }

  /** The layers with parameters, in order. */
  trainable(): Layer[] {
    return this.layers.filter((layer) => layer.parameters().length > 0);
  }

  /** The last layer, which makes the predictions. */
  private outputLayer(): OutputLayer {
    return this.layers[this.layers.length - 1] as OutputLayer;
  }

  /** Throws unless the model is finalized and has what `what` needs: all three settings to train, loss and accuracy to evaluate. */
  private ready(what: string, needs: 'train' | 'evaluate' | 'predict' = 'train'): ModelSettings {
    if (!this.finalized) {
      throw new ModelError(`Model.${what}: the model is not finalized; call model.finalize() after adding the layers and calling model.set(...).`);
    }
    const missing = [
      needs !== 'predict' && !this.loss ? 'loss' : '',
      needs === 'train' && !this.optimizer ? 'optimizer' : '',
      needs !== 'predict' && !this.accuracy ? 'accuracy' : '',
    ].filter(Boolean);
    if (missing.length > 0) {
      throw new ModelError(`Model.${what}: no ${missing.join(' or ')}; call model.set({ ${missing.join(', ')} }) and model.finalize() first.`);
    }
    return { loss: this.loss!, optimizer: this.optimizer!, accuracy: this.accuracy! };
  }

  /** Checks the inputs: a non-empty matrix of finite numbers as wide as the first layer expects. */
  private checkInputs(X: Matrix, what: string): void {
    assertMatrix(X, `Model.${what}: X (one sample per row)`);
    if (X.rows === 0) throw new ShapeError(`Model.${what}: X ${X.shapeText} has no samples; give at least one row.`);
    const first = this.layers.find((layer) => layer instanceof Dense);
    if (first instanceof Dense && this.layers[0] === first && X.cols !== first.weights.rows) {
      throw new ShapeError(`Model.${what}: X has shape ${X.shapeText}, ${X.cols} features per sample, but the first layer has weights of shape ${first.weights.shapeText} and expects ${first.weights.rows}; give X with ${first.weights.rows} columns, prepared as the training data was.`);
    }
    assertFinite(X, `Model.${what}: X`);
  }

  /** Checks inputs and targets together: one target per sample, labels in range. */
  private checkData(X: Matrix, y: Targets, what: string): void {
    this.checkInputs(X, what);
    const outputs = this.outputCount();
    if (y instanceof Matrix) {
      if (y.rows !== X.rows) throw new ShapeError(`Model.${what}: X has shape ${X.shapeText} but y has shape ${y.shapeText}; they need one row per sample each.`);
      if (outputs !== undefined && y.cols !== outputs) {
        const hint = y.cols === 1 ? ' If y holds class indices, pass them as an Int32Array or a plain array of numbers, not as a column Matrix.' : '';
        throw new ShapeError(`Model.${what}: y has shape ${y.shapeText} but the model has ${outputs} outputs, so the targets need shape (${y.rows}, ${outputs}).${hint}`);
      }
      assertFinite(y, `Model.${what}: y`);
      return;
    }
    if (!y || typeof y !== 'object' || typeof y.length !== 'number') {
      throw new TypeError(`Model.${what}: y must be class indices (e.g. an Int32Array) or a Matrix of targets, got ${describe(y)}.`);
    }
    if (this.loss && !(this.loss instanceof CategoricalCrossentropy)) {
      // Only categorical cross-entropy reads class indices; the other losses compare with target values.
      throw new TypeError(`Model.${what}: the loss ${this.loss.constructor.name} needs y as a Matrix of targets of shape (${X.rows}, ${outputs ?? 'outputs'}), e.g. Matrix.column(values), not ${describe(y)}.`);
    }
    if (y.length !== X.rows) throw new ShapeError(`Model.${what}: X has shape ${X.shapeText} (${X.rows} samples) but y has ${y.length} labels; give one label per sample.`);
    assertLabels(y, X.rows, outputs, `Model.${what}`);
  }

  /** The number of outputs of the last Dense layer, if there is one. */
  private outputCount(): number | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (layer instanceof Dense) return layer.weights.cols;
    }
    return undefined;
  }
}

/** The model-file name of a loss. */
function lossName(loss: Loss): LossName {
  if (loss instanceof CategoricalCrossentropy) return 'categoricalCrossentropy';
  if (loss instanceof BinaryCrossentropy) return 'binaryCrossentropy';
  if (loss instanceof MeanSquaredError) return 'meanSquaredError';
  if (loss instanceof MeanAbsoluteError) return 'meanAbsoluteError';
  throw new ModelError(`Model.toArchitecture: the loss ${loss.constructor.name} cannot be saved in a model file.`);
}

/** A loss from its model-file name. */
function makeLoss(name: LossName): Loss {
  switch (name) {
    case 'categoricalCrossentropy': return new CategoricalCrossentropy();
    case 'binaryCrossentropy': return new BinaryCrossentropy();
    case 'meanSquaredError': return new MeanSquaredError();
    case 'meanAbsoluteError': return new MeanAbsoluteError();
  }
}

/** An optimizer's type and hyperparameters, as a model file stores them. */
function optimizerSpec(optimizer: Optimizer): OptimizerSpec {
  const { learningRate, decay } = optimizer;
  if (optimizer instanceof SGD) return { type: 'sgd', learningRate, decay, momentum: optimizer.momentum };
  if (optimizer instanceof Adagrad) return { type: 'adagrad', learningRate, decay, epsilon: optimizer.epsilon };
  if (optimizer instanceof RMSprop) return { type: 'rmsprop', learningRate, decay, epsilon: optimizer.epsilon, rho: optimizer.rho };
  if (optimizer instanceof Adam) return { type: 'adam', learningRate, decay, epsilon: optimizer.epsilon, beta1: optimizer.beta1, beta2: optimizer.beta2 };
  throw new ModelError(`Model.toArchitecture: the optimizer ${optimizer.constructor.name} cannot be saved in a model file.`);
}

/** An optimizer from its model-file description. */
function makeOptimizer(spec: OptimizerSpec): Optimizer {
  const { type, ...options } = spec;
  switch (type) {
    case 'sgd': return new SGD(options);
    case 'adagrad': return new Adagrad(options);
    case 'rmsprop': return new RMSprop(options);
    case 'adam': return new Adam(options);
  }
}

/** The book's log fields: `acc: 0.934, loss: 0.213 (data_loss: 0.180, reg_loss: 0.033), lr: 0.0495`. */
function summary(r: { accuracy: number; loss: number; dataLoss: number; regularizationLoss: number; learningRate: number }): string {
  return (
    `acc: ${formatFixed(r.accuracy, 3)}, loss: ${formatFixed(r.loss, 3)} ` +
    `(data_loss: ${formatFixed(r.dataLoss, 3)}, reg_loss: ${formatFixed(r.regularizationLoss, 3)}), lr: ${formatFloat64(r.learningRate)}`
  );
}

/** Whether a layer has a `predictions` method, so it can end a model. */
function isOutputLayer(layer: Layer): layer is OutputLayer {
  return typeof (layer as Partial<OutputLayer>).predictions === 'function';
}

/** The class name of a layer, for messages. */
function layerName(layer: Layer): string {
  return layer?.constructor?.name ?? 'layer';
}

/** Targets `start` to `end` (exclusive): rows of a matrix, or a slice of the labels. */
export function sliceTargets(y: Targets, start: number, end: number): Targets {
  if (y instanceof Matrix) return y.sliceRows(start, end);
  const e = Math.min(end, y.length);
  if (ArrayBuffer.isView(y)) return (y as unknown as Int32Array).subarray(start, e);
  return Array.prototype.slice.call(y, start, e) as number[];
}

/** Stacks matrices with the same number of columns on top of each other (`np.vstack`). */
export function stackRows(parts: readonly Matrix[]): Matrix {
  if (parts.length === 1) return parts[0]!;
  const cols = parts[0]?.cols ?? 0;
  const dtype = parts.some((p) => p.dtype === 'float64') ? 'float64' : 'float32';
  const out = new Matrix(parts.reduce((n, p) => n + p.rows, 0), cols, dtype);
  let offset = 0;
  for (const p of parts) {
    if (p.cols !== cols) throw new ShapeError(`stackRows: cannot stack a ${p.shapeText} matrix under rows of ${cols} columns.`);
    out.data.set(p.data, offset);
    offset += p.data.length;
  }
  return out;
}
