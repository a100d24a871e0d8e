/**
 * TESTING WITH OUT-OF-SAMPLE DATA
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 11 (and
 * chapter 12, validation data); video series episode on testing with out-of-sample data.
 *
 * THEORY
 * A low training loss says the network fits the data it was trained on, not that it has learned
 * the pattern behind it. A network with enough neurons can memorise the noise of its training set,
 * drawing boundaries around single points: this is overfitting. The only honest measure is data
 * the network has never seen. Here that is a fresh spiral from the same generator: the same
 * three arms, new noise. When training accuracy is far above test accuracy, or the test loss grows
 * while the training loss falls, the network is overfitting; fewer neurons, more data,
 * regularization (chapter 14) and dropout (chapter 15) are the remedies.
 *
 * THIS SCRIPT
 * Chapter 10's final code (dense 2→64, ReLU, dense 64→3, softmax with cross-entropy, Adam lr 0.05,
 * decay 5e-7) for 10,000 epochs, then one forward pass over 300 new spiral points. The training
 * log is chapter 10's line for line (acc 0.973, loss 0.078 at the end); on the new data NumPy
 * under the book's semantics, and this script, print `validation, acc: 0.793, loss: 0.981`: about
 * 18 points of accuracy lost, and a loss twelve times higher, the sign of overfitting. (The book's
 * own printout, made on another platform, reads 0.983/0.074 and 0.803/0.858: see the README on
 * why long runs part between platforms.) The picture draws the learned regions under the new points.
 *   --epochs N     stop after epoch N (default 10000)
 *   --no-picture   skip the picture
 */
import {
  Adam,
  CategoricalAccuracy,
  Dense,
  RandomState,
  ReLU,
  SoftmaxCategoricalCrossentropy,
  decisionBoundary,
  formatFixed,
  formatFloat64,
  spiralData,
  type Matrix,
} from '../../src/index.ts';
import { trainingOptions } from '../options.ts';

const { epochs, picture } = trainingOptions();

const random = new RandomState(0); // nnfs.init(): seed 0, float32 arrays, float32 np.dot

// The training data: 100 points per class, 3 classes
const { X, y } = spiralData(100, 3, random);

// Dense layer with 2 input features and 64 output values, ReLU, dense layer 64 → 3
const dense1 = new Dense(2, 64, { random });
const activation1 = new ReLU();
const dense2 = new Dense(64, 3, { random });

// Softmax classifier's combined activation and loss, and the optimizer
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.05, decay: 5e-7 });
const accuracy = new CategoricalAccuracy();
const parameters = [...dense1.parameters(), ...dense2.parameters()];

for (let epoch = 0; epoch <= epochs; epoch++) {
  // Forward pass
  const hidden = activation1.forward(dense1.forward(X));
  const { output, loss } = lossActivation.forward(dense2.forward(hidden), y);
  const acc = accuracy.calculate(lossActivation.activation.predictions(output), y);
  if (epoch % 100 === 0) {
    console.log(`epoch: ${epoch}, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}, lr: ${formatFloat64(optimizer.currentLearningRate)}`);
  }

  // Backward pass, then update weights and biases
  dense1.backward(activation1.backward(dense2.backward(lossActivation.backward(output, y))));
  optimizer.step(parameters);
}

// Validate the model on data it has never seen: a new spiral, drawn from the same generator
const test = spiralData(100, 3, random);
const forward = (points: Matrix): Matrix => dense2.forward(activation1.forward(dense1.forward(points)));
const { output, loss } = lossActivation.forward(forward(test.X), test.y);
const acc = accuracy.calculate(lossActivation.activation.predictions(output), test.y);
console.log(`validation, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}`);

if (picture) {
  const picture = await decisionBoundary((points) => lossActivation.activation.forward(forward(points)), test.X, test.y, 'out/book/ch11-decision-boundary.svg', {
    title: `Chapter 11: regions learned in ${epochs} epochs, under new data`,
  });
  console.log(`picture: ${picture.svg} (and .png)`);
}
