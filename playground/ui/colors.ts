/** The page's colours: one per class, and the two signs of a weight. */

/** Class colours as [r, g, b]: blue, orange, green, purple, red (colour-blind friendly order). */
export const CLASS_RGB: readonly [number, number, number][] = [
  [31, 119, 180],
  [255, 127, 14],
  [44, 160, 44],
  [148, 103, 189],
  [214, 39, 40],
];

/** The colour of class `c` as CSS. */
export function classColor(c: number): string {
  const [r, g, b] = CLASS_RGB[c % CLASS_RGB.length]!;
  return `rgb(${r}, ${g}, ${b})`;
}

/** Positive weights are drawn orange, negative ones blue (TF Playground's convention). */
export const POSITIVE = 'rgb(245, 147, 34)';
export const NEGATIVE = 'rgb(8, 119, 189)';
