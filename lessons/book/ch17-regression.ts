/**
 * REGRESSION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 17.
 *
 * THEORY
 * Regression predicts a number rather than a class: here, sin(2πx) from x. Three changes turn the
 * classifier into a regressor.
 *   Output: a linear (identity) activation, so the last layer can produce any value; its
 *           derivative is 1.
 *   Loss:   mean squared error, mean((y − ŷ)²), whose gradient −2(y − ŷ)/outputs/samples pushes
 *           hardest on the largest errors; or mean absolute error, mean|y − ŷ|, gradient
 *           −sign(y − ŷ)/outputs/samples, which treats all errors alike.
 *   Accuracy: a number is never exactly right, so the book counts a prediction as right when it
 *           lies within std(y)/250 of its target: a rough gauge, not a real measure.
 * A smooth curve also needs a more expressive network (two hidden layers of 64), a larger initial
 * weight scale (0.1 · randn instead of 0.01, or training stalls on a flat line), and a learning
 * rate that decays quickly (lr 0.005, decay 1e-3).
 *
 * THIS SCRIPT
 * The chapter's final code: 1,000 points of one sine period; dense 1→64, ReLU, dense 64→64, ReLU,
 * dense 64→1, linear; mean squared error; Adam lr 0.005, decay 1e-3; 10,000 epochs. The targets
 * are float64 and computed with a correctly rounded sine (JavaScript's Math.sin is one bit off
 * NumPy's for 29 of the 1,000 targets, and a long run amplifies such bits), so every log line is
 * identical to NumPy under the book's semantics. The loss falls from 0.496 to below 0.0005 (the
 * book's three decimals print 0.000 from epoch 300 on) and the accuracy (within std(y)/250)
 * climbs from 0.003 to 0.981. The picture draws the learned curve over the true sine, as the
 * book's closing plot does.
 *   --epochs N     stop after epoch N (default 10000)
 *   --no-picture   skip the picture
 */
import {
  Adam,
  Dense,
  Linear,
  MeanSquaredError,
  RandomState,
  RegressionAccuracy,
  ReLU,
  formatFixed,
  formatFloat64,
  lineChart,
  sineData,
  type Matrix,
} from '../../src/index.ts';
import { trainingOptions } from '../options.ts';

const { epochs, picture } = trainingOptions();

const random = new RandomState(0); // nnfs.init(): seed 0, float32 arrays, float32 np.dot

// The data set: x = 0, 0.001, …, 0.999 and y = sin(2πx), both float64
const { X, y } = sineData();

// Dense 1 → 64, ReLU, dense 64 → 64, ReLU, dense 64 → 1, linear; weights start as 0.1 · randn
const dense1 = new Dense(1, 64, { random, scale: 0.1 });
const activation1 = new ReLU();
const dense2 = new Dense(64, 64, { random, scale: 0.1 });
const activation2 = new ReLU();
const dense3 = new Dense(64, 1, { random, scale: 0.1 });
const activation3 = new Linear();

// Mean squared error, and Adam with a quickly decaying learning rate
const lossFunction = new MeanSquaredError();
const optimizer = new Adam({ learningRate: 0.005, decay: 1e-3 });

// A prediction counts as right within std(y) / 250 of its target
const accuracy = new RegressionAccuracy();
accuracy.init(y);
const parameters = [...dense1.parameters(), ...dense2.parameters(), ...dense3.parameters()];
const predict = (points: Matrix): Matrix =>
  activation3.forward(dense3.forward(activation2.forward(dense2.forward(activation1.forward(dense1.forward(points))))));

for (let epoch = 0; epoch <= epochs; epoch++) {
  // Forward pass
  const output = predict(X);

  // The data loss, the penalty (none here: no layer has one) and their total
  const dataLoss = lossFunction.calculate(output, y);
  const regularizationLoss = lossFunction.regularizationLoss([dense1, dense2, dense3]);
  const loss = lossFunction.total(dataLoss, regularizationLoss);

  const acc = accuracy.calculate(activation3.predictions(output), y);
  if (epoch % 100 === 0) {
    console.log(
      `epoch: ${epoch}, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)} ` +
        `(data_loss: ${formatFixed(dataLoss, 3)}, reg_loss: ${formatFixed(regularizationLoss, 3)}), ` +
        `lr: ${formatFloat64(optimizer.currentLearningRate)}`,
    );
  }

  // Backward pass through all six layers, then update weights and biases
  const d2 = dense3.backward(activation3.backward(lossFunction.backward(output, y)));
  dense1.backward(activation1.backward(dense2.backward(activation2.backward(d2))));
  optimizer.step(parameters);
}

if (picture) {
  // The book's closing plot: the true sine and the network's prediction on the same inputs
  const xs = Array.from(X.data);
  const picture = await lineChart(
    [
      { name: 'sin(2πx)', x: xs, y: Array.from(y.data) },
      { name: 'network', x: xs, y: Array.from(predict(X).data) },
    ],
    'out/book/ch17-sine.svg',
    { title: `Chapter 17: the learned curve after ${epochs} epochs`, xLabel: 'x', yLabel: 'y', width: 600, height: 400 },
  );
  console.log(`picture: ${picture.svg} (and .png)`);
}
