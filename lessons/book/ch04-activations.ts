/**
 * ACTIVATION FUNCTIONS: RELU AND SOFTMAX
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 4,
 * "Activation Functions"; video series P.5 and P.6.
 *
 * THEORY
 * Hidden layers use ReLU, max(0, x): a cheap kink that lets stacked layers bend their decision
 * boundaries (without it, any number of layers is one linear map). The output layer of a
 * classifier uses softmax, e^(z − max z) / Σ e^(z − max z) per row, which turns each sample's
 * scores into a probability distribution over the classes; subtracting the row maximum keeps the
 * exponentials from overflowing without changing the result. Under the book's arithmetic, exp is
 * computed in float64 and rounded once to float32.
 *
 * THIS SCRIPT
 * The chapter's final code: spiral data, dense 2 → 3, ReLU, dense 3 → 3, softmax. It prints the
 * first five rows of probabilities: the first is [0.33333334 0.33333334 0.33333334] (that sample
 * is at the origin), the second [0.33333316 0.3333332 0.33333364]. With tiny random weights the
 * network has no opinion yet: every class gets about a third.
 */
import { Dense, RandomState, ReLU, Softmax, spiralData } from '../../src/index.ts';

const random = new RandomState(0); // nnfs.init()

// Create dataset
const { X } = spiralData(100, 3, random);

// Create Dense layer with 2 input features and 3 output values, and ReLU activation
const dense1 = new Dense(2, 3, { random });
const activation1 = new ReLU();

// Create second Dense layer with 3 input features (the previous layer's outputs) and 3 output
// values, and Softmax activation (to be used with the Dense layer)
const dense2 = new Dense(3, 3, { random });
const activation2 = new Softmax();

// The forward pass: each output is the next one's input
const hidden = activation1.forward(dense1.forward(X));
const output = activation2.forward(dense2.forward(hidden));

// Let's see output of the first few samples
console.log(output.sliceRows(0, 5).toString());
