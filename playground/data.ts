/**
 * The playground's data: a training set and a validation set drawn from the library's generators,
 * with the targets in the form the chosen output and loss expect.
 *
 * - Spiral and vertical are the book's own data; the noise setting adds `noise · randn` to each
 *   coordinate on top of their built-in spread (0 gives the book's data exactly).
 * - Circle and XOR take the noise themselves.
 * - Sine is the book's chapter 17 data at twice the density: even rows train, odd rows validate,
 *   and the noise adds `noise · randn` to the targets.
 *
 * The validation set is drawn right after the training set from the same generator, like the
 * book's chapter 11 draws fresh test data.
 */
import { Matrix } from '../src/matrix.ts';
import type { RandomState } from '../src/random.ts';
import type { Targets } from '../src/losses/loss.ts';
import { spiralData, type ClassificationData } from '../src/datasets/spiral.ts';
import { verticalData } from '../src/datasets/vertical.ts';
import { sineData } from '../src/datasets/sine.ts';
import { circleData } from '../src/datasets/circle.ts';
import { xorData } from '../src/datasets/xor.ts';
import { classCount, isRegression, outputNeurons, type PlaygroundConfig } from './config.ts';

/** One set: inputs, targets as the loss wants them, and class labels (classification only). */
export interface DataSplit {
  X: Matrix;
  targets: Targets;
  labels: Int32Array | undefined;
}

/** The two sets of a run. */
export interface PlaygroundData {
  train: DataSplit;
  validation: DataSplit;
  regression: boolean;
}

/** Draws both sets from `random`, training set first. */
export function makeData(config: PlaygroundConfig, random: RandomState): PlaygroundData {
  const { name, samples, noise } = config.data;
  if (isRegression(name)) {
    const { X, y } = sineData(2 * samples);
    const split = (parity: number): DataSplit => {
      const rows = Int32Array.from({ length: samples }, (_, i) => 2 * i + parity);
      const targets = takeRows(y, rows);
      if (noise > 0) for (let i = 0; i < targets.data.length; i++) targets.data[i] = targets.data[i]! + noise * random.randn();
      return { X: takeRows(X, rows), targets, labels: undefined };
    };
    const train = split(0);
    return { train, validation: split(1), regression: true };
  }
  const draw = (): ClassificationData => {
    switch (name) {
      case 'spiral': return jitter(spiralData(samples, config.data.classes, random), noise, random);
      case 'vertical': return jitter(verticalData(samples, config.data.classes, random), noise, random);
      case 'circle': return circleData(samples, noise, random);
      case 'xor': return xorData(samples, noise, random);
      default: throw new Error(`Unknown data set: ${name}`);
    }
  };
  const train = draw();
  const validation = draw();
  return { train: classification(train, config), validation: classification(validation, config), regression: false };
}

/** Class labels as the loss wants them: indices for cross-entropy, else a column or one-hot rows. */
function classification({ X, y }: ClassificationData, config: PlaygroundConfig): DataSplit {
  const outputs = outputNeurons(config);
  let targets: Targets;
  if (config.loss === 'categoricalCrossentropy') targets = y;
  else if (outputs === 1) targets = Matrix.column(y);
  else {
    const classes = classCount(config.data);
    targets = new Matrix(y.length, classes);
    for (let i = 0; i < y.length; i++) targets.data[i * classes + y[i]!] = 1;
  }
  return { X, targets, labels: y };
}

/** Adds `noise · randn` to every coordinate (nothing is drawn when noise is 0). */
function jitter(data: ClassificationData, noise: number, random: RandomState): ClassificationData {
  if (noise > 0) for (let k = 0; k < data.X.data.length; k++) data.X.data[k] = data.X.data[k]! + noise * random.randn();
  return data;
}

/** The given rows of a matrix, in that order. */
export function takeRows(m: Matrix, rows: Int32Array): Matrix {
  const out = new Matrix(rows.length, m.cols, m.dtype);
  rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
  return out;
}
