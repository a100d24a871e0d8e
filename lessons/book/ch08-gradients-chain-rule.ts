/**
 * GRADIENTS, PARTIAL DERIVATIVES AND THE CHAIN RULE
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 8, and the
 * single-neuron example that opens chapter 9; video series episodes on partial derivatives and
 * backpropagation.
 *
 * THEORY
 * A network's loss depends on thousands of parameters at once. The partial derivative ∂f/∂x asks
 * how f changes when x alone moves and everything else is held still; the gradient ∇f is the
 * vector of all of them. Three building blocks cover a neuron:
 *   sum       f = x + y      ∂f/∂x = 1               (a sum passes the gradient through unchanged)
 *   product   f = x · y      ∂f/∂x = y               (each factor gets the other factor)
 *   max       f = max(x, 0)  ∂f/∂x = 1 if x > 0 else 0 (ReLU: the gradient flows only where it fired)
 * A neuron chains them: z = x₀w₀ + x₁w₁ + x₂w₂ + b, then y = max(z, 0). The chain rule says the
 * derivative of nested functions is the product of the derivatives along the way,
 * d/dx f(g(x)) = f′(g(x)) · g′(x), so
 *   ∂y/∂w₀ = ∂y/∂z · ∂z/∂(x₀w₀) · ∂(x₀w₀)/∂w₀ = 1[z > 0] · 1 · x₀.
 * Walking these products from the output back to every input is backpropagation. Stepping each
 * weight a little against its partial derivative lowers the output: that is gradient descent.
 *
 * THIS SCRIPT
 * First it checks the three rules and one chain (h(x) = 3(2x²)⁵) against numerical derivatives:
 * the analytic and numerical columns agree to about seven digits (the numerical one is a central
 * difference, exact only in the limit). Then it runs the book's single neuron: inputs
 * [1, -2, 3], weights [-3, -1, 2], bias 1, through ReLU; prints every partial derivative the
 * chain rule gives, takes one step of size 0.001 against the gradient, and shows that the
 * neuron's output fell from 6.0 to 5.985, the book's numbers.
 */
import { formatFloat64 } from '../../src/index.ts';

/** Python's print(a, b, ...) of floats, lists of floats and labels. */
function print(...values: (string | number | readonly number[])[]): void {
  const text = (v: string | number | readonly number[]): string =>
    typeof v === 'string' ? v : typeof v === 'number' ? formatFloat64(v) : `[${v.map(formatFloat64).join(', ')}]`;
  console.log(values.map(text).join(' '));
}

// ---------------------------------------------------------------------------------------------
// Partial derivatives: the analytic rule against a central difference (f(x+h) - f(x-h)) / 2h.

const h = 1e-5;
const rules: { name: string; f: (x: number, y: number) => number; dfdx: (x: number, y: number) => number }[] = [
  { name: 'x + y       ', f: (x, y) => x + y, dfdx: () => 1 },
  { name: 'x * y       ', f: (x, y) => x * y, dfdx: (_x, y) => y },
  { name: 'max(x, y)   ', f: (x, y) => Math.max(x, y), dfdx: (x, y) => (x > y ? 1 : 0) },
];
console.log('Partial derivatives with respect to x at (x, y) = (2, 3) and (4, 3):');
for (const { name, f, dfdx } of rules) {
  for (const [x, y] of [[2, 3], [4, 3]] as const) {
    const numerical = (f(x + h, y) - f(x - h, y)) / (2 * h);
    console.log(`  ${name} analytic: ${dfdx(x, y)}  numerical: ${numerical.toFixed(7)}`);
  }
}

// The chain rule on h(x) = 3 · (2x²)⁵: outer 3u⁵ (derivative 15u⁴), inner u = 2x² (derivative 4x).
const inner = (x: number): number => 2 * x ** 2;
const outer = (u: number): number => 3 * u ** 5;
const chained = (x: number): number => 15 * inner(x) ** 4 * (4 * x);
const x0 = 0.5;
const numericalChain = (outer(inner(x0 + h)) - outer(inner(x0 - h))) / (2 * h);
console.log(`Chain rule, h(x) = 3(2x²)⁵ at x = ${x0}: analytic 15(2x²)⁴·4x = ${chained(x0)}, numerical ${numericalChain.toFixed(7)}`);
console.log();

// ---------------------------------------------------------------------------------------------
// The book's single neuron: forward pass, written out term by term.

console.log('A single neuron through ReLU (the opening of the book\'s chapter 9):');
const x = [1.0, -2.0, 3.0]; // inputs
const w = [-3.0, -1.0, 2.0]; // weights
let b = 1.0; // bias

// Multiplying inputs by weights
let xw0 = x[0]! * w[0]!;
let xw1 = x[1]! * w[1]!;
let xw2 = x[2]! * w[2]!;
print(xw0, xw1, xw2, b);

// Adding the weighted inputs and the bias
let z = xw0 + xw1 + xw2 + b;
print(z);

// ReLU activation
let y = Math.max(z, 0);
print(y);

// Backward pass. The gradient arriving from the next layer; 1 here, as if y were the loss.
const dvalue = 1.0;

// ∂ReLU/∂z = 1 if z > 0, and the chain rule multiplies it by what came from above
const dreluDz = dvalue * (z > 0 ? 1.0 : 0.0);
print(dreluDz);

// ∂sum/∂(xᵢwᵢ) = 1 and ∂sum/∂b = 1: the sum passes the gradient on unchanged
const dsumDxw0 = 1;
const dsumDxw1 = 1;
const dsumDxw2 = 1;
const dsumDb = 1;
const dreluDxw0 = dreluDz * dsumDxw0;
const dreluDxw1 = dreluDz * dsumDxw1;
const dreluDxw2 = dreluDz * dsumDxw2;
const dreluDb = dreluDz * dsumDb;
print(dreluDxw0, dreluDxw1, dreluDxw2, dreluDb);

// ∂(xᵢwᵢ)/∂xᵢ = wᵢ and ∂(xᵢwᵢ)/∂wᵢ = xᵢ: each factor gets the other one
const dreluDx0 = dreluDxw0 * w[0]!;
const dreluDw0 = dreluDxw0 * x[0]!;
const dreluDx1 = dreluDxw1 * w[1]!;
const dreluDw1 = dreluDxw1 * x[1]!;
const dreluDx2 = dreluDxw2 * w[2]!;
const dreluDw2 = dreluDxw2 * x[2]!;
print(dreluDx0, dreluDw0, dreluDx1, dreluDw1, dreluDx2, dreluDw2);

// The gradients, gathered into vectors
const dx = [dreluDx0, dreluDx1, dreluDx2]; // on the inputs (what an earlier layer would receive)
const dw = [dreluDw0, dreluDw1, dreluDw2]; // on the weights
const db = dreluDb; // on the bias
print('dx:', dx, 'dw:', dw, 'db:', db);

// One step of gradient descent: move each parameter a little against its gradient.
print(w, b);
w[0] = w[0]! + -0.001 * dw[0]!;
w[1] = w[1]! + -0.001 * dw[1]!;
w[2] = w[2]! + -0.001 * dw[2]!;
b += -0.001 * db;
print(w, b);

// The forward pass again: the output went down.
xw0 = x[0]! * w[0]!;
xw1 = x[1]! * w[1]!;
xw2 = x[2]! * w[2]!;
z = xw0 + xw1 + xw2 + b;
y = Math.max(z, 0);
print(y);
