/**
 * SAVING AND LOADING MODELS
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 21.
 *
 * THEORY
 * Training takes minutes; using a trained model should take milliseconds. What a trained network
 * knows is entirely in its parameters, the weights and biases, so saving them is enough to bring
 * the knowledge back later, into a model with the same layers. Saving the whole model adds its
 * structure (the list of layers, the loss, the optimizer's settings), so loading needs nothing but
 * the file. The book pickles Python objects; loading a pickle runs code from the file, so a
 * downloaded model could do anything. We store the numbers in a safetensors file instead (a JSON
 * header naming each tensor, its shape and where its bytes are, then the raw float32 values), and
 * the structure as JSON inside that header: loading reads numbers and builds only the known layer
 * types, and a damaged file gets a clear error. Floats are stored exactly, so a loaded model
 * computes bit for bit what the saved one did.
 *
 * THIS SCRIPT
 * Trains the chapter 19 model (10 epochs of batches of 128), then:
 *   1. copies its parameters into a new model built with the same layers (`getParameters`,
 *      `setParameters`) and evaluates both;
 *   2. saves the parameters alone to out/fashion-mnist.params.safetensors and loads them into
 *      another new model;
 *   3. saves the whole model to out/fashion-mnist.safetensors (used by the chapter 22 lesson), loads
 *      it with nothing but the path, and evaluates it.
 * All four `validation` lines are identical, and the loaded model's outputs equal the trained
 * model's bit for bit.
 *   --epochs N   train for N epochs (default 10)
 */
import { mkdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
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
import { loadFashionMnist, loadModel, loadModelParameters, saveModel, saveModelParameters } from '../../src/io/index.ts';

const { values: options } = parseArgs({ options: { epochs: { type: 'string', default: '10' } } });

// nnfs.init(), the data set shuffled and scaled to [-1, 1] as in chapter 19
const random = new RandomState(0);
const data = loadFashionMnist();
const { X, y } = prepareImageSet(shuffleImageSet(data.train, random));
const { X: XTest, y: yTest } = prepareImageSet(data.test);

// The chapter 19 layers, as a function: we build the same network several times.
function addLayers(model: Model): Model {
  model.add(new Dense(X.cols, 128, { random }));
  model.add(new ReLU());
  model.add(new Dense(128, 128, { random }));
  model.add(new ReLU());
  model.add(new Dense(128, 10, { random }));
  model.add(new Softmax());
  return model;
}

// Train the model
const model = addLayers(new Model());
model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ decay: 1e-3 }), accuracy: new CategoricalAccuracy() });
model.finalize();
model.train(X, y, { validationData: [XTest, yTest], epochs: Number(options.epochs), batchSize: 128, printEvery: 100 });
// Names of the ten outputs, saved with the model so that predictions can be printed by name.
model.classes = [...FASHION_MNIST_CLASSES];

console.log('The trained model:');
model.evaluate(XTest, yTest);

// 1. Retrieve the parameters and put them into a new model. It will not be trained, so it needs
//    no optimizer: only the loss and the accuracy, to evaluate.
const parameters = model.getParameters();
const copy = addLayers(new Model());
copy.set({ loss: new CategoricalCrossentropy(), accuracy: new CategoricalAccuracy() });
copy.finalize();
copy.setParameters(parameters);
console.log('A new model with the same parameters:');
copy.evaluate(XTest, yTest);

// 2. Save the parameters to a file, and load them into yet another model.
mkdirSync('out', { recursive: true });
saveModelParameters(model, 'out/fashion-mnist.params.safetensors');
const fromParameters = addLayers(new Model());
fromParameters.set({ loss: new CategoricalCrossentropy(), accuracy: new CategoricalAccuracy() });
fromParameters.finalize();
loadModelParameters(fromParameters, 'out/fashion-mnist.params.safetensors');
console.log('A new model with the parameters loaded from out/fashion-mnist.params.safetensors:');
fromParameters.evaluate(XTest, yTest);

// 3. Save the whole model, and load it back from the file alone.
saveModel(model, 'out/fashion-mnist.safetensors');
const loaded = loadModel('out/fashion-mnist.safetensors');
console.log('The model loaded from out/fashion-mnist.safetensors:');
loaded.evaluate(XTest, yTest);

// The outputs of the loaded model are those of the trained one, to the last bit.
const before = model.predict(XTest).data;
const after = loaded.predict(XTest).data;
console.log('outputs identical bit for bit:', before.every((value, k) => Object.is(value, after[k])));
