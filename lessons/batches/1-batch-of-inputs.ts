/**
 * A BATCH OF INPUTS
 *
 * Source: "Neural Networks from Scratch" video series, P.4 "Batches, Layers, and Objects" (original
 * script batches/batches1.py); book chapter 2.
 *
 * THEORY
 * Networks are fed many samples at once, a batch: it uses the hardware better, and (later, when
 * learning) averaging over many samples gives steadier updates than one at a time. A batch is a
 * matrix X with one sample per row. The weights W have one row per neuron, so to pair every sample
 * with every neuron we multiply X by W transposed (Wᵀ turns the neurons into columns):
 *     output = X · Wᵀ + b        (3 × 4) · (4 × 3) = (3 × 3)
 * Row i of the output is sample i's layer output; the biases are added to every row.
 * Without the transpose the shapes (3 × 4) · (3 × 4) do not fit, and the product is an error.
 *
 * THIS SCRIPT
 * Three samples [1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8] through the layer of
 * three neurons. It prints the 3 × 3 output and shows the error the untransposed product raises.
 */
import { Matrix, ShapeError, dot } from '../../src/index.ts';

const inputs = Matrix.from(
  [
    [1, 2, 3, 2.5],
    [2, 5, -1, 2],
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
const biases = Matrix.row([2, 3, 0.5], 'float64');

// X · Wᵀ: `transposeB` reads W transposed without copying it
const output = dot(inputs, weights, { transposeB: true }).addRow(biases);
console.log(output.toString());

// The same product without the transpose: the inner dimensions (4 and 3) do not match
try {
  dot(inputs, weights);
} catch (error) {
  if (!(error instanceof ShapeError)) throw error;
  console.log(`without the transpose: ${error.message}`);
}
