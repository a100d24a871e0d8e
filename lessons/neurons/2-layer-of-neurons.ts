/**
 * A LAYER OF NEURONS
 *
 * Source: "Neural Networks from Scratch" video series, P.2 "Coding a Layer" (original script
 * neurons/neuron2.py); book chapter 2.
 *
 * THEORY
 * A layer is several neurons that all see the same inputs. Each neuron has its own weights (one per
 * input) and its own bias, so each computes its own output: a layer of three neurons turns the
 * inputs into three numbers. Those numbers are what the next layer sees as its inputs.
 *
 * THIS SCRIPT
 * Four inputs [1, 2, 3, 2.5] feed three neurons with weights [0.2, 0.8, -0.5, 1.0],
 * [0.5, -0.91, 0.26, -0.5] and [-0.26, -0.27, 0.17, 0.87] and biases 2, 3 and 0.5. Every
 * multiplication is written out. It prints the layer's output, [4.8, 1.21, 2.385].
 */
import { formatFloat64 } from '../../src/index.ts';

const inputs = [1, 2, 3, 2.5];

const weights1 = [0.2, 0.8, -0.5, 1.0];
const weights2 = [0.5, -0.91, 0.26, -0.5];
const weights3 = [-0.26, -0.27, 0.17, 0.87];

const bias1 = 2;
const bias2 = 3;
const bias3 = 0.5;

const output = [
  // neuron 1
  inputs[0] * weights1[0] + inputs[1] * weights1[1] + inputs[2] * weights1[2] + inputs[3] * weights1[3] + bias1,
  // neuron 2
  inputs[0] * weights2[0] + inputs[1] * weights2[1] + inputs[2] * weights2[2] + inputs[3] * weights2[3] + bias2,
  // neuron 3
  inputs[0] * weights3[0] + inputs[1] * weights3[1] + inputs[2] * weights3[2] + inputs[3] * weights3[3] + bias3,
];

// Printed as Python prints a list: [4.8, 1.21, 2.385]
console.log(`[${output.map(formatFloat64).join(', ')}]`);
