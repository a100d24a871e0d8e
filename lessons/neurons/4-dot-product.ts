/**
 * ONE NEURON AS A DOT PRODUCT
 *
 * Source: "Neural Networks from Scratch" video series, P.3 "The Dot Product" (original script
 * neurons/neuron4.py); book chapter 2.
 *
 * THEORY
 * The sum of products x₁·w₁ + x₂·w₂ + … is the dot product of two vectors, x · w. Writing a neuron
 * as `dot(weights, inputs) + bias` says the same thing as the loop, in the language of linear
 * algebra, and lets a library do the loop for us (fast, in compiled code). In scratchnet a vector
 * is a matrix with one row or one column, and `dot` multiplies matrices: a 1 × 4 row times a
 * 4 × 1 column is a 1 × 1 result, the dot product.
 *
 * THIS SCRIPT
 * One neuron with inputs [1, 2, 3, 2.5], weights [0.2, 0.8, -0.5, 1.0] and bias 2. It prints 4.8.
 */
import { Matrix, dot, formatFloat64 } from '../../src/index.ts';

// float64, as plain NumPy computes
const inputs = Matrix.column([1, 2, 3, 2.5], 'float64');
const weights = Matrix.row([0.2, 0.8, -0.5, 1.0], 'float64');
const bias = 2;

// (1 × 4) · (4 × 1) = 1 × 1: the dot product
const output = dot(weights, inputs).get(0, 0) + bias;

console.log(formatFloat64(output));
