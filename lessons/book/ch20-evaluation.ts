/**
 * MODEL EVALUATION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 20.
 *
 * THEORY
 * Validation so far lived inside `train`. Chapter 20 moves it into its own method, `evaluate`:
 * run data forward with dropout off, in batches, and report the accuracy and the mean loss over all
 * of it. The batches only bound the memory a pass needs: the loss and accuracy are accumulated over
 * every sample, so the result does not depend on the batch size. With `evaluate` on its own, a model
 * can be checked on any data at any time: the test set after training, or the training set itself.
 * A model that scores much better on the data it trained on than on data it never saw has
 * memorised rather than learned (overfitting); close figures mean it generalises.
 *
 * THIS SCRIPT
 * Trains the chapter 19 model (784 → 128 → 128 → 10, Adam lr 0.001 with decay 1e-3, 10 epochs of
 * 128) with its log, then evaluates it twice: on the 10,000 test images and on the 60,000 training
 * images, each in batches of 128. Validation accuracy ends near 0.88 and training accuracy a little
 * higher, near 0.90: a small gap, so little overfitting.
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

// nnfs.init(), the data set shuffled and scaled to [-1, 1] as in chapter 19
const random = new RandomState(0);
const data = loadFashionMnist();
const { X, y } = prepareImageSet(shuffleImageSet(data.train, random));
const { X: XTest, y: yTest } = prepareImageSet(data.test);

// The chapter 19 model
const model = new Model();
model.add(new Dense(X.cols, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 10, { random }));
model.add(new Softmax());
model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ decay: 1e-3 }),
  accuracy: new CategoricalAccuracy(),
});
model.finalize();

// Train the model (its validation after each epoch now calls evaluate)
model.train(X, y, { validationData: [XTest, yTest], epochs: Number(options.epochs), batchSize: 128, printEvery: 100 });

// Evaluate the model on the test data, then on the training data
console.log('Evaluation on the 10,000 test images:');
model.evaluate(XTest, yTest, { batchSize: 128 });
console.log('Evaluation on the 60,000 training images:');
model.evaluate(X, y, { batchSize: 128 });
