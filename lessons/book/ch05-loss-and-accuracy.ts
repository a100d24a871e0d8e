/**
 * LOSS AND ACCURACY
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 5,
 * "Calculating Network Error with Loss"; video series P.7 and P.8.
 *
 * THEORY
 * The loss measures how wrong the network is, in a form training can lower smoothly: categorical
 * cross-entropy, −log of the probability given to the true class, averaged over the batch (with
 * probabilities clipped to [1e-7, 1 − 1e-7] so that log never sees 0). Accuracy is what we care
 * about in the end, the fraction of samples whose most probable class (the argmax of the row) is
 * the true class, but it jumps in steps, so it cannot guide training; the loss can. An untrained
 * network that gives each of 3 classes a third has loss −log(1/3) ≈ 1.0986 and about a third right.
 *
 * THIS SCRIPT
 * The chapter's final code: the network of chapter 4, then the loss and the accuracy. It prints the
 * first five rows of probabilities, `loss: 1.0986104` (a float32, printed in its shortest float32
 * form as NumPy prints it) and `acc: 0.34`.
 */
import { CategoricalAccuracy, CategoricalCrossentropy, Dense, RandomState, ReLU, Softmax, formatFloat32, formatFloat64, spiralData } from '../../src/index.ts';

const random = new RandomState(0); // nnfs.init()

// Create dataset
const { X, y } = spiralData(100, 3, random);

// Create the network: dense 2 → 3, ReLU, dense 3 → 3, softmax
const dense1 = new Dense(2, 3, { random });
const activation1 = new ReLU();
const dense2 = new Dense(3, 3, { random });
const activation2 = new Softmax();

// Create loss function
const lossFunction = new CategoricalCrossentropy();

// Forward pass
const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))));

// Let's see output of the first few samples
console.log(output.sliceRows(0, 5).toString());

// Calculate the loss from the output of activation2 and the targets
const loss = lossFunction.calculate(output, y);
console.log(`loss: ${formatFloat32(loss)}`);

// Accuracy: how often the most confident class (argmax of each row) is the true one
const accuracy = new CategoricalAccuracy().calculate(output.argmaxRows(), y);
console.log(`acc: ${formatFloat64(accuracy)}`);
