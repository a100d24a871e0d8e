/**
 * THE LOSS AT THE END OF THE NETWORK
 *
 * Source: "Neural Networks from Scratch" video series, P.8 "Implementing Loss" (original script
 * loss/categoricalCE_Implementation.py); book chapter 5.
 *
 * THEORY
 * A loss object turns the network's output for a batch into one number. The `Loss` base class
 * computes the per-sample losses (`forward`) and averages them (`calculate`). Categorical
 * cross-entropy accepts the targets in two forms: class indices ([0, 1, 2, …], one per sample), where
 * it picks each row's probability of the true class, and one-hot rows, where it sums
 * probability × target along each row; either way the loss is −log of that probability.
 * Probabilities are first clipped to [1e-7, 1 − 1e-7]: log(0) is −∞, and a single confident
 * mistake would make the mean loss infinite. Clipping both ends keeps the clipping unbiased.
 *
 * THIS SCRIPT
 * The network of the previous lesson (seed 0, the same draws, float64), then the mean loss over the
 * 300 samples, computed from class indices and again from one-hot targets. Both print
 * `loss: 1.0984…`, near −log(1/3) = 1.0986: an untrained network guesses. (The original computed
 * the loss without printing it, and its one-hot branch tested the wrong condition.)
 */
import { CategoricalCrossentropy, Dense, Matrix, RandomState, ReLU, Softmax, formatFloat64, spiralData } from '../../src/index.ts';

const random = new RandomState(0);
const { X, y } = spiralData(100, 3, random, 'float64');

const dense1 = new Dense(2, 3, { random, scale: 0.1, dtype: 'float64' });
const activation1 = new ReLU();
const dense2 = new Dense(3, 3, { random, scale: 0.1, dtype: 'float64' });
const activation2 = new Softmax();

const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))));

const lossFunction = new CategoricalCrossentropy();

// Targets as class indices: y[i] is the class of sample i
const loss = lossFunction.calculate(output, y);
console.log(`loss: ${formatFloat64(loss)}`);

// The same targets one-hot: row i has a 1 in column y[i]
const oneHot = new Matrix(y.length, 3, 'float64');
y.forEach((label, i) => oneHot.set(i, label, 1));
console.log(`loss from one-hot targets: ${formatFloat64(lossFunction.calculate(output, oneHot))}`);
