/**
 * A SINGLE NEURON
 *
 * Source: "Neural Networks from Scratch" video series, P.1 "Intro and Neuron Code" (original script
 * neurons/neuron1.py); book chapter 2, "Coding Our First Neurons".
 *
 * THEORY
 * A neuron takes some inputs, multiplies each by its own weight, adds them up and adds a bias:
 *     output = x₁·w₁ + x₂·w₂ + x₃·w₃ + b
 * A weight says how strongly an input pushes the output, and in which direction; the bias moves
 * the output up or down whatever the inputs are. A network learns by tuning these numbers. Here
 * they are simply given, so we can watch the arithmetic.
 *
 * THIS SCRIPT
 * Three inputs [1, 2, 3], weights [0.2, 0.8, -0.5] and a bias of 2, added up term by term.
 * It prints 2.3 (0.2 + 1.6 − 1.5 + 2).
 */
import { formatFloat64 } from '../../src/index.ts';

// The outputs of three neurons of a previous layer
const inputs = [1, 2, 3];
// One weight per input, and this neuron's bias
const weights = [0.2, 0.8, -0.5];
const bias = 2;

const output = inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias;

// formatFloat64 prints a number as Python does (shortest repr): 2.3
console.log(formatFloat64(output));
