/**
 * DERIVATIVES
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 7,
 * "Derivatives"; video series P.9.
 *
 * THEORY
 * Random search failed because it does not know which way to move. The derivative of a function
 * at a point is its slope there: how much the output changes per unit change of the input, and in
 * which direction. Numerically, take two points very close together, x and x + Δ, and divide the
 * change in f by Δ. For f(x) = 2x² with Δ = 0.0001 that gives 4x + 0.0002 (the exact value plus an
 * error proportional to Δ, blurred by floating-point rounding). Analytically, the rules of
 * differentiation (power rule: d/dx a·xⁿ = a·n·xⁿ⁻¹) give the exact derivative 4x, with no Δ and
 * no error, and at a cost independent of the function's complexity. A network has thousands of
 * parameters, so the next chapters compute analytical derivatives of the loss for every one.
 * The slope m at x₁ also gives the tangent line y = m·x + b, b = f(x₁) − m·x₁.
 *
 * THIS SCRIPT
 * The chapter's code: the numerical derivative of f(x) = 2x² at x = 1 (4.0001999999987845), then
 * for x = 0 to 4 the two points and the approximate derivative, as the book prints them, and the
 * tangent lines drawn over f on [0, 5). Then, next to each numerical value, the analytical one.
 */
import { formatFloat64, lineChart, type Series } from '../../src/index.ts';

function f(x: number): number {
  return 2 * x ** 2;
}

// The derivative at x = 1, from two points 0.0001 apart
{
  const p2Delta = 0.0001;
  const x1 = 1;
  const x2 = x1 + p2Delta;
  const approximateDerivative = (f(x2) - f(x1)) / (x2 - x1);
  console.log(formatFloat64(approximateDerivative));
}

// np.arange(0, 5, 0.001): the curve to draw
const curveX = Array.from({ length: 5000 }, (_, i) => i * 0.001);
const series: Series[] = [{ name: 'f(x) = 2x²', x: curveX, y: curveX.map(f) }];
const numerical: number[] = [];

for (let i = 0; i < 5; i++) {
  const p2Delta = 0.0001;
  const x1 = i;
  const x2 = x1 + p2Delta;
  const y1 = f(x1);
  const y2 = f(x2);
  // Python prints the integers x1, y1 as integers and the floats x2, y2 in full
  console.log(`(${x1}, ${y1}) (${formatFloat64(x2)}, ${formatFloat64(y2)})`);

  const approximateDerivative = (y2 - y1) / (x2 - x1);
  const b = y2 - approximateDerivative * x2; // y = m·x + b through (x2, y2)
  numerical.push(approximateDerivative);

  const toPlot = [x1 - 0.9, x1, x1 + 0.9];
  series.push({ name: `tangent at x = ${x1}`, x: toPlot, y: toPlot.map((x) => approximateDerivative * x + b) });
  series.push({ name: `tangent at x = ${x1}`, x: [x1], y: [y1], mark: 'point' });

  console.log(`Approximate derivative for f(x) where x = ${x1} is ${formatFloat64(approximateDerivative)}`);
}

// The analytical derivative of 2x² is 4x (the power rule)
console.log('analytical derivative f\'(x) = 4x:');
numerical.forEach((approximate, x) => {
  console.log(`  x = ${x}: 4x = ${4 * x}, numerical − analytical = ${formatFloat64(approximate - 4 * x)}`);
});

const picture = await lineChart(series, 'out/book/ch07-tangents.svg', { title: 'Chapter 7: f(x) = 2x² and its tangents', width: 500, height: 400 });
console.log(`picture: ${picture.svg} (and .png)`);
