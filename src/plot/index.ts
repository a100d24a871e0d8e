/**
 * Pictures for the lessons: scatter plots of data, line charts, and a classifier's decision regions.
 * Each function draws one chart and writes it as SVG (plus a PNG beside it), returning the paths.
 */
import type { Matrix } from '../matrix.ts';
import { scatterSpec, lineSpec, decisionBoundarySpec, type ChartOptions, type Series } from './charts.ts';
import { savePicture, type Picture } from './save.ts';

export type { ChartOptions, Series, Picture };
export { scatterSpec, lineSpec, decisionBoundarySpec };

/** Draws the rows of an n × 2 matrix as points, coloured by class when `labels` is given, to `path` (.svg). */
export function scatter(X: Matrix, path: string, options: ChartOptions & { labels?: ArrayLike<number> } = {}): Promise<Picture> {
  return savePicture(scatterSpec(X, options), path);
}

/** Draws several series (lines or dots, one colour each) to `path` (.svg). */
export function lineChart(series: readonly Series[], path: string, options: ChartOptions = {}): Promise<Picture> {
  return savePicture(lineSpec(series, options), path);
}

/**
 * Draws the classes `predict` assigns over the plane around X, with the points of X on top in the
 * colours of their labels `y`, to `path` (.svg). `predict` takes a batch of 2-D points and returns
 * one row of class scores per point (or one column of probabilities for a binary classifier).
 */
export function decisionBoundary(
  predict: (X: Matrix) => Matrix,
  X: Matrix,
  y: ArrayLike<number>,
  path: string,
  options: ChartOptions = {},
): Promise<Picture> {
  return savePicture(decisionBoundarySpec(predict, X, y, options), path);
}
