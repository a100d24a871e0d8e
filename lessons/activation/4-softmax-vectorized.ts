/**
 * SOFTMAX, VECTORIZED
 *
 * Source: "Neural Networks from Scratch" video series, P.6 "Softmax Activation" (original script
 * activation/activation4_Softmax.py); book chapter 4.
 *
 * THEORY
 * The two loops of the previous lesson are two whole-array operations: exponentiate every element,
 * then divide every element by the sum. Written that way the code reads like the formula
 * p = e^z / Σ e^z, and a library runs the loops for us.
 *
 * THIS SCRIPT
 * The same softmax of [4.8, 1.21, 2.385] with matrix operations: `map` applies exp to every
 * element, `sum` adds them (as NumPy adds), `map` again divides. It prints the probabilities as
 * NumPy prints an array, [0.89528266 0.02470831 0.08000903], then their sum, 0.9999999999999999.
 * (exp is the correctly rounded one, which is what NumPy's float64 exp gives here.)
 */
import { Matrix, correctlyRounded, formatArray, formatFloat64 } from '../../src/index.ts';

const layerOutputs = Matrix.row([4.8, 1.21, 2.385], 'float64');

const expValues = layerOutputs.map(correctlyRounded.exp);
const normBase = expValues.sum();
const normValues = expValues.map((value) => value / normBase);

console.log(formatArray(normValues.data, [3]));

// Python's built-in sum: left to right, starting from 0
let total = 0;
for (const value of normValues.data) total += value;
console.log(formatFloat64(total));
