/**
 * TWO LAYERS
 *
 * Source: "Neural Networks from Scratch" video series, P.4 "Batches, Layers, and Objects" (original
 * script batches/batches2.py); book chapter 3, "Adding Layers".
 *
 * THEORY
 * A second layer takes the first layer's outputs as its inputs. With a batch, the first layer's
 * output is a (samples × neurons) matrix, exactly the shape a layer expects as input, so layers
 * chain: output₂ = (X · W₁ᵀ + b₁) · W₂ᵀ + b₂. Each layer needs as many weights per neuron as the
 * previous layer has neurons.
 *
 * THIS SCRIPT
 * The batch of three samples through layer 1 (three neurons, as before) and layer 2 (three neurons
 * with weights [0.1, -0.14, 0.5], [-0.5, 0.12, -0.33], [-0.44, 0.73, -0.13] and biases -1, 2, -0.5).
 * It prints the shape of layer 1's output, (3, 3), then layer 2's output.
 */
import { Matrix, dot } from '../../src/index.ts';

const inputs = Matrix.from(
  [
    [1, 2, 3, 2.5],
    [2, 5, -1, 2],
    [-1.5, 2.7, 3.3, -0.8],
  ],
  'float64',
);

const weights1 = Matrix.from(
  [
    [0.2, 0.8, -0.5, 1.0],
    [0.5, -0.91, 0.26, -0.5],
    [-0.26, -0.27, 0.17, 0.87],
  ],
  'float64',
);
const biases1 = Matrix.row([2, 3, 0.5], 'float64');

const weights2 = Matrix.from(
  [
    [0.1, -0.14, 0.5],
    [-0.5, 0.12, -0.33],
    [-0.44, 0.73, -0.13],
  ],
  'float64',
);
const biases2 = Matrix.row([-1, 2, -0.5], 'float64');

const layer1Outputs = dot(inputs, weights1, { transposeB: true }).addRow(biases1);
console.log(layer1Outputs.shapeText);

const layer2Outputs = dot(layer1Outputs, weights2, { transposeB: true }).addRow(biases2);
console.log(layer2Outputs.toString());
