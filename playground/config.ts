/**
 * Everything a learner can set on the page, as one plain object. The worker builds the data set and
 * the network from it, so two runs with the same config (and so the same seed) are the same run.
 * No DOM and no math here: just the settings, their defaults and which choices fit together.
 */

/** The data sets the page offers. Sine is the one regression task. */
export type DatasetName = 'spiral' | 'vertical' | 'circle' | 'xor' | 'sine';
/** Activations a hidden layer may use. */
export type HiddenActivation = 'relu' | 'sigmoid' | 'linear';
/** Activations of the output layer. */
export type OutputActivation = 'softmax' | 'sigmoid' | 'linear';
/** The losses of the book. */
export type LossName = 'categoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';
/** The optimizers of chapter 10. */
export type OptimizerName = 'sgd' | 'adagrad' | 'rmsprop' | 'adam';

/** Which data to learn from. */
export interface DataConfig {
  name: DatasetName;
  /** Training samples per class (spiral, vertical) or in total (circle, xor, sine). */
  samples: number;
  /** Classes of the spiral and vertical data sets; circle and xor have two, sine none. */
  classes: number;
  /** How far points stray from their ideal place (each generator scales it its own way). */
  noise: number;
}

/** One hidden layer: a Dense layer followed by its activation. */
export interface HiddenLayerConfig {
  neurons: number;
  activation: HiddenActivation;
}

/** The optimizer and its hyperparameters (each optimizer reads the ones it has). */
export interface OptimizerConfig {
  name: OptimizerName;
  learningRate: number;
  /** lr / (1 + decay · iterations). */
  decay: number;
  /** SGD only. */
  momentum: number;
  /** AdaGrad, RMSProp and Adam. */
  epsilon: number;
  /** RMSProp's cache decay. */
  rho: number;
  /** Adam's momentum decay. */
  beta1: number;
  /** Adam's cache decay. */
  beta2: number;
}

/** The whole page's settings. */
export interface PlaygroundConfig {
  data: DataConfig;
  hidden: HiddenLayerConfig[];
  output: OutputActivation;
  loss: LossName;
  optimizer: OptimizerConfig;
  /** L1 penalty on the hidden layers' weights (λ₁ Σ|w|). */
  l1: number;
  /** L2 penalty on the hidden layers' weights (λ₂ Σw²). */
  l2: number;
  /** Dropout rate after each hidden layer (0 means no dropout layer). */
  dropout: number;
  /** Samples per training step; 0 trains on the whole set at once, as the book's early chapters do. */
  batchSize: number;
  /**
   * Initial weights are `weightScale · randn`. The book uses 0.01 (0.1 for regression); 0.3 lets a
   * network of two hidden layers of 16 leave its flat start in a few hundred epochs instead of thousands.
   */
  weightScale: number;
  /** Seeds the one RandomState behind the data, the initial weights, dropout and shuffling. */
  seed: number;
}

/** The page as it opens: the book's spiral, two hidden layers of 16, Adam. */
export const DEFAULT_CONFIG: PlaygroundConfig = {
  data: { name: 'spiral', samples: 100, classes: 3, noise: 0 },
  hidden: [
    { neurons: 16, activation: 'relu' },
    { neurons: 16, activation: 'relu' },
  ],
  output: 'softmax',
  loss: 'categoricalCrossentropy',
  optimizer: { name: 'adam', learningRate: 0.02, decay: 1e-5, momentum: 0.9, epsilon: 1e-7, rho: 0.9, beta1: 0.9, beta2: 0.999 },
  l1: 0,
  l2: 0,
  dropout: 0,
  batchSize: 0,
  weightScale: 0.3,
  seed: 0,
};

/** Whether a data set asks for a number (regression) rather than a class. */
export function isRegression(name: DatasetName): boolean {
  return name === 'sine';
}

/** How many input features a data set has: sine has x alone, the others (x, y). */
export function inputFeatures(name: DatasetName): number {
  return name === 'sine' ? 1 : 2;
}

/** How many classes a data set has (1 for regression). */
export function classCount(data: DataConfig): number {
  if (isRegression(data.name)) return 1;
  if (data.name === 'circle' || data.name === 'xor') return 2;
  return data.classes;
}

/** The output activations that make sense for a data set. */
export function outputsFor(name: DatasetName): OutputActivation[] {
  return isRegression(name) ? ['linear'] : ['softmax', 'sigmoid', 'linear'];
}

/** The losses that fit an output activation, the book's choice first. */
export function lossesFor(output: OutputActivation): LossName[] {
  switch (output) {
    case 'softmax': return ['categoricalCrossentropy'];
    case 'sigmoid': return ['binaryCrossentropy', 'meanSquaredError'];
    case 'linear': return ['meanSquaredError', 'meanAbsoluteError'];
  }
}

/**
 * Neurons in the output layer: one per class for softmax; one for sigmoid on two classes (the
 * book's chapter 16), else one per class; one for regression; one per class for a linear output
 * trained on one-hot targets.
 */
export function outputNeurons(config: PlaygroundConfig): number {
  const classes = classCount(config.data);
  if (config.output === 'sigmoid' && classes === 2) return 1;
  return classes;
}

/** Brings a config back to a consistent state after one field changed (e.g. a new data set). */
export function reconcile(config: PlaygroundConfig): PlaygroundConfig {
  const next = structuredClone(config);
  const outputs = outputsFor(next.data.name);
  if (!outputs.includes(next.output)) next.output = outputs[0]!;
  const losses = lossesFor(next.output);
  if (!losses.includes(next.loss)) next.loss = losses[0]!;
  return next;
}

/** Human names for the choices, as the page shows them. */
export const LABELS = {
  datasets: { spiral: 'Spiral', vertical: 'Vertical', circle: 'Circle', xor: 'XOR', sine: 'Sine (regression)' },
  activations: { relu: 'ReLU', sigmoid: 'Sigmoid', linear: 'Linear', softmax: 'Softmax' },
  losses: {
    categoricalCrossentropy: 'Categorical cross-entropy',
    binaryCrossentropy: 'Binary cross-entropy',
    meanSquaredError: 'Mean squared error',
    meanAbsoluteError: 'Mean absolute error',
  },
  optimizers: { sgd: 'SGD', adagrad: 'AdaGrad', rmsprop: 'RMSProp', adam: 'Adam' },
} as const;

/**
 * A config read from a file (untrusted JSON): every known field that has the right type and range
 * is taken, anything else falls back to `fallback`. Unknown fields are ignored.
 */
export function sanitizeConfig(json: unknown, fallback: PlaygroundConfig): PlaygroundConfig {
  const c = structuredClone(fallback);
  const o = isObject(json) ? json : {};
  const num = (v: unknown, d: number, min: number, max: number, integer = false): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v)) ? v : d;
  const pick = <T extends string>(v: unknown, d: T, options: readonly T[]): T => (options.includes(v as T) ? (v as T) : d);
  const data = isObject(o.data) ? o.data : {};
  c.data.name = pick(data.name, c.data.name, ['spiral', 'vertical', 'circle', 'xor', 'sine']);
  c.data.samples = num(data.samples, c.data.samples, 1, 5000, true);
  c.data.classes = num(data.classes, c.data.classes, 2, 5, true);
  c.data.noise = num(data.noise, c.data.noise, 0, 1);
  if (Array.isArray(o.hidden) && o.hidden.length <= 8) {
    c.hidden = o.hidden.filter(isObject).map((h) => ({
      neurons: num(h.neurons, 8, 1, 128, true),
      activation: pick(h.activation, 'relu', ['relu', 'sigmoid', 'linear'] as const),
    }));
  }
  c.output = pick(o.output, c.output, ['softmax', 'sigmoid', 'linear']);
  c.loss = pick(o.loss, c.loss, ['categoricalCrossentropy', 'binaryCrossentropy', 'meanSquaredError', 'meanAbsoluteError']);
  const opt = isObject(o.optimizer) ? o.optimizer : {};
  c.optimizer = {
    name: pick(opt.name, c.optimizer.name, ['sgd', 'adagrad', 'rmsprop', 'adam']),
    learningRate: num(opt.learningRate, c.optimizer.learningRate, 0, 100),
    decay: num(opt.decay, c.optimizer.decay, 0, 100),
    momentum: num(opt.momentum, c.optimizer.momentum, 0, 0.9999),
    epsilon: num(opt.epsilon, c.optimizer.epsilon, 0, 1),
    rho: num(opt.rho, c.optimizer.rho, 0, 0.9999),
    beta1: num(opt.beta1, c.optimizer.beta1, 0, 0.9999),
    beta2: num(opt.beta2, c.optimizer.beta2, 0, 0.9999),
  };
  c.l1 = num(o.l1, c.l1, 0, 10);
  c.l2 = num(o.l2, c.l2, 0, 10);
  c.dropout = num(o.dropout, c.dropout, 0, 0.95);
  c.batchSize = num(o.batchSize, c.batchSize, 0, 100000, true);
  c.weightScale = num(o.weightScale, c.weightScale, 0, 10);
  c.seed = num(o.seed, c.seed, 0, 4294967295, true);
  return reconcile(c);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
