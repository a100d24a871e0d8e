/**
 * SOFTMAX BY HAND
 *
 * Source: "Neural Networks from Scratch" video series, P.6 "Softmax Activation" (original script
 * activation/activation3_Softmax.py); book chapter 4.
 *
 * THEORY
 * The last layer of a classifier should say how confident it is in each class: numbers between 0
 * and 1 that add up to 1, a probability distribution. Softmax makes one from any outputs:
 *     p_j = e^(z_j) / Σ_k e^(z_k)
 * Exponentiating makes every value positive while keeping the order (a bigger output gets a bigger
 * share, and exponentially so); dividing by the sum normalises them. Unlike ReLU, no information
 * is thrown away: negative outputs become small positive probabilities.
 *
 * THIS SCRIPT
 * Softmax of [4.8, 1.21, 2.385] with Euler's number e, two loops and a sum. It prints the three
 * probabilities in full, [0.8952826639572619, 0.024708306782099374, 0.0800090292606387], and their
 * sum, which is 1 up to rounding (0.9999999999999999).
 *
 * Python computes e ** x with the C library's pow, which is correctly rounded here; JavaScript's
 * `**` is one bit off for e ** 1.21 and prints ...378 instead of ...374. `correctlyRounded.pow`
 * computes the exact value and rounds it once, so we print Python's digits.
 */
import { correctlyRounded, formatFloat64 } from '../../src/index.ts';

const layerOutputs = [4.8, 1.21, 2.385];

const E = Math.E; // 2.718281828459045

// Exponentiate each output
const expValues: number[] = [];
for (const output of layerOutputs) {
  expValues.push(correctlyRounded.pow(E, output)); // E ** output, rounded as C rounds it
}

// Normalise: divide each by the sum
let normBase = 0;
for (const value of expValues) normBase += value;
const normValues: number[] = [];
for (const value of expValues) {
  normValues.push(value / normBase);
}

console.log(`[${normValues.map(formatFloat64).join(', ')}]`);

let total = 0;
for (const value of normValues) total += value;
console.log(formatFloat64(total));
