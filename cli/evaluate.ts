/**
 * `scratchnet evaluate <model>`: loss and accuracy of a saved model on data it was not trained on
 * (chapter 20). For the generated data sets that is the validation set `train` drew with the same
 * seed; for Fashion-MNIST the 10,000 test images.
 */
import { RandomState } from '../src/index.ts';
import { loadData, DATA_SETS, type DataName } from './data.ts';
import { openModel, modelWidths } from './model-loading.ts';
import { describeModel } from './train.ts';
import { formatMetrics } from './progress.ts';
import { UsageError, choice, integer, parse, text } from './options.ts';

export const EVALUATE_HELP = `usage: scratchnet evaluate <model> [options]

Loss and accuracy of a saved model on data it was not trained on: for spiral and vertical data,
the validation set that train drew with the same seed; for fashion-mnist, the 10,000 test images;
for sine (which has no separate test set), its 1000 points.

  --data <name>         spiral | vertical | sine | fashion-mnist (default: fashion-mnist for
                        784 inputs, sine for 1, spiral for 2)
  --samples <n>         points per class (spiral, vertical) or points (sine), as given to train
                        (default 100; sine 1000)
  --seed <n>            the seed given to train (default 0)
  --split <name>        test (default) or train: evaluate on the training data instead
  --batch-size <n>      samples per forward pass (default 128; the result does not depend on it)
  -h, --help            show this help

Example:
  scratchnet evaluate model.safetensors`;

const OPTIONS = {
  data: { type: 'string' },
  samples: { type: 'string' },
  seed: { type: 'string' },
  split: { type: 'string' },
  'batch-size': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `scratchnet evaluate`; returns the exit code. */
export function evaluate(args: readonly string[], out: (line: string) => void): number {
  const parsed = parse('evaluate', args, OPTIONS, true);
  if (parsed.values.help) {
    out(EVALUATE_HELP);
    return 0;
  }
  if (parsed.positionals.length !== 1) throw new UsageError(`evaluate: give one model file, e.g. scratchnet evaluate model.safetensors (see scratchnet evaluate --help)`);
  const path = parsed.positionals[0]!;
  const model = openModel(path);
  const { inputs, outputs } = modelWidths(model);
  const given = text(parsed, 'data');
  const data: DataName = given !== undefined ? choice(given, 'data', DATA_SETS) : inputs === 784 ? 'fashion-mnist' : inputs === 1 ? 'sine' : 'spiral';
  const split = choice(text(parsed, 'split') ?? 'test', 'split', ['test', 'train'] as const);
  const samplesText = text(parsed, 'samples');
  const samples = samplesText === undefined ? (data === 'sine' ? 1000 : data === 'fashion-mnist' ? 60000 : 100) : integer(samplesText, 'samples', 1, 1_000_000);
  const seed = integer(text(parsed, 'seed') ?? '0', 'seed', 0, 2 ** 32 - 1);
  const batchSize = integer(text(parsed, 'batch-size') ?? '128', 'batch-size');

  const set = loadData(data, { samples, classes: outputs, random: new RandomState(seed) });
  if (set.X.cols !== inputs) {
    throw new UsageError(`${path}: the model takes ${inputs} inputs per sample but ${data} data has ${set.X.cols}; give the --data it was trained on`);
  }
  if (set.outputs !== outputs) {
    throw new UsageError(`${path}: the model has ${outputs} outputs but ${data} data has ${set.outputs} ${set.task === 'regression' ? 'target' : 'classes'}; give the --data it was trained on`);
  }
  const [X, y] = split === 'test' && set.validation ? set.validation : [set.X, set.y];
  const which = split === 'test' && set.validation ? (data === 'fashion-mnist' ? 'test' : 'validation') : 'training';
  out(`Evaluating ${path} (${describeModel(model)}) on ${X.rows.toLocaleString('en-US')} ${data} ${which} samples.`);
  const result = model.evaluate(X, y, { batchSize, log: () => {} });
  out(formatMetrics({ loss: result.loss, acc: result.accuracy }).slice(3));
  return 0;
}
