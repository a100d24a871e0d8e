/**
 * PREDICTION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 22.
 *
 * THEORY
 * Using a trained model ("inference") is a forward pass with dropout off: `predict` returns the
 * softmax output, one row of ten confidences per image, and the predicted class is the one with
 * the highest confidence. The catch is the input: the network only knows images prepared exactly
 * like its training data. A photo must therefore become the same kind of sample: greyscale, shrunk
 * to 28 × 28, and inverted, because Fashion-MNIST shows light clothes on a black background while
 * photos usually show dark ones on white; then flattened to 784 values and scaled to [-1, 1] as in
 * chapter 19. Skip the inversion and the network sees a negative and guesses nonsense with
 * confidence.
 *
 * THIS SCRIPT
 * Loads the model saved by the chapter 21 lesson (out/fashion-mnist.safetensors); if there is none
 * yet, trains the chapter 19 model first (a few minutes) and saves it there. Then it reads the two
 * sample photos in samples/ (a T-shirt and a pair of trousers from the test set, drawn dark on
 * white as a photo would be), prepares them as above, and prints each one's predicted class and
 * its confidence: T-shirt/top and Trouser, both with high confidence.
 */
import { existsSync, mkdirSync } from 'node:fs';
import {
  Adam,
  CategoricalAccuracy,
  CategoricalCrossentropy,
  Dense,
  FASHION_MNIST_CLASSES,
  Model,
  RandomState,
  ReLU,
  Softmax,
  prepareImageSet,
  shuffleImageSet,
} from '../../src/index.ts';
import { loadFashionMnist, loadModel, readImages, saveModel } from '../../src/io/index.ts';

const MODEL_PATH = 'out/fashion-mnist.safetensors';

// Load the model (or train it as chapters 19 to 21 do, once)
if (!existsSync(MODEL_PATH)) {
  console.log(`No model at ${MODEL_PATH} yet: training the chapter 19 model (10 epochs) and saving it there.`);
  const random = new RandomState(0);
  const data = loadFashionMnist();
  const { X, y } = prepareImageSet(shuffleImageSet(data.train, random));
  const trained = new Model();
  trained.add(new Dense(X.cols, 128, { random }));
  trained.add(new ReLU());
  trained.add(new Dense(128, 128, { random }));
  trained.add(new ReLU());
  trained.add(new Dense(128, 10, { random }));
  trained.add(new Softmax());
  trained.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ decay: 1e-3 }), accuracy: new CategoricalAccuracy() });
  trained.finalize();
  trained.train(X, y, { epochs: 10, batchSize: 128, log: () => {} });
  trained.classes = [...FASHION_MNIST_CLASSES];
  mkdirSync('out', { recursive: true });
  saveModel(trained, MODEL_PATH);
}
const model = loadModel(MODEL_PATH);
const labels = model.classes ?? FASHION_MNIST_CLASSES;

// Read the images: greyscale, resized to 28 × 28, inverted, flattened and scaled to [-1, 1]
const files = ['samples/tshirt.png', 'samples/pants.png'];
const images = await readImages(files);

// Predict on the images: one row of ten confidences each
const confidences = model.predict(images);

// Get predictions instead of confidence levels: the most confident class of each row
const predictions = model.predictions(confidences) as Int32Array;

// Print each image's class name and how confident the model is
files.forEach((file, i) => {
  const k = predictions[i]!;
  console.log(`${file}: ${labels[k]} (confidence ${confidences.get(i, k).toFixed(3)})`);
});
