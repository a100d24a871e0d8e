/**
 * DERIVATIVES AS TANGENT LINES
 *
 * Source: "Neural Networks from Scratch" video series, P.9 "Introducing Optimization and
 * Derivatives" (original script visualisations/optimisation_derivatives_viz.py); book chapter 7,
 * "Derivatives".
 *
 * THEORY
 * To lower the loss we must know how it changes when a weight changes: its slope, the derivative.
 * For a curve, the slope at a point is the slope of the tangent line there. Numerically we can
 * approximate it by taking a second point very close by, x + Δ, and computing the slope between
 * the two points, (f(x + Δ) − f(x)) / Δ. For f(x) = 2x² the exact derivative is 4x; with
 * Δ = 0.0001 the approximation is 4x + 2Δ, off by 0.0002. Knowing the slope m at x₁, the tangent
 * is y = m·x + b with b = y₁ − m·x₁.
 *
 * THIS SCRIPT
 * f(x) = 2x² on [0, 6) and its tangents at x = 0, 1, 2, 3, 4, each drawn over x ± 0.9 in its own
 * colour with the point it touches. For each x it prints the two points and the approximate
 * derivative (0.0002, 4.0002, 8.0002, 12.0002, 16.0002 up to rounding), as Python prints them,
 * then the picture's path.
 */
import { formatFloat64, lineChart, type Series } from '../../src/index.ts';

function f(x: number): number {
  return 2 * x ** 2;
}

// The curve: x = 0, 0.001, …, 5.999 (np.arange(0, 6, 0.001))
const curveX = Array.from({ length: 6000 }, (_, i) => i * 0.001);
const series: Series[] = [{ name: 'f(x) = 2x²', x: curveX, y: curveX.map(f) }];

for (let i = 0; i < 5; i++) {
  const delta = 0.0001;
  const x1 = i;
  const x2 = x1 + delta;
  const y1 = f(x1);
  const y2 = f(x2);

  // Python prints the integers x1, y1 without a decimal point and the floats x2, y2 in full
  console.log(`(${x1}, ${y1}) (${formatFloat64(x2)}, ${formatFloat64(y2)})`);

  // The slope between the two points, and where the line through them crosses the y axis
  const approximateDerivative = (y2 - y1) / (x2 - x1);
  const b = y2 - approximateDerivative * x2;

  const toPlot = [x1 - 0.9, x1, x1 + 0.9];
  series.push({ name: `tangent at x = ${x1}`, x: toPlot, y: toPlot.map((x) => approximateDerivative * x + b) });
  series.push({ name: `tangent at x = ${x1}`, x: [x1], y: [y1], mark: 'point' });

  console.log(`Approximate derivative for f(x) where x = ${x1} is ${formatFloat64(approximateDerivative)}`);
}

const picture = await lineChart(series, 'out/visualisations/1-derivative-tangents.svg', {
  title: 'f(x) = 2x² and its tangents',
  width: 500,
  height: 400,
});
console.log(`picture: ${picture.svg} (and .png)`);
