/**
 * The playground's training loop, on the library's own layers, losses and optimizers. It builds the
 * data set and the network from a config, trains epoch by epoch, and answers what the page wants
 * to draw: metrics, weights, the network's outputs over a grid, and the step-through of a sample.
 * No DOM here: it runs in the worker, and in Node for the tests.
 *
 * One RandomState, seeded from the config, draws everything in a fixed order: the training data,
 * the validation data, the initial weights, then the dropout masks and shuffles as training goes.
 * So the same config always gives the same run.
 */
import { Matrix } from '../src/matrix.ts';
import { RandomState } from '../src/random.ts';
import { Dense } from '../src/layers/dense.ts';
import type { Layer } from '../src/layers/layer.ts';
import { Loss, assertFiniteLoss, type Targets } from '../src/losses/loss.ts';
import { SoftmaxCategoricalCrossentropy } from '../src/losses/softmax-crossentropy.ts';
import { CategoricalAccuracy, RegressionAccuracy, type Accuracy } from '../src/accuracy.ts';
import { makeData, takeRows, type PlaygroundData } from './data.ts';
import { classCount, outputNeurons, type PlaygroundConfig } from './config.ts';
import { makeActivation, makeDropout, makeLoss, makeOptimizer, type Optimizer } from './parts.ts';
import type { DataMessage, DataPoints, Grid, LayerWeights, Metrics } from './protocol.ts';
import { traceSample, type Trace, type TracedLayer } from './trace.ts';
import { decodeModel, encodeModel, type DenseWeights } from './model-file.ts';

/** Grid cells per side of the heat map (classification) or points on the curve (regression). */
const GRID = 64;
const CURVE = 200;

/** Trains one network on one data set, as the config says. */
export class Trainer {
  readonly config: PlaygroundConfig;
  readonly data: PlaygroundData;
  /** Dense + activation pairs, input side first. */
  readonly layers: TracedLayer[];
  /** The Dropout after each hidden layer (undefined where the rate is 0 and for the output). */
  private readonly dropouts: (Layer | undefined)[];
  private readonly random: RandomState;
  private readonly loss: Loss;
  /** The combined softmax + cross-entropy backward pass, used in training when it applies. */
  private readonly softmaxLoss?: SoftmaxCategoricalCrossentropy;
  private readonly optimizer: Optimizer;
  private readonly accuracy: Accuracy;
  private readonly gridInputs: Matrix;
  private readonly bounds: Grid['bounds'];
  epoch = 0;
  steps = 0;

  constructor(config: PlaygroundConfig, weights?: DenseWeights[]) {
    this.config = structuredClone(config);
    this.random = new RandomState(config.seed);
    this.data = makeData(config, this.random);

    const sizes = [this.data.train.X.cols, ...config.hidden.map((h) => h.neurons), outputNeurons(config)];
    const names = [...config.hidden.map((_, i) => `Hidden ${i + 1}`), 'Output'];
    const activations = [...config.hidden.map((h) => h.activation), config.output];
    this.layers = names.map((name, l) => {
      const hidden = l < config.hidden.length;
      const dense = new Dense(sizes[l]!, sizes[l + 1]!, {
        random: this.random,
        scale: config.weightScale,
        // The book puts penalties on the hidden layers only.
        weightRegularizerL1: hidden ? config.l1 : 0,
        weightRegularizerL2: hidden ? config.l2 : 0,
      });
      return { name, dense, activation: makeActivation(activations[l]!), activationName: activations[l]! };
    });
    if (weights) this.setWeights(weights);
    this.dropouts = this.layers.map((_, l) => (l < config.hidden.length && config.dropout > 0 ? makeDropout(config.dropout, this.random) : undefined));

    this.loss = makeLoss(config.loss);
    if (config.output === 'softmax' && config.loss === 'categoricalCrossentropy') this.softmaxLoss = new SoftmaxCategoricalCrossentropy();
    this.optimizer = makeOptimizer(config.optimizer);
    if (this.data.regression) {
      const accuracy = new RegressionAccuracy();
      accuracy.init(this.data.train.targets);
      this.accuracy = accuracy;
    } else {
      this.accuracy = new CategoricalAccuracy();
    }
    ({ inputs: this.gridInputs, bounds: this.bounds } = gridInputs(this.data));
  }

  /** One pass over the training data, in batches (shuffled each epoch when there is more than one). */
  trainEpoch(): void {
    const { X, targets } = this.data.train;
    const n = X.rows;
    const batch = this.config.batchSize > 0 && this.config.batchSize < n ? this.config.batchSize : n;
    let order: Int32Array | undefined;
    if (batch < n) order = this.random.permutation(n);
    for (let start = 0; start < n; start += batch) {
      const rows = order ? order.subarray(start, start + batch) : undefined;
      const inputs = rows ? takeRows(X, rows) : X;
      const y = rows ? takeTargets(targets, rows) : targets;
      this.step(inputs, y);
    }
    this.epoch++;
  }

  /** Forward, loss gradient, backward and one optimizer update on a batch. */
  private step(inputs: Matrix, y: Targets): void {
    let x = inputs;
    this.layers.forEach((layer, l) => {
      x = layer.activation.forward(layer.dense.forward(x), true);
      const dropout = this.dropouts[l];
      if (dropout) x = dropout.forward(x, true);
    });
    // Backward: through each layer's dropout, activation and Dense, output side first. With softmax
    // and cross-entropy the combined gradient ŷ − y goes straight into the output Dense (chapter 9).
    const last = this.layers.length - 1;
    let d = this.softmaxLoss ? this.softmaxLoss.backward(x, y) : this.loss.backward(x, y);
    for (let l = last; l >= 0; l--) {
      const layer = this.layers[l]!;
      const dropout = this.dropouts[l];
      if (dropout) d = dropout.backward(d);
      if (!(this.softmaxLoss && l === last)) d = layer.activation.backward(d);
      d = layer.dense.backward(d);
    }
    this.optimizer.preUpdate();
    for (const layer of this.layers) for (const parameter of layer.dense.parameters()) this.optimizer.update(parameter);
    this.optimizer.postUpdate();
    this.steps++;
  }

  /** The network's output for a batch, without dropout. */
  predict(inputs: Matrix): Matrix {
    let x = inputs;
    for (const layer of this.layers) x = layer.activation.forward(layer.dense.forward(x), false);
    return x;
  }

  /** Loss and accuracy on the training and validation sets, now. */
  evaluate(): Metrics {
    const train = this.measure(this.data.train.X, this.data.train.targets, this.data.train.labels);
    const validation = this.measure(this.data.validation.X, this.data.validation.targets, this.data.validation.labels);
    const regularizationLoss = this.loss.regularizationLoss(this.layers.map((l) => l.dense));
    const loss = this.loss.total(train.loss, regularizationLoss);
    assertFiniteLoss(loss, `epoch ${this.epoch}`);
    return {
      epoch: this.epoch,
      steps: this.steps,
      loss,
      dataLoss: train.loss,
      regularizationLoss,
      accuracy: train.accuracy,
      validationLoss: validation.loss,
      validationAccuracy: validation.accuracy,
      learningRate: this.optimizer.currentLearningRate,
    };
  }

  private measure(X: Matrix, targets: Targets, labels: Int32Array | undefined): { loss: number; accuracy: number } {
    const output = this.predict(X);
    const loss = this.loss.calculate(output, targets);
    const accuracy = labels
      ? this.accuracy.calculate(classPredictions(output), labels)
      : this.accuracy.calculate(output, targets);
    return { loss, accuracy };
  }

  /** Every Dense layer's weights and biases, copied for the page. */
  layerWeights(): LayerWeights[] {
    return this.layers.map((l) => ({
      inputs: l.dense.weights.rows,
      neurons: l.dense.weights.cols,
      weights: Float32Array.from(l.dense.weights.data),
      biases: Float32Array.from(l.dense.biases.data),
      activation: l.activationName,
    }));
  }

  /**
   * The network's outputs over the grid. For classification each cell holds one score per class
   * in [0, 1] summing to 1 (the softmax itself; for a single sigmoid [1 − ŷ, ŷ]); for regression
   * the predicted value at each x.
   */
  grid(): Grid {
    const output = this.predict(this.gridInputs);
    if (this.data.regression) {
      return { resolution: CURVE, bounds: this.bounds, outputs: 1, values: Float32Array.from(output.data) };
    }
    const classes = classCount(this.config.data);
    const values = new Float32Array(output.rows * classes);
    for (let i = 0; i < output.rows; i++) {
      const scores = classScores(output.rowValues(i), classes);
      values.set(scores, i * classes);
    }
    return { resolution: GRID, bounds: this.bounds, outputs: classes, values };
  }

  /** The forward and backward pass of one sample, with every number. */
  trace(split: 'train' | 'validation', index: number): Trace {
    const set = this.data[split];
    const input = set.X.sliceRows(index, index + 1);
    const target: Targets = set.targets instanceof Matrix ? set.targets.sliceRows(index, index + 1) : Int32Array.of(set.targets[index]!);
    const label = set.labels ? set.labels[index]! : (set.targets as Matrix).data[index]!;
    return traceSample(this.layers, makeLoss(this.config.loss), this.config.loss, input, target, { split, index, label, l1: this.config.l1, l2: this.config.l2 });
  }

  /** The data as the page draws it, with the config it came from. */
  dataMessage(): DataMessage {
    return {
      type: 'data',
      config: structuredClone(this.config),
      train: points(this.data.train.X, this.data.train.labels, this.data.train.targets),
      validation: points(this.data.validation.X, this.data.validation.labels, this.data.validation.targets),
      classes: classCount(this.config.data),
      regression: this.data.regression,
    };
  }

  /** The weights as safetensors and the architecture as JSON. */
  exportModel(): { safetensors: Uint8Array; architecture: string } {
    const precision = this.accuracy instanceof RegressionAccuracy ? this.accuracy.precision : undefined;
    return encodeModel(this.config, this.layers, precision);
  }

  /** A trainer around imported weights; the data set comes from the imported config when it has one. */
  static importModel(safetensors: Uint8Array, architecture: string | undefined, current: PlaygroundConfig): Trainer {
    const { config, weights } = decodeModel(safetensors, architecture, current);
    return new Trainer(config, weights);
  }

  /** Copies imported weights into the layers, checking that the shapes fit. */
  private setWeights(weights: readonly DenseWeights[]): void {
    if (weights.length !== this.layers.length) {
      throw new Error(`The model has ${weights.length} dense layers, but the network here has ${this.layers.length}.`);
    }
    this.layers.forEach((layer, l) => {
      for (const [mine, theirs] of [[layer.dense.weights, weights[l]!.weights], [layer.dense.biases, weights[l]!.biases]] as const) {
        if (mine.rows !== theirs.rows || mine.cols !== theirs.cols) {
          throw new Error(`${layer.name}: the model file has shape ${theirs.shapeText}, the network needs ${mine.shapeText}.`);
        }
        mine.data.set(theirs.data);
      }
    });
  }
}

/** The class each row predicts: argmax, or ŷ > 0.5 for a single sigmoid output. */
function classPredictions(output: Matrix): Int32Array {
  if (output.cols > 1) return output.argmaxRows();
  return Int32Array.from(output.data, (v) => (v > 0.5 ? 1 : 0));
}

/** Turns one row of outputs into class scores that sum to 1, for colouring the heat map. */
function classScores(row: number[], classes: number): number[] {
  if (row.length === 1) {
    const p = Math.min(1, Math.max(0, row[0]!));
    return [1 - p, p];
  }
  const clipped = row.slice(0, classes).map((v) => Math.min(1, Math.max(0, v)));
  const sum = clipped.reduce((s, v) => s + v, 0);
  return sum > 0 ? clipped.map((v) => v / sum) : clipped.map(() => 1 / classes);
}

function takeTargets(targets: Targets, rows: Int32Array): Targets {
  if (targets instanceof Matrix) return takeRows(targets, rows);
  return Int32Array.from(rows, (r) => targets[r]!);
}

/** A data set as plain arrays for the page. */
function points(X: Matrix, labels: Int32Array | undefined, targets: Targets): DataPoints {
  return {
    count: X.rows,
    features: X.cols,
    X: Float32Array.from(X.data),
    y: labels ? Float32Array.from(labels) : Float32Array.from((targets as Matrix).data),
  };
}

/** The inputs of every grid cell (or curve point) over the training data, with a margin. */
function gridInputs(data: PlaygroundData): { inputs: Matrix; bounds: Grid['bounds'] } {
  const { X } = data.train;
  if (data.regression) {
    const xs = Array.from(X.data);
    const ys = Array.from((data.train.targets as Matrix).data);
    const padX = 0.03 * (Math.max(...xs) - Math.min(...xs) || 1);
    const [x0, x1] = [Math.min(...xs) - padX, Math.max(...xs) + padX];
    const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
    const padY = 0.1 * (y1 - y0 || 1);
    const inputs = new Matrix(CURVE, 1, X.dtype);
    for (let i = 0; i < CURVE; i++) inputs.data[i] = x0 + ((x1 - x0) * i) / (CURVE - 1);
    return { inputs, bounds: [x0, x1, y0 - padY, y1 + padY] };
  }
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < X.rows; i++) {
    x0 = Math.min(x0, X.get(i, 0));
    x1 = Math.max(x1, X.get(i, 0));
    y0 = Math.min(y0, X.get(i, 1));
    y1 = Math.max(y1, X.get(i, 1));
  }
  // A square view centred on the data, 10% wider than it.
  const half = 0.55 * Math.max(x1 - x0, y1 - y0, 1e-3);
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  const bounds: Grid['bounds'] = [cx - half, cx + half, cy - half, cy + half];
  const inputs = new Matrix(GRID * GRID, 2, X.dtype);
  for (let r = 0; r < GRID; r++) {
    for (let c = 0; c < GRID; c++) {
      // Cell centres, row 0 at the top (largest y).
      inputs.set(r * GRID + c, 0, bounds[0] + ((c + 0.5) / GRID) * (bounds[1] - bounds[0]));
      inputs.set(r * GRID + c, 1, bounds[3] - ((r + 0.5) / GRID) * (bounds[3] - bounds[2]));
    }
  }
  return { inputs, bounds };
}

