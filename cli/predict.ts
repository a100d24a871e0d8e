/**
 * `scratchnet predict <model> <images...>`: the class of each image file (chapter 22). Images are
 * read as Fashion-MNIST samples: greyscale, 28 × 28, inverted, scaled to [-1, 1].
 */
import { readImages } from '../src/io/index.ts';
import { openModel, modelWidths } from './model-loading.ts';
import { UsageError, integer, parse, text } from './options.ts';

export const PREDICT_HELP = `usage: scratchnet predict <model> <images...> [options]

Prints the predicted class of each image and the model's confidence in it. Images (PNG, JPEG or
WebP, any size) are prepared as in the book's chapter 22: greyscale, resized to 28 × 28, inverted
(dark clothes on a light background become light on black, like Fashion-MNIST), scaled to [-1, 1].
The model must take 784 inputs (a Fashion-MNIST model, e.g. from train --data fashion-mnist).

  --top <k>       also list the k most likely classes of each image (default 1)
  -h, --help      show this help

Example:
  scratchnet predict fashion.safetensors samples/tshirt.png samples/pants.png`;

const OPTIONS = { top: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** Runs `scratchnet predict`; returns the exit code. */
export async function predict(args: readonly string[], out: (line: string) => void): Promise<number> {
  const parsed = parse('predict', args, OPTIONS, true);
  if (parsed.values.help) {
    out(PREDICT_HELP);
    return 0;
  }
  const [path, ...files] = parsed.positionals;
  if (path === undefined || files.length === 0) {
    throw new UsageError('predict: give a model file and at least one image, e.g. scratchnet predict fashion.safetensors samples/tshirt.png (see scratchnet predict --help)');
  }
  const top = integer(text(parsed, 'top') ?? '1', 'top', 1, 1000);
  const model = openModel(path);
  const { inputs, outputs } = modelWidths(model);
  if (inputs !== 784) throw new UsageError(`${path}: the model takes ${inputs} inputs, but images become 784 (28 × 28); predict needs a Fashion-MNIST model`);
  const names = model.classes ?? Array.from({ length: outputs }, (_, k) => `class ${k}`);
  const confidences = model.predict(await readImages(files));
  const width = Math.max(...files.map((file) => file.length));
  files.forEach((file, i) => {
    const ranked = confidences.rowValues(i).map((confidence, k) => ({ k, confidence })).sort((a, b) => b.confidence - a.confidence);
    const best = ranked[0]!;
    out(`${`${file}:`.padEnd(width + 1)} ${names[best.k]} (confidence ${best.confidence.toFixed(3)})`);
    for (const { k, confidence } of ranked.slice(1, top)) out(`${' '.repeat(width + 2)}${names[k]} (${confidence.toFixed(3)})`);
  });
  return 0;
}
