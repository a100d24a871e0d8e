/**
 * A LAYER WITH LOOPS
 *
 * Source: "Neural Networks from Scratch" video series, P.3 "The Dot Product" (original script
 * neurons/neuron3.py); book chapter 2.
 *
 * THEORY
 * Writing every product out does not scale past a handful of neurons. The pattern is the same for
 * every neuron (multiply each input by its weight, add them, add the bias), so two loops do it: the
 * outer one over the neurons, the inner one over the inputs. Keeping the weights as a list of
 * lists (one list per neuron) is the first step towards the weight matrix.
 *
 * THIS SCRIPT
 * The layer of the previous lesson, computed with nested loops. Same inputs, weights and biases,
 * same output: [4.8, 1.21, 2.385].
 */
import { formatFloat64 } from '../../src/index.ts';

const inputs = [1, 2, 3, 2.5];
const weights = [
  [0.2, 0.8, -0.5, 1.0],
  [0.5, -0.91, 0.26, -0.5],
  [-0.26, -0.27, 0.17, 0.87],
];
const biases = [2, 3, 0.5];

const layerOutputs: number[] = [];
// For each neuron: its weights and its bias
for (let neuron = 0; neuron < weights.length; neuron++) {
  const neuronWeights = weights[neuron];
  let neuronOutput = 0;
  // For each input: add input × weight
  for (let i = 0; i < inputs.length; i++) {
    neuronOutput += inputs[i] * neuronWeights[i];
  }
  neuronOutput += biases[neuron];
  layerOutputs.push(neuronOutput);
}

console.log(`[${layerOutputs.map(formatFloat64).join(', ')}]`);
