/**
 * BACKPROPAGATION
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 9; video
 * series episodes on backpropagation.
 *
 * THEORY
 * Backpropagation is the chain rule applied layer by layer, from the loss back to the inputs.
 * Every layer receives dvalues = ∂L/∂(its outputs) and returns ∂L/∂(its inputs), and along the way
 * computes the gradients of its own parameters. For a dense layer, output = X·W + b:
 *   dweights = Xᵀ · dvalues      (each weight gets its input, summed over the batch)
 *   dbiases  = Σ_rows dvalues    (a bias is added to every sample)
 *   dinputs  = dvalues · Wᵀ      (each input gets its weights, summed over the neurons)
 * ReLU passes dvalues through where its input was positive and zeroes it elsewhere. Softmax
 * mixes all its outputs, so its derivative is a matrix per sample, the Jacobian
 * ∂p_j/∂z_k = p_j(δ_jk − p_k); cross-entropy's gradient is −y/ŷ, divided by the batch size. Chained
 * together, softmax and cross-entropy collapse to (ŷ − y) / N: the same numbers (up to float32
 * rounding), far cheaper.
 *
 * THIS SCRIPT
 * 1. The dense backward pass on the book's hand-made batch (plain NumPy float64): gradients on the
 *    inputs, weights and biases, the ReLU derivative, and one update of a layer, with the book's
 *    printed values ([[ 0.179515  0.5003665 -0.262746 ] ...] and [[1.98489  2.997739 0.497389]]).
 * 2. The combined softmax + cross-entropy gradient against the separate one (book semantics: the
 *    second shows float32 rounding, -0.09999999 for -0.1), and how much faster the combined one is
 *    (the book measured about 7×; the exact ratio depends on the machine).
 * 3. The chapter's final code under nnfs.init(): spiral data through dense → ReLU → dense →
 *    softmax, its loss 1.0986104 and accuracy 0.34, and the gradients of every parameter, which
 *    print digit for digit as the book's NumPy prints them.
 */
import {
  CategoricalAccuracy,
  CategoricalCrossentropy,
  Dense,
  Matrix,
  RandomState,
  ReLU,
  SGD,
  SoftmaxCategoricalCrossentropy,
  formatArray,
  formatFloat32,
  formatFloat64,
  softmaxBackward,
  dot,
  spiralData,
} from '../../src/index.ts';

// ---------------------------------------------------------------------------------------------
// 1. A dense layer's backward pass, on the book's batch (plain NumPy, float64).

// The gradient from the next layer: one row per sample, one column per neuron.
let dvalues = Matrix.from([[1, 1, 1], [2, 2, 2], [3, 3, 3]], 'float64');
const inputs = Matrix.from([[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]], 'float64');
// Three neurons of four weights each, stored one neuron per column (the book's `.T`).
const weights = Matrix.from([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]], 'float64').transpose();
const biases = Matrix.from([[2, 3, 0.5]], 'float64');

console.log('Gradient on the inputs, dvalues · Wᵀ:');
console.log(dot(dvalues, weights.transpose()).toString());
console.log('Gradient on the weights, Xᵀ · dvalues:');
console.log(dot(inputs.transpose(), dvalues).toString());
console.log('Gradient on the biases, the column sums of dvalues:');
console.log(dvalues.sumColumns().toString());

// The ReLU derivative: the gradient survives only where the input z was positive.
const z = Matrix.from([[1, 2, -3, -4], [2, -7, -1, 3], [-1, 2, 5, -1]], 'float64');
const relu = new ReLU();
relu.forward(z);
dvalues = Matrix.from([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], 'float64');
console.log('ReLU backward on [[1 2 -3 -4] [2 -7 -1 3] [-1 2 5 -1]]:');
console.log(formatArray(relu.backward(dvalues).data, [3, 4], 'int'));

// The same with the library's classes: a dense layer and ReLU, then one step of SGD (lr 0.001).
// The book takes the ReLU output itself as the gradient from "the next layer".
const layer = new Dense(4, 3, { random: new RandomState(0), dtype: 'float64' });
layer.weights.data.set(weights.data);
layer.biases.data.set(biases.data);
const activation = new ReLU();
const reluOutputs = activation.forward(layer.forward(inputs));
layer.backward(activation.backward(reluOutputs));
new SGD({ learningRate: 0.001 }).step(layer.parameters());
console.log('The layer after one step against its gradient (weights, then biases):');
console.log(layer.weights.toString());
console.log(layer.biases.toString());
console.log();

// ---------------------------------------------------------------------------------------------
// 2. Softmax and cross-entropy: combined gradient against the separate one (book semantics).

const softmaxOutputs = Matrix.from([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]], 'float64');
const classTargets = [0, 1, 1];

// (ŷ − y) / N
const softmaxLoss = new SoftmaxCategoricalCrossentropy();
const dvalues1 = softmaxLoss.backward(softmaxOutputs, classTargets);

// −y/ŷ / N, then through the softmax Jacobian. Under nnfs.init() every np.dot returns float32,
// which is what rounds -0.1 to -0.09999999.
const loss = new CategoricalCrossentropy();
const separate = (): Matrix => softmaxBackward(softmaxOutputs, loss.backward(softmaxOutputs, classTargets), 'float32');
const dvalues2 = separate();

console.log('Gradients: combined loss and activation:');
console.log(dvalues1.toString());
console.log('Gradients: separate loss and activation:');
console.log(dvalues2.toString());

// Time both, as the book does with timeit (10,000 runs each, after a warm-up).
const time = (f: () => unknown, runs: number): number => {
  const start = performance.now();
  for (let i = 0; i < runs; i++) f();
  return performance.now() - start;
};
const combined = (): Matrix => softmaxLoss.backward(softmaxOutputs, classTargets);
time(combined, 10000);
time(separate, 10000);
const t1 = time(combined, 10000);
const t2 = time(separate, 10000);
console.log(`The combined backward step is ${(t2 / t1).toFixed(1)} times faster than the separate one (varies by machine).`);
console.log();

// ---------------------------------------------------------------------------------------------
// 3. The chapter's final code: a whole network, forward and backward, under nnfs.init().

const random = new RandomState(0); // nnfs.init(): seed 0, float32 arrays, float32 np.dot
const { X, y } = spiralData(100, 3, random);

// Dense layer with 2 input features and 3 outputs, ReLU, dense 3 → 3, softmax with its loss
const dense1 = new Dense(2, 3, { random });
const activation1 = new ReLU();
const dense2 = new Dense(3, 3, { random });
const lossActivation = new SoftmaxCategoricalCrossentropy();

// Forward pass
const { output, loss: lossValue } = lossActivation.forward(dense2.forward(activation1.forward(dense1.forward(X))), y);
// The first few samples
console.log(output.sliceRows(0, 5).toString());
console.log('loss:', formatFloat32(lossValue));

// Accuracy: how often the largest probability (np.argmax) is the true class
const accuracy = new CategoricalAccuracy().calculate(lossActivation.activation.predictions(output), y);
console.log('acc:', formatFloat64(accuracy));

// Backward pass, from the loss back to the first layer
dense1.backward(activation1.backward(dense2.backward(lossActivation.backward(output, y))));

// The gradients of every parameter
console.log(dense1.dweights!.toString());
console.log(dense1.dbiases!.toString());
console.log(dense2.dweights!.toString());
console.log(dense2.dbiases!.toString());
