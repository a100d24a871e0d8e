/**
 * DROPOUT
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 15; video
 * series episode on dropout.
 *
 * THEORY
 * Dropout switches off a random tenth (the rate) of a layer's outputs at every training step. No
 * neuron can count on any other being there, so the network cannot build fragile co-adapted
 * detectors that memorise the training set; it is like training many thinned networks that share
 * their weights, and averaging them. The mask is drawn from a binomial distribution, one coin per
 * value, kept with probability 1 − rate, and the kept values are scaled by 1 / (1 − rate) so that
 * the next layer sees the same sum on average: then nothing needs rescaling afterwards, and at
 * inference dropout is simply switched off. Backward, the gradient flows only through the kept
 * values, with the same scale: dinputs = dvalues · mask.
 *
 * THIS SCRIPT
 * The chapter's final code: 1,000 spiral points per class, dense 2→64 with L2 5e-4, ReLU, dropout
 * 0.1, dense 64→3, softmax with cross-entropy, Adam lr 0.05, decay 5e-5, 10,000 epochs, then
 * validation on a fresh spiral of 100 points per class with dropout off. The masks come from the
 * same generator as the weights, as NumPy's `np.random.binomial` draws them, and are float64 as in
 * NumPy, so every log line is identical to NumPy under the book's semantics. The run ends with
 * `epoch: 10000, acc: 0.669, loss: 0.750 (data_loss: 0.735, reg_loss: 0.014), lr: 0.03333444448148271`
 * and `validation, acc: 0.717, loss: 0.720`. (The book's own printout, from another platform,
 * ends 0.688/0.727 and 0.757/0.712.) The training accuracy is measured with dropout on, which is
 * why it lags behind the validation accuracy, as the book notes: training and new data now agree.
 *   --epochs N     stop after epoch N (default 10000)
 *   --no-picture   skip the picture
 */
import {
  Adam,
  CategoricalAccuracy,
  Dense,
  Dropout,
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

// The training data: 1,000 points per class, 3 classes
const { X, y } = spiralData(1000, 3, random);

// Dense 2 → 64 with L2 on weights and biases, ReLU, dropout of a tenth, dense 64 → 3
const dense1 = new Dense(2, 64, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dropout1 = new Dropout(0.1, { random }); // its masks come from the same generator
const dense2 = new Dense(64, 3, { random });

// Softmax classifier's combined activation and loss, and the optimizer
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.05, decay: 5e-5 });
const accuracy = new CategoricalAccuracy();
const parameters = [...dense1.parameters(), ...dense2.parameters()];

for (let epoch = 0; epoch <= epochs; epoch++) {
  // Forward pass, with a fresh dropout mask
  const hidden = dropout1.forward(activation1.forward(dense1.forward(X)));
  const { output, loss: dataLoss } = lossActivation.forward(dense2.forward(hidden), y);

  // The penalty on large weights, and the total
  const regularizationLoss = lossActivation.loss.regularizationLoss([dense1, dense2]);
  const loss = lossActivation.loss.total(dataLoss, regularizationLoss);

  const acc = accuracy.calculate(lossActivation.activation.predictions(output), y);
  if (epoch % 100 === 0) {
    console.log(
      `epoch: ${epoch}, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)} ` +
        `(data_loss: ${formatFixed(dataLoss, 3)}, reg_loss: ${formatFixed(regularizationLoss, 3)}), ` +
        `lr: ${formatFloat64(optimizer.currentLearningRate)}`,
    );
  }

  // Backward pass: through the same mask, then update weights and biases
  const dhidden = dropout1.backward(dense2.backward(lossActivation.backward(output, y)));
  dense1.backward(activation1.backward(dhidden));
  optimizer.step(parameters);
}

// Validate the model on a new spiral, with dropout off (the book simply leaves the layer out)
const test = spiralData(100, 3, random);
const forward = (points: Matrix): Matrix => dense2.forward(activation1.forward(dense1.forward(points)));
const { output, loss } = lossActivation.forward(forward(test.X), test.y);
const acc = accuracy.calculate(lossActivation.activation.predictions(output), test.y);
console.log(`validation, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}`);

if (picture) {
  const picture = await decisionBoundary((points) => lossActivation.activation.forward(forward(points)), test.X, test.y, 'out/book/ch15-decision-boundary.svg', {
    title: `Chapter 15: regions learned with dropout, under new data`,
  });
  console.log(`picture: ${picture.svg} (and .png)`);
}
