/**
 * SOFTMAX OF A BATCH
 *
 * Source: "Neural Networks from Scratch" video series, P.6 "Softmax Activation" (original script
 * activation/activation5_Softmax.py); book chapter 4.
 *
 * THEORY
 * With a batch, the layer's output is a matrix with one sample per row, and softmax works on each
 * row on its own: each sample gets its own distribution over the classes. So the sum is taken
 * along each row (NumPy's `axis=1`), giving one sum per sample, and each row is divided by its own
 * sum. Keeping the sums as a column (`keepdims=True`) is what lets them line up with the rows.
 *
 * THIS SCRIPT
 * Softmax row by row of [[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]]. It prints
 * the 3 × 3 probabilities, then the row sums as a column: 1 each.
 */
import { Matrix, correctlyRounded } from '../../src/index.ts';

const layerOutputs = Matrix.from(
  [
    [4.8, 1.21, 2.385],
    [8.9, -1.81, 0.2],
    [1.41, 1.051, 0.026],
  ],
  'float64',
);

const expValues = layerOutputs.map(correctlyRounded.exp);
// One sum per row, as a 3 × 1 column (np.sum(..., axis=1, keepdims=True))
const rowSums = expValues.sumRows();
const normValues = expValues.map((value, row) => value / rowSums.get(row, 0));

console.log(normValues.toString());
console.log(normValues.sumRows().toString());
