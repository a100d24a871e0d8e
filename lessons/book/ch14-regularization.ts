/**
 * L1 AND L2 REGULARIZATION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 14; video
 * series episode on regularization.
 *
 * THEORY
 * An overfitting network tends to grow a few large weights that carve the training points out one
 * by one. Regularization adds a penalty on the size of the weights to the loss, so the network must
 * pay for every large weight with a real improvement in the data loss:
 *   L1   λ · Σ|w|   gradient λ · sign(w): pulls every weight towards zero at the same rate, and
 *                   drives small ones to exactly zero (sparse weights);
 *   L2   λ · Σw²   gradient 2λ · w: pulls hardest on the largest weights, leaves small ones almost
 *                   alone; the common choice.
 * The same penalties can apply to the biases. The total loss is data loss + regularization loss;
 * the log shows both, because only the data loss measures the fit. The penalty's gradient is added
 * to dweights and dbiases in each dense layer's backward pass.
 *
 * THIS SCRIPT
 * The chapter's final code: chapter 11's network with L2 (λ = 5e-4) on the first layer's weights
 * and biases, Adam with lr 0.02 and decay 5e-7, 10,000 epochs, then validation on a fresh spiral.
 * The log has the book's extra columns (`loss: 0.833 (data_loss: 0.791, reg_loss: 0.041)`), each
 * line identical to NumPy under the book's semantics. The run ends with acc 0.947, loss 0.230
 * (data 0.167, reg 0.062) and `validation, acc: 0.860, loss: 0.461`: training accuracy fell from
 * chapter 11's 0.973, validation accuracy rose from 0.793 and the validation loss halved; the gap
 * between training and new data closed. (The book's own printout, from another platform, ends
 * 0.947/0.217 and 0.830/0.435.) The picture shows the smoother regions under the new data.
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

// Dense layer with 2 inputs and 64 outputs, with L2 penalties on its weights and biases; ReLU; dense 64 → 3
const dense1 = new Dense(2, 64, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
const activation1 = new ReLU();
const dense2 = new Dense(64, 3, { random });

// Softmax classifier's combined activation and loss, and the optimizer
const lossActivation = new SoftmaxCategoricalCrossentropy();
const optimizer = new Adam({ learningRate: 0.02, decay: 5e-7 });
const accuracy = new CategoricalAccuracy();
const parameters = [...dense1.parameters(), ...dense2.parameters()];

for (let epoch = 0; epoch <= epochs; epoch++) {
  // Forward pass: the data loss
  const hidden = activation1.forward(dense1.forward(X));
  const { output, loss: dataLoss } = lossActivation.forward(dense2.forward(hidden), y);

  // The penalty on large weights, and the total the optimizer minimises
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

  // Backward pass (dense1.backward adds the penalty's gradient 2λw), then update weights and biases
  dense1.backward(activation1.backward(dense2.backward(lossActivation.backward(output, y))));
  optimizer.step(parameters);
}

// Validate the model on a new spiral from the same generator
const test = spiralData(100, 3, random);
const forward = (points: Matrix): Matrix => dense2.forward(activation1.forward(dense1.forward(points)));
const { output, loss } = lossActivation.forward(forward(test.X), test.y);
const acc = accuracy.calculate(lossActivation.activation.predictions(output), test.y);
console.log(`validation, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}`);

if (picture) {
  const picture = await decisionBoundary((points) => lossActivation.activation.forward(forward(points)), test.X, test.y, 'out/book/ch14-decision-boundary.svg', {
    title: `Chapter 14: regions learned with L2 regularization, under new data`,
  });
  console.log(`picture: ${picture.svg} (and .png)`);
}
