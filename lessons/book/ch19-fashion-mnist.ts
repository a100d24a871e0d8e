/**
 * A REAL DATA SET: FASHION-MNIST
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 19.
 *
 * THEORY
 * Fashion-MNIST is 70,000 greyscale photos of clothing, 28 × 28 pixels, in ten classes (T-shirt/top,
 * Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot). We train on 60,000 and
 * keep 10,000 aside to validate. Three things change from the spiral chapters:
 *   preparation  each image is flattened to a row of 784 numbers and scaled from 0…255 to −1…1
 *                ((x − 127.5) / 127.5): networks learn best from small numbers centred on zero;
 *   shuffling    the images come ordered by class; trained in that order, every batch would hold
 *                one class and the network would chase each in turn. One shuffle (with the same
 *                generator as the weights) mixes them;
 *   batches      a forward and backward pass over all 60,000 samples per update is slow and needs
 *                much memory. Instead each epoch walks the data in slices of 128 samples, one
 *                optimizer step per slice: ceil(60,000 / 128) = 469 steps, the last of 96 samples.
 * The log now has a line every 100 steps (the batch's accuracy and loss), then the epoch's
 * accumulated accuracy and loss over all its samples (`training, …`), then validation.
 *
 * THIS SCRIPT
 * The chapter's final code: 784 → 128 → ReLU → 128 → ReLU → 10 → softmax, categorical
 * cross-entropy, Adam with the book's learning rate 0.001 and decay 1e-3, 10 epochs of batches of
 * 128. It reaches about 0.88 validation accuracy (the book reports about 0.87 with its own split of
 * the data). The first run builds a binary cache of the data set in .cache/ (a few seconds).
 *   --epochs N   train for N epochs (default 10)
 */
import { parseArgs } from 'node:util';
import {
  Adam,
  CategoricalAccuracy,
  CategoricalCrossentropy,
  Dense,
  Model,
  RandomState,
  ReLU,
  Softmax,
  prepareImageSet,
  shuffleImageSet,
} from '../../src/index.ts';
import { loadFashionMnist } from '../../src/io/index.ts';

const { values: options } = parseArgs({ options: { epochs: { type: 'string', default: '10' } } });

// nnfs.init(): one generator, seeded with 0, for the shuffle and the weights.
const random = new RandomState(0);

// Create dataset: 60,000 training and 10,000 test images, each ordered by class.
const data = loadFashionMnist();

// Shuffle the training dataset, then scale and reshape the samples to rows of 784 values in [-1, 1].
const { X, y } = prepareImageSet(shuffleImageSet(data.train, random));
const { X: XTest, y: yTest } = prepareImageSet(data.test);

// Instantiate the model
const model = new Model();

// Add layers
model.add(new Dense(X.cols, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 10, { random }));
model.add(new Softmax());

// Set loss, optimizer and accuracy objects
model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ decay: 1e-3 }),
  accuracy: new CategoricalAccuracy(),
});

// Finalize the model
model.finalize();

// Train the model
model.train(X, y, { validationData: [XTest, yTest], epochs: Number(options.epochs), batchSize: 128, printEvery: 100 });
