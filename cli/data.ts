/**
 * The data sets the CLI trains and evaluates on. The toy sets are generated from the run's seed
 * (training data first, then validation data, from one generator, as the book's chapter 18 does);
 * Fashion-MNIST is read from its cache and its training half shuffled with that generator.
 */
import {
  FASHION_MNIST_CLASSES, Matrix, RandomState, prepareImageSet, shuffleImageSet, sineData, spiralData, verticalData,
  type Targets,
} from '../src/index.ts';
import { loadFashionMnist } from '../src/io/index.ts';

/** The data sets `--data` knows. */
export const DATA_SETS = ['spiral', 'vertical', 'sine', 'fashion-mnist'] as const;

/** One of `DATA_SETS`. */
export type DataName = (typeof DATA_SETS)[number];

/** What a command needs to know about a data set. */
export interface DataSet {
  /** Training inputs, one sample per row. */
  X: Matrix;
  /** Training targets: class indices, or a column of values for regression. */
  y: Targets;
  /** Held-out data to validate on (none for sine, which has only one fixed set of points). */
  validation?: [Matrix, Targets];
  /** Classification (softmax outputs) or regression (one linear output). */
  task: 'classification' | 'regression';
  /** Number of outputs the model needs. */
  outputs: number;
  /** Names of the classes, when they have names. */
  classNames?: string[];
}

/** How to make a data set. */
export interface DataOptions {
  /** Samples per class (spiral, vertical), points (sine), or training images to use (fashion-mnist). */
  samples: number;
  /** Number of classes (spiral, vertical). */
  classes: number;
  /** The generator that makes (or shuffles) the data; a run then draws its weights from it too. */
  random: RandomState;
}

/** Builds data set `name`. */
export function loadData(name: DataName, { samples, classes, random }: DataOptions): DataSet {
  switch (name) {
    case 'spiral':
    case 'vertical': {
      const make = name === 'spiral' ? spiralData : verticalData;
      const train = make(samples, classes, random);
      const validation = make(samples, classes, random);
      return { X: train.X, y: train.y, validation: [validation.X, validation.y], task: 'classification', outputs: classes };
    }
    case 'sine': {
      const { X, y } = sineData(samples);
      return { X, y, task: 'regression', outputs: 1 };
    }
    case 'fashion-mnist': {
      const data = loadFashionMnist();
      const train = prepareImageSet(shuffleImageSet(data.train, random));
      const test = prepareImageSet(data.test);
      const X = samples < train.X.rows ? train.X.sliceRows(0, samples) : train.X;
      const y = samples < train.y.length ? train.y.subarray(0, samples) : train.y;
      return { X, y, validation: [test.X, test.y], task: 'classification', outputs: 10, classNames: [...FASHION_MNIST_CLASSES] };
    }
  }
}
