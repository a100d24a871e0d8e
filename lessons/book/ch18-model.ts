/**
 * THE MODEL
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 18.
 *
 * THEORY
 * By chapter 17 every training script repeats the same plumbing: call each layer's forward in
 * order, the loss, the accuracy, each backward in reverse order, then the optimizer on every
 * trainable layer. Only the list of layers and the choice of loss, optimizer and accuracy change.
 * The Model object captures that once:
 *   model.add(layer)                           the layers, in the order data flows through them
 *   model.set({ loss, optimizer, accuracy })   how to measure, how to update, how to count
 *   model.finalize()                           finds the trainable layers; if the last layer is
 *                                              Softmax and the loss cross-entropy, backpropagation
 *                                              starts from their combined gradient (ŷ − y) / N
 *   model.train(X, y, { epochs, printEvery, validationData })
 * Each epoch is one step over all 3,000 samples: forward (dropout on), loss = data loss + the L2
 * penalty, backward, one Adam update. Validation runs the test data forward with dropout off.
 *
 * THIS SCRIPT
 * The chapter's final code: spiral data of 1,000 points per class (and 100 per class to validate),
 * dense 2→512 with L2 5e-4 on weights and biases, ReLU, dropout 0.1, dense 512→3, softmax,
 * categorical cross-entropy, Adam (lr 0.05, decay 5e-5), 10,000 epochs, a line every 100th. The
 * lines equal NumPy's under the book's semantics, bit for bit, all 10,000 epochs of them: that
 * needs NumPy's order of additions in the large products, because dropout's output is float64 and
 * its products are not exact (see `dotBlocks` in src/kernels.ts). It ends near
 * `epoch: 10000, acc: 0.88…`. The 10,000 epochs take about five minutes here (NumPy's
 * reference run: fifteen).
 *   --epochs N   stop after epoch N (default 10000)
 */
import { parseArgs } from 'node:util';
import {
  Adam,
  CategoricalAccuracy,
  CategoricalCrossentropy,
  Dense,
  Dropout,
  Model,
  RandomState,
  ReLU,
  Softmax,
  spiralData,
} from '../../src/index.ts';

const { values: options } = parseArgs({ options: { epochs: { type: 'string', default: '10000' } } });
const epochs = Number(options.epochs);

// nnfs.init(): every random draw (data, weights, dropout masks) comes from one generator seeded with 0.
const random = new RandomState(0);

// Create dataset
const { X, y } = spiralData(1000, 3, random);
const test = spiralData(100, 3, random);

// Instantiate the model
const model = new Model();

// Add layers
model.add(new Dense(2, 512, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 }));
model.add(new ReLU());
model.add(new Dropout(0.1, { random }));
model.add(new Dense(512, 3, { random }));
model.add(new Softmax());

// Set loss, optimizer and accuracy objects
model.set({
  loss: new CategoricalCrossentropy(),
  optimizer: new Adam({ learningRate: 0.05, decay: 5e-5 }),
  accuracy: new CategoricalAccuracy(),
});

// Finalize the model
model.finalize();

// Train the model
model.train(X, y, { validationData: [test.X, test.y], epochs, printEvery: 100 });
