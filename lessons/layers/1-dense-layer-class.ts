/**
 * A DENSE LAYER CLASS
 *
 * Source: "Neural Networks from Scratch" video series, P.4 "Batches, Layers, and Objects" (original
 * script layers/layers1.py); book chapter 3.
 *
 * THEORY
 * Typing weights by hand stops at toy sizes. A dense layer object creates its own: a weight matrix
 * of shape (inputs × neurons), so that `X · W` needs no transpose, filled with small random
 * numbers (0.1 · standard normal: small, so that the outputs do not blow up layer after layer),
 * and a row of zero biases. `forward(X)` returns X · W + b. Because the weights are random, the
 * output depends on the random generator: seeding it (seed 0, as `np.random.seed(0)`) makes the
 * run repeatable, and scratchnet's generator gives NumPy's numbers draw for draw.
 *
 * THIS SCRIPT
 * The batch of three samples through a dense layer 4 → 5 and then 5 → 2, in float64 as plain
 * NumPy. It prints each output and its shape: (3, 5), then (3, 2). The shape of an output is
 * (samples in the batch × neurons in the layer).
 */
import { Dense, Matrix, RandomState } from '../../src/index.ts';

const random = new RandomState(0); // np.random.seed(0)

const X = Matrix.from(
  [
    [1, 2, 3, 2.5],
    [2, 5, -1, 2],
    [-1.5, 2.7, 3.3, -0.8],
  ],
  'float64',
);

// Weights 0.1 · randn(nInputs, nNeurons), biases zero
const layer1 = new Dense(4, 5, { random, scale: 0.1, dtype: 'float64' });
const layer2 = new Dense(5, 2, { random, scale: 0.1, dtype: 'float64' });

const output1 = layer1.forward(X);
console.log(output1.toString());
console.log(output1.shapeText);

const output2 = layer2.forward(output1);
console.log(output2.toString());
console.log(output2.shapeText);
