/**
 * A LAYER AS A MATRIX PRODUCT
 *
 * Source: "Neural Networks from Scratch" video series, P.3 "The Dot Product" (original script
 * neurons/neuron5.py); book chapter 2.
 *
 * THEORY
 * Stack the weight vectors of the neurons as the rows of a matrix W (one row per neuron, one column
 * per input). Then W · x computes every neuron's dot product at once: row n of W times the inputs
 * is neuron n's sum. Adding the vector of biases gives the layer's output. The shapes must fit:
 * a (3 × 4) matrix times a (4 × 1) column gives a (3 × 1) column, one value per neuron.
 *
 * THIS SCRIPT
 * The layer of three neurons as one matrix product plus the biases. NumPy prints the 1-D result
 * as [4.8   1.21  2.385] (it pads every number to the same width); we print it the same way.
 */
import { Matrix, dot, formatArray } from '../../src/index.ts';

const inputs = Matrix.column([1, 2, 3, 2.5], 'float64');
const weights = Matrix.from(
  [
    [0.2, 0.8, -0.5, 1.0],
    [0.5, -0.91, 0.26, -0.5],
    [-0.26, -0.27, 0.17, 0.87],
  ],
  'float64',
);
const biases = Matrix.column([2, 3, 0.5], 'float64');

// (3 × 4) · (4 × 1) = 3 × 1, then one bias per neuron
const output = dot(weights, inputs).zip(biases, (sum, bias) => sum + bias);

// Printed as NumPy prints a 1-D array of 3 values
console.log(formatArray(output.data, [3]));
