/**
 * RELU BY HAND
 *
 * Source: "Neural Networks from Scratch" video series, P.5 "Hidden Layer Activation Functions"
 * (original script activation/activation1_ReLU.py); book chapter 4, "Activation Functions".
 *
 * THEORY
 * Layers that only multiply and add can, however many we stack, only draw straight lines: a stack
 * of linear functions is one linear function. An activation function after each layer bends the
 * output. The rectified linear unit, ReLU, is the simplest that works: y = x for x > 0, else 0.
 * It is cheap, and piecing together many such kinks lets a network follow any curve.
 *
 * THIS SCRIPT
 * ReLU of [0, 2, 3.3, -2.7, 1.1, 2.2, -100], once with an if and once with max(0, x). Both print
 * [0, 2, 3.3, 0, 1.1, 2.2, 0]. (The original appended both results to one list by mistake; here
 * each has its own.)
 */

const inputs = [0, 2, 3.3, -2.7, 1.1, 2.2, -100];

// With an if: keep positive values, replace the rest with 0
const output: number[] = [];
for (const x of inputs) {
  if (x > 0) {
    output.push(x);
  } else {
    output.push(0);
  }
}
console.log(`[${output.join(', ')}]`);

// The same with max(0, x)
const outputWithMax: number[] = [];
for (const x of inputs) {
  outputWithMax.push(Math.max(0, x));
}
console.log(`[${outputWithMax.join(', ')}]`);
