/**
 * `scratchnet train`: builds a network for a data set, trains it with a Keras-style progress
 * display, and saves it as one model file. `--checkpoint-every N` saves the whole training state
 * every N epochs; Ctrl-C saves it at once (between two steps); `--resume <checkpoint>` continues
 * from it and ends with exactly the weights an uninterrupted run would have.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  Adagrad, Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Linear, MeanSquaredError, Model, RMSprop,
  RandomState, RegressionAccuracy, ReLU, SGD, Sigmoid, Softmax,
  type EpochReport, type Optimizer, type StepReport, type TrainingPosition,
} from '../src/index.ts';
import { loadCheckpoint, saveCheckpoint, saveModel } from '../src/io/index.ts';
import { EpochProgress, type Metrics } from './progress.ts';
import { DATA_SETS, loadData, type DataName, type DataSet } from './data.ts';
import { UsageError, choice, integer, integerList, number, parse, text, type OptionSpecs } from './options.ts';

const OPTIMIZERS = ['adam', 'sgd', 'adagrad', 'rmsprop'] as const;
const ACTIVATIONS = ['relu', 'sigmoid'] as const;

/** Each data set's defaults: the book's settings for it. */
const DEFAULTS: Record<DataName, Record<string, string>> = {
  spiral: { samples: '100', classes: '3', hidden: '64', epochs: '10000', 'print-every': '1000', optimizer: 'adam', 'learning-rate': '0.05', decay: '5e-7' },
  vertical: { samples: '100', classes: '3', hidden: '64', epochs: '1000', 'print-every': '100', optimizer: 'adam', 'learning-rate': '0.05', decay: '5e-7' },
  sine: { samples: '1000', hidden: '64,64', epochs: '10000', 'print-every': '1000', optimizer: 'adam', 'learning-rate': '0.005', decay: '1e-3' },
  'fashion-mnist': { samples: '60000', hidden: '128,128', epochs: '10', 'batch-size': '128', 'print-every': '1', optimizer: 'adam', 'learning-rate': '0.001', decay: '1e-3' },
};

/** The options of `train` that define a run (saved in checkpoints). */
const RUN_OPTIONS: OptionSpecs = {
  data: { type: 'string' },
  samples: { type: 'string' },
  classes: { type: 'string' },
  hidden: { type: 'string' },
  activation: { type: 'string' },
  optimizer: { type: 'string' },
  'learning-rate': { type: 'string' },
  decay: { type: 'string' },
  momentum: { type: 'string' },
  epsilon: { type: 'string' },
  rho: { type: 'string' },
  beta1: { type: 'string' },
  beta2: { type: 'string' },
  epochs: { type: 'string' },
  'batch-size': { type: 'string' },
  seed: { type: 'string' },
  l1: { type: 'string' },
  l2: { type: 'string' },
  dropout: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'print-every': { type: 'string' },
  'checkpoint-every': { type: 'string' },
};

const OPTIONS: OptionSpecs = { ...RUN_OPTIONS, resume: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

export const TRAIN_HELP = `usage: scratchnet train [options]
       scratchnet train --resume <checkpoint>

Trains a network and saves it as one model file (safetensors: architecture + weights).
Each data set's defaults are the book's settings for it.

Data:
  --data <name>            spiral | vertical | sine | fashion-mnist (default spiral)
  --samples <n>            points per class (spiral, vertical: 100), points (sine: 1000),
                           or training images to use (fashion-mnist: all 60000)
  --classes <n>            classes of spiral/vertical data (default 3)
  --seed <n>               seed of the generator for data, shuffle, weights and dropout (default 0)
Network:
  --hidden <sizes>         hidden layer sizes, comma-separated (spiral/vertical 64, sine 64,64,
                           fashion-mnist 128,128)
  --activation <name>      relu | sigmoid, after each hidden layer (default relu)
  --dropout <rate>         dropout after each hidden activation, in [0, 1) (default 0: none)
  --l1 <λ>, --l2 <λ>       L1/L2 penalty on the weights and biases of the hidden layers (default 0)
Optimizer:
  --optimizer <name>       adam | sgd | adagrad | rmsprop (default adam)
  --learning-rate <x>      (spiral/vertical 0.05, sine 0.005, fashion-mnist 0.001; with another
                           --optimizer, its own default: sgd 1, adagrad 1, rmsprop 0.001)
  --decay <x>              learning-rate decay per step (spiral/vertical 5e-7, sine and
                           fashion-mnist 1e-3; with another --optimizer, 0)
  --momentum <x>           sgd only (default 0)
  --rho <x>                rmsprop only (default 0.9)
  --beta1 <x>, --beta2 <x> adam only (defaults 0.9, 0.999)
  --epsilon <x>            adam, adagrad, rmsprop (default 1e-7)
Training:
  --epochs <n>             passes over the data (spiral 10000, vertical 1000, sine 10000,
                           fashion-mnist 10)
  --batch-size <n>         samples per step (fashion-mnist 128; others: all at once)
  --print-every <n>        show every n-th epoch (spiral and sine 1000, vertical 100, fashion-mnist 1)
Output:
  -o, --output <path>      where to save the model (default model.safetensors)
  --checkpoint-every <n>   save the training state every n epochs to <output minus
                           .safetensors>.checkpoint.safetensors (Ctrl-C saves it too)
  --resume <checkpoint>    continue the run saved in a checkpoint, with its settings
  -h, --help               show this help

Examples:
  scratchnet train
  scratchnet train --data fashion-mnist --epochs 5 -o fashion.safetensors
  scratchnet train --data spiral --samples 1000 --hidden 512 --dropout 0.1 --l2 5e-4 \\
                   --decay 5e-5 --epochs 2000 --batch-size 256 --checkpoint-every 100`;

/** Everything that defines a training run. */
export interface TrainConfig {
  data: DataName;
  samples: number;
  classes: number;
  seed: number;
  hidden: number[];
  activation: (typeof ACTIVATIONS)[number];
  dropout: number;
  l1: number;
  l2: number;
  optimizer: (typeof OPTIMIZERS)[number];
  learningRate?: number;
  decay?: number;
  momentum?: number;
  epsilon?: number;
  rho?: number;
  beta1?: number;
  beta2?: number;
  epochs: number;
  batchSize?: number;
  printEvery: number;
  output: string;
  checkpointEvery?: number;
  /** The option values after defaults, as strings: what a checkpoint stores to resume with. */
  options: Record<string, string>;
}

/** Checks the options (given, or saved in a checkpoint) and fills in the data set's defaults. */
export function resolveConfig(given: Record<string, string | undefined>): TrainConfig {
  const data = choice(given.data ?? 'spiral', 'data', DATA_SETS);
  const defaults: Record<string, string> = { ...DEFAULTS[data], activation: 'relu', dropout: '0', l1: '0', l2: '0', seed: '0', output: 'model.safetensors' };
  // With another optimizer than the data set's, that optimizer's own defaults apply.
  if (given.optimizer !== undefined && given.optimizer !== defaults.optimizer) {
    delete defaults['learning-rate'];
    delete defaults.decay;
  }
  const options: Record<string, string> = { data };
  for (const key of Object.keys(RUN_OPTIONS)) {
    const value = given[key] ?? defaults[key];
    if (value !== undefined) options[key] = value;
  }
  if (data === 'sine' && given.classes !== undefined) throw new UsageError('--classes does not apply to sine data (it is regression, with one output)');
  if (data === 'fashion-mnist' && given.classes !== undefined) throw new UsageError('--classes does not apply to fashion-mnist (it has 10 classes)');

  const optimizer = choice(options.optimizer!, 'optimizer', OPTIMIZERS);
  const only: Record<string, readonly string[]> = { momentum: ['sgd'], rho: ['rmsprop'], beta1: ['adam'], beta2: ['adam'], epsilon: ['adam', 'adagrad', 'rmsprop'] };
  for (const [key, allowed] of Object.entries(only)) {
    if (options[key] !== undefined && !allowed.includes(optimizer)) {
      throw new UsageError(`--${key} applies to ${allowed.join(', ')} only, not to --optimizer ${optimizer}`);
    }
  }
  const optional = (key: string, min = 0, max = Infinity, maxInclusive = false): number | undefined =>
    options[key] === undefined ? undefined : number(options[key]!, key, min, max, maxInclusive);
  const config: TrainConfig = {
    data,
    samples: integer(options.samples!, 'samples', 1, data === 'fashion-mnist' ? 60000 : 1_000_000),
    classes: data === 'spiral' || data === 'vertical' ? integer(options.classes!, 'classes', 2, 1000) : data === 'sine' ? 1 : 10,
    seed: integer(options.seed!, 'seed', 0, 2 ** 32 - 1),
    hidden: integerList(options.hidden!, 'hidden'),
    activation: choice(options.activation!, 'activation', ACTIVATIONS),
    dropout: number(options.dropout!, 'dropout', 0, 1),
    l1: number(options.l1!, 'l1'),
    l2: number(options.l2!, 'l2'),
    optimizer,
    learningRate: optional('learning-rate'),
    decay: optional('decay'),
    momentum: optional('momentum', 0, 1),
    epsilon: optional('epsilon'),
    rho: optional('rho', 0, 1),
    beta1: optional('beta1', 0, 1),
    beta2: optional('beta2', 0, 1),
    epochs: integer(options.epochs!, 'epochs', 1, 100_000_000),
    batchSize: options['batch-size'] === undefined ? undefined : integer(options['batch-size'], 'batch-size'),
    printEvery: integer(options['print-every']!, 'print-every'),
    output: options.output!,
    checkpointEvery: options['checkpoint-every'] === undefined ? undefined : integer(options['checkpoint-every'], 'checkpoint-every'),
    options,
  };
  if (config.output === '') throw new UsageError('--output must be a file path');
  return config;
}

/** Where the checkpoints of a run that saves its model to `output` go. */
export function checkpointPath(output: string): string {
  return output.endsWith('.safetensors') ? `${output.slice(0, -'.safetensors'.length)}.checkpoint.safetensors` : `${output}.checkpoint`;
}

/** Builds the network, loss, optimizer and accuracy of a run, drawing the weights from `random`. */
export function buildModel(config: TrainConfig, inputs: number, outputs: number, task: 'classification' | 'regression', random: RandomState, classNames?: string[]): Model {
  const model = new Model();
  // Chapter 17 starts its weights at 0.1 · randn: with 0.01 the sine network barely moves.
  const scale = task === 'regression' ? 0.1 : 0.01;
  let width = inputs;
  for (const size of config.hidden) {
    model.add(new Dense(width, size, {
      random, scale,
      weightRegularizerL1: config.l1, weightRegularizerL2: config.l2, biasRegularizerL1: config.l1, biasRegularizerL2: config.l2,
    }));
    model.add(config.activation === 'relu' ? new ReLU() : new Sigmoid());
    if (config.dropout > 0) model.add(new Dropout(config.dropout, { random }));
    width = size;
  }
  model.add(new Dense(width, outputs, { random, scale }));
  if (task === 'classification') {
    model.add(new Softmax());
    model.set({ loss: new CategoricalCrossentropy(), optimizer: makeOptimizer(config), accuracy: new CategoricalAccuracy() });
  } else {
    model.add(new Linear());
    model.set({ loss: new MeanSquaredError(), optimizer: makeOptimizer(config), accuracy: new RegressionAccuracy() });
  }
  if (classNames) model.classes = classNames;
  return model.finalize();
}

function makeOptimizer(config: TrainConfig): Optimizer {
  const common = { learningRate: config.learningRate, decay: config.decay };
  switch (config.optimizer) {
    case 'adam': return new Adam({ ...common, epsilon: config.epsilon, beta1: config.beta1, beta2: config.beta2 });
    case 'sgd': return new SGD({ ...common, momentum: config.momentum });
    case 'adagrad': return new Adagrad({ ...common, epsilon: config.epsilon });
    case 'rmsprop': return new RMSprop({ ...common, epsilon: config.epsilon, rho: config.rho });
  }
}

/** The network's shape, e.g. `2 → 64 → 3`. */
export function describeModel(model: Model): string {
  const dense = model.layers.filter((layer): layer is Dense => layer instanceof Dense);
  const widths = [dense[0]!.weights.rows, ...dense.map((layer) => layer.weights.cols)];
  const count = dense.reduce((n, layer) => n + layer.weights.data.length + layer.biases.data.length, 0);
  return `${widths.join(' → ')}, ${count.toLocaleString('en-US')} parameters`;
}

/** Runs `scratchnet train`; returns the exit code. */
export async function train(args: readonly string[], out: (line: string) => void): Promise<number> {
  const parsed = parse('train', args, OPTIONS, false);
  if (parsed.values.help) {
    out(TRAIN_HELP);
    return 0;
  }
  const resume = text(parsed, 'resume');
  let config: TrainConfig;
  let model: Model;
  let random: RandomState;
  let start: TrainingPosition = { epoch: 0, step: 0 };
  let data: DataSet;
  if (resume !== undefined) {
    const others = Object.keys(parsed.values).filter((key) => key !== 'resume' && parsed.values[key] !== undefined);
    if (others.length > 0) {
      throw new UsageError(`--resume continues the run with the settings saved in the checkpoint; leave out ${others.map((key) => `--${key}`).join(', ')}`);
    }
    const checkpoint = loadCheckpoint(resume);
    config = resolveConfig(savedOptions(checkpoint.settings, resume));
    checkOutput(config.output);
    // The same data as the interrupted run: same seed, same draws.
    data = loadData(config.data, { samples: config.samples, classes: config.classes, random: new RandomState(config.seed) });
    ({ model, random } = checkpoint);
    start = checkpoint.position;
    const inputs = (model.layers[0] as Dense).weights.rows;
    if (inputs !== data.X.cols) throw new UsageError(`${resume}: the checkpoint's network takes ${inputs} inputs but --data ${config.data} has ${data.X.cols}`);
    if (start.epoch >= config.epochs) throw new UsageError(`${resume}: the run already finished its ${config.epochs} epochs`);
    out(`Resuming ${resume}: epoch ${start.epoch + 1}${start.step ? `, step ${start.step + 1}` : ''} of ${config.epochs}.`);
  } else {
    const given: Record<string, string | undefined> = {};
    for (const key of Object.keys(RUN_OPTIONS)) given[key] = text(parsed, key);
    config = resolveConfig(given);
    checkOutput(config.output);
    // nnfs.init(): one generator for the data, the weights and the dropout masks.
    random = new RandomState(config.seed);
    data = loadData(config.data, { samples: config.samples, classes: config.classes, random });
    model = buildModel(config, data.X.cols, data.outputs, data.task, random, data.classNames);
  }
  const checkpointFile = checkpointPath(config.output);

  out(`Training ${describeModel(model)} on ${config.data} (${data.X.rows.toLocaleString('en-US')} samples${data.validation ? `, ${data.validation[0].rows.toLocaleString('en-US')} to validate` : ''}).`);

  const progress = new EpochProgress({ write: out });
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) {
      // A second Ctrl-C while the checkpoint is being written: give up at once.
      progress.abort();
      process.stderr.write('scratchnet: stopped without saving\n');
      process.exit(130);
    }
    interrupted = true;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const save = (position: TrainingPosition): void =>
    saveCheckpoint(checkpointFile, { model, random, position, settings: { options: config.options } });

  try {
    // A line is shown for epoch 1, every printEvery-th epoch and the last; the bar in between
    // counts the steps until the next line (for a whole-batch run, one step per epoch).
    const nextShown = (epoch: number): number => (epoch <= 1 ? 1 : Math.min(Math.ceil(epoch / config.printEvery) * config.printEvery, config.epochs));
    const batchSize = config.batchSize ?? data.X.rows;
    let position: TrainingPosition = start;
    let shownUntil: number | undefined;
    let stepsShown = 0;
    let sums = { loss: 0, accuracy: 0, samples: 0 };
    let lastPause = performance.now();
    for (const report of model.training(data.X, data.y, { epochs: config.epochs, batchSize, start, log: () => {} })) {
      if (report.kind === 'step') {
        showStep(report);
        // A step that ends its epoch is followed at once by the epoch's report: save after that.
        if (report.step < report.steps - 1) position = model.positionAfter(report);
      } else {
        showEpoch(report);
        position = model.positionAfter(report);
        if (config.checkpointEvery && report.epoch % config.checkpointEvery === 0 && report.epoch < config.epochs) save(position);
      }
      if (interrupted && !(report.kind === 'step' && report.step === report.steps - 1)) break;
      // Let Ctrl-C through: a signal is handled only when the event loop gets a turn.
      if (performance.now() - lastPause > 50) {
        await new Promise((resolve) => setImmediate(resolve));
        lastPause = performance.now();
      }
    }
    if (interrupted) {
      progress.abort();
      save(position);
      const where = position.step ? `epoch ${position.epoch + 1}, step ${position.step}` : `epoch ${position.epoch}`;
      out(`\nInterrupted after ${where}. Saved the training state to ${checkpointFile}.`);
      out(`Continue with: scratchnet train --resume ${checkpointFile}`);
      return 130;
    }

    function showStep(report: StepReport): void {
      if (shownUntil === undefined) {
        shownUntil = nextShown(report.epoch);
        progress.startEpoch(shownUntil, report.epochs, (shownUntil - report.epoch) * report.steps + report.steps - report.step);
        stepsShown = 0;
      }
      // Running means over the epoch so far, weighted by batch size, as Keras shows them.
      if (report.step === 0 || sums.samples === 0) sums = { loss: 0, accuracy: 0, samples: 0 };
      sums.loss += report.loss * report.samples;
      sums.accuracy += report.accuracy * report.samples;
      sums.samples += report.samples;
      progress.step(++stepsShown, { loss: sums.loss / sums.samples, acc: sums.accuracy / sums.samples });
    }

    function showEpoch(report: EpochReport): void {
      sums = { loss: 0, accuracy: 0, samples: 0 };
      if (report.epoch !== shownUntil) return;
      const metrics: Metrics = { loss: report.loss, acc: report.accuracy };
      if (data.validation) {
        const validation = model.evaluate(data.validation[0], data.validation[1], { batchSize, log: () => {} });
        metrics.val_loss = validation.loss;
        metrics.val_acc = validation.accuracy;
      }
      progress.endEpoch(metrics);
      shownUntil = undefined;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  saveModel(model, config.output);
  if (existsSync(checkpointFile)) rmSync(checkpointFile, { force: true });
  out(`Saved the model to ${config.output}.`);
  // evaluate finds the data set from the model's inputs, except vertical (2 inputs, like spiral).
  const dataOptions = [
    config.data === 'vertical' ? '--data vertical' : '',
    config.data !== 'fashion-mnist' && config.options.samples !== DEFAULTS[config.data].samples ? `--samples ${config.samples}` : '',
    config.seed !== 0 && config.data !== 'sine' ? `--seed ${config.seed}` : '',
  ].filter(Boolean);
  out(`Next: scratchnet evaluate ${[config.output, ...dataOptions].join(' ')}`);
  return 0;
}

/** Fails at once, rather than after the training, if the model cannot be saved at `output`. */
function checkOutput(output: string): void {
  const folder = dirname(resolve(output));
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UsageError(`--output ${output}: the folder ${folder} does not exist`);
  if (existsSync(output) && statSync(output).isDirectory()) throw new UsageError(`--output ${output}: is a folder; give a file name such as model.safetensors`);
}

/** The option strings saved in a checkpoint, checked to be what `train` writes. */
function savedOptions(settings: unknown, path: string): Record<string, string> {
  const options = (settings as { options?: unknown } | null)?.options;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new UsageError(`${path}: the checkpoint holds no training settings; it was not written by scratchnet train`);
  }
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!(key in RUN_OPTIONS) || typeof value !== 'string') throw new UsageError(`${path}: the checkpoint's settings have an unknown entry ${JSON.stringify(key)}`);
    result[key] = value;
  }
  return result;
}

