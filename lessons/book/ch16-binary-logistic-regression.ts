/**
 * BINARY LOGISTIC REGRESSION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 16.
 *
 * THEORY
 * Some questions have a yes/no answer: is this point in class 1? (Or several independent yes/no
 * answers at once: is there a person in the photo, a dog, a car?) Softmax makes the outputs
 * compete for one total probability; for independent questions each output neuron instead gets
 * its own sigmoid, σ(z) = 1 / (1 + e^(−z)), which squashes any score into a probability in (0, 1).
 * Its derivative is σ(z)(1 − σ(z)), computed from the output itself. The matching loss is binary
 * cross-entropy, −(y·log ŷ + (1 − y)·log(1 − ŷ)), averaged over the outputs; its gradient is
 * −(y/ŷ − (1 − y)/(1 − ŷ)) / outputs, divided by the number of samples. A prediction is 1 when
 * ŷ > 0.5, and accuracy compares these 0/1 answers with the targets.
 *
 * THIS SCRIPT
 * The chapter's final code: a spiral of two classes (100 points each), labels reshaped into one
 * column of 0s and 1s; dense 2→64 with L2 5e-4, ReLU, dense 64→1, sigmoid, binary cross-entropy;
 * Adam with the book's default lr 0.001 and decay 5e-7, for 10,000 epochs, then validation on a
 * fresh two-class spiral. Every log line is identical to NumPy under the book's semantics; the
 * run ends with `acc: 0.945, loss: 0.245 (data_loss: 0.189, reg_loss: 0.056), lr: 0.0009950253706593885`
 * and `validation, acc: 0.945, loss: 0.220`. (The book's own printout, from another platform, ends
 * 0.965/0.219 and 0.945/0.207.) The picture shows where the network answers "class 1".
 *   --epochs N     stop after epoch N (default 10000)
 *   --no-picture   skip the picture
 */
import {
  Adam,
  BinaryCrossentropy,
  CategoricalAccuracy,
  Dense,
  Matrix,
  RandomState,
  ReLU,
  Sigmoid,
  decisionBoundary,
  formatFixed,
  formatFloat64,
  spiralData,
} from '../../src/index.ts';
import { trainingOptions } from '../options.ts';

const { epochs, picture } = trainingOptions();

const random = new RandomState(0); // nnfs.init(): seed 0, float32 arrays, float32 np.dot

// The data set: two spiral arms, 100 points each; the labels as one column of 0/1 targets
const train = spiralData(100, 2, random);
const X = train.X;
const y = Matrix.column(train.y); // y.reshape(-1, 1)

// Dense 2 → 64 with L2 on weights and biases, ReLU, dense 64 → 1, sigmoid
const dense1 = new Dense(2, 64, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dense2 = new Dense(64, 1, { random });
const activation2 = new Sigmoid();

// Binary cross-entropy, and Adam with the book's default learning rate
const lossFunction = new BinaryCrossentropy();
const optimizer = new Adam({ decay: 5e-7 });
const accuracy = new CategoricalAccuracy({ binary: true }); // each 0/1 answer against its target
const parameters = [...dense1.parameters(), ...dense2.parameters()];

for (let epoch = 0; epoch <= epochs; epoch++) {
  // Forward pass
  const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))));

  // The data loss, the penalty on large weights, and their total
  const dataLoss = lossFunction.calculate(output, y);
  const regularizationLoss = lossFunction.regularizationLoss([dense1, dense2]);
  const loss = lossFunction.total(dataLoss, regularizationLoss);

  // A prediction is 1 when the probability is above 0.5: (output > 0.5) * 1
  const acc = accuracy.calculate(activation2.predictions(output), y);
  if (epoch % 100 === 0) {
    console.log(
      `epoch: ${epoch}, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)} ` +
        `(data_loss: ${formatFixed(dataLoss, 3)}, reg_loss: ${formatFixed(regularizationLoss, 3)}), ` +
        `lr: ${formatFloat64(optimizer.currentLearningRate)}`,
    );
  }

  // Backward pass: loss, sigmoid, dense, ReLU, dense; then update weights and biases
  const dsigmoid = activation2.backward(lossFunction.backward(output, y));
  dense1.backward(activation1.backward(dense2.backward(dsigmoid)));
  optimizer.step(parameters);
}

// Validate the model on a new two-class spiral
const test = spiralData(100, 2, random);
const yTest = Matrix.column(test.y);
const predict = (points: Matrix): Matrix => activation2.forward(dense2.forward(activation1.forward(dense1.forward(points))));
const output = predict(test.X);
const loss = lossFunction.calculate(output, yTest);
const acc = accuracy.calculate(activation2.predictions(output), yTest);
console.log(`validation, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}`);

if (picture) {
  const picture = await decisionBoundary(predict, test.X, test.y, 'out/book/ch16-decision-boundary.svg', {
    title: 'Chapter 16: where the sigmoid says "class 1" (new data)',
  });
  console.log(`picture: ${picture.svg} (and .png)`);
}
