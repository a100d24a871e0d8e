/**
 * THE DENSE LAYER, WITH THE BOOK'S ARITHMETIC
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 3,
 * "Adding Layers"; video series P.4 and P.5.
 *
 * THEORY
 * From chapter 3 on, the book calls `nnfs.init()`: it seeds NumPy's generator with 0, makes arrays
 * float32 by default, draws normals in float64 and rounds them to float32, and computes every
 * matrix product in float64, rounding the result to float32 once. scratchnet does the same
 * (a RandomState seeded with 0, float32 matrices, `dot` accumulating in float64), so its numbers
 * are the book's digit for digit. The dense layer starts with weights 0.01 · randn(inputs, neurons),
 * small so that the first outputs are small, and zero biases; its forward pass is X · W + b.
 *
 * THIS SCRIPT
 * The chapter's final code: the spiral data set (100 samples per class, 3 classes, 2 features),
 * one dense layer with 2 inputs and 3 neurons, and the first five rows of its output. The first
 * sample sits at the origin, so its output is all zeros (the biases are still zero); the others
 * are tiny, about 10⁻⁴, because the weights are. It prints those 5 rows as the book does:
 * [[0 0 0] [-1.0475188e-04 1.1395361e-04 -4.7983500e-05] …].
 */
import { Dense, RandomState, spiralData } from '../../src/index.ts';

const random = new RandomState(0); // nnfs.init(): seed 0

// Create dataset
const { X } = spiralData(100, 3, random);

// Create a dense layer with 2 input features and 3 output values
const dense1 = new Dense(2, 3, { random }); // weights 0.01 · randn, float32

// Perform a forward pass of our training data through this layer
const output = dense1.forward(X);

// Let's see output of the first few samples
console.log(output.sliceRows(0, 5).toString());
