/**
 * A LAYER OF NEURONS, WITH A MATRIX PRODUCT
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 2,
 * "Coding Our First Neurons"; video series P.1 to P.4.
 *
 * THEORY
 * Chapter 2 builds the neuron (inputs · weights + bias), the layer (one weight vector and one bias
 * per neuron) and the batch (one sample per row) and ends with one line that does it all:
 *     layer_outputs = inputs · weightsᵀ + biases
 * The weights are stored one row per neuron, so they are transposed to put the neurons in columns;
 * then row i, column n of the product is sample i's weighted sum for neuron n. The biases, one per
 * neuron, are added to every row (NumPy "broadcasts" the row of biases over the batch).
 *
 * THIS SCRIPT
 * The chapter's final code, in plain float64 as the book computes it at this point (nnfs.init()
 * comes in chapter 3): three samples through three neurons. It prints
 * [[4.8 1.21 2.385] [8.9 -1.81 0.2] [1.41 1.051 0.026]], laid out as NumPy lays it out.
 */
import { Matrix, dot } from '../../src/index.ts';

const inputs = Matrix.from(
  [
    [1.0, 2.0, 3.0, 2.5],
    [2.0, 5.0, -1.0, 2.0],
    [-1.5, 2.7, 3.3, -0.8],
  ],
  'float64',
);
const weights = Matrix.from(
  [
    [0.2, 0.8, -0.5, 1.0],
    [0.5, -0.91, 0.26, -0.5],
    [-0.26, -0.27, 0.17, 0.87],
  ],
  'float64',
);
const biases = Matrix.row([2.0, 3.0, 0.5], 'float64');

const layerOutputs = dot(inputs, weights, { transposeB: true }).addRow(biases);

console.log(layerOutputs.toString());
