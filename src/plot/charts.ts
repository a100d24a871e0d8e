/**
 * Pictures as data: each function here turns numbers into a Vega-Lite specification, a JSON
 * description of a chart (marks, axes, colours) that the Vega library draws. Nothing here touches
 * the file system, so these specs work in the browser as well; `save.ts` renders them to files.
 */
import type { TopLevelSpec } from 'vega-lite';
import { Matrix, ShapeError } from '../matrix.ts';
import { assertFinite, assertMatrix, assertNotEmpty, describe } from '../checks.ts';

/** Options every chart takes. */
export interface ChartOptions {
  /** A title above the chart. */
  title?: string;
  /** The horizontal axis title. */
  xLabel?: string;
  /** The vertical axis title. */
  yLabel?: string;
  /** 'log' draws the vertical axis of a line chart on a logarithmic scale (for losses spanning decades). */
  yScale?: 'linear' | 'log';
  /** Size of the plotting area in pixels (default 400 × 400). */
  width?: number;
  height?: number;
}

/** One named series of a line chart: points (x[i], y[i]), drawn as a line or as dots. */
export interface Series {
  /** The legend entry; series with the same name share a colour. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** 'line' (default) joins the points in order; 'point' draws each as a dot. */
  mark?: 'line' | 'point';
}

/** What a class-coloured picture needs to know about the classes. */
interface ClassColours {
  /** One colour per class, in class order (Vega's category10). */
  range: string[];
  /** The class names, `class 0`, `class 1`, …, used as the colour domain. */
  domain: string[];
}

/** Vega's category10 palette: class 0 blue, class 1 orange, class 2 green, … */
const CATEGORY10 = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

function classColours(count: number): ClassColours {
  const domain = Array.from({ length: count }, (_, c) => `class ${c}`);
  return { domain, range: domain.map((_, c) => CATEGORY10[c % CATEGORY10.length]!) };
}

/** The parts every chart shares: schema, size, white background, title. */
function frame(options: ChartOptions): Record<string, unknown> {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: options.width ?? 400,
    height: options.height ?? 400,
    background: 'white',
    padding: 10,
    ...(options.title === undefined ? {} : { title: options.title }),
  };
}

/** Throws unless there is one label per row of X. */
function checkLabelCount(labels: ArrayLike<number>, X: Matrix, what: string): void {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new TypeError(`${what}: labels must be class indices (an Int32Array or an array of numbers), got ${describe(labels)}.`);
  }
  if (labels.length !== X.rows) throw new ShapeError(`${what}: X has shape ${X.shapeText} but there are ${labels.length} labels; give one label per row.`);
}

function largestLabel(labels: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) max = Math.max(max, labels[i]!);
  return max;
}

/**
 * A scatter plot of the rows of an n × 2 matrix (column 0 across, column 1 up), like
 * `plt.scatter(X[:, 0], X[:, 1])`; with `labels`, each point is coloured by its class.
 */
export function scatterSpec(X: Matrix, options: ChartOptions & { labels?: ArrayLike<number> } = {}): TopLevelSpec {
  assertMatrix(X, 'scatter: X');
  if (X.cols !== 2) throw new ShapeError(`A scatter plot needs two columns (x, y), got a ${X.shapeText} matrix; pick two columns to plot.`);
  const { labels } = options;
  if (labels !== undefined) checkLabelCount(labels, X, 'scatter');
  const values = Array.from({ length: X.rows }, (_, i) => ({ x: X.get(i, 0), y: X.get(i, 1), ...(labels ? { class: `class ${labels[i]}` } : {}) }));
  const colours = labels ? classColours(largestLabel(labels) + 1) : undefined;
  return {
    ...frame(options),
    data: { values },
    mark: { type: 'circle', size: 30, opacity: 0.85 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xLabel ?? 'x₁', scale: { zero: false } },
      y: { field: 'y', type: 'quantitative', title: options.yLabel ?? 'x₂', scale: { zero: false } },
      ...(colours ? { color: { field: 'class', type: 'nominal', scale: colours, title: null } } : {}),
    },
  } as TopLevelSpec;
}

/** A chart of several series, lines and/or dots, each series in its own colour with a legend. */
export function lineSpec(series: readonly Series[], options: ChartOptions = {}): TopLevelSpec {
  const values = series.flatMap((s, order) => {
    if (s.x.length !== s.y.length) throw new RangeError(`Series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values.`);
    return Array.from({ length: s.x.length }, (_, i) => ({ series: s.name, x: s.x[i]!, y: s.y[i]!, mark: s.mark ?? 'line', order, i }));
  });
  const names = [...new Set(series.map((s) => s.name))];
  const encoding = {
    x: { field: 'x', type: 'quantitative', title: options.xLabel ?? 'x', scale: { zero: false } },
    y: { field: 'y', type: 'quantitative', title: options.yLabel ?? 'y', scale: options.yScale === 'log' ? { type: 'log' } : { zero: false } },
    color: { field: 'series', type: 'nominal', scale: { domain: names, range: names.map((_, k) => CATEGORY10[k % CATEGORY10.length]!) }, title: null },
  };
  return {
    ...frame(options),
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.mark === 'line'" }],
        // detail keeps two series of the same name (colour) apart as separate lines.
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { ...encoding, detail: { field: 'order', type: 'nominal' }, order: { field: 'i', type: 'quantitative' } },
      },
      { transform: [{ filter: "datum.mark === 'point'" }], mark: { type: 'circle', size: 60, opacity: 1 }, encoding },
    ],
  } as TopLevelSpec;
}

/** How finely `decisionBoundarySpec` samples the plane: a grid of RESOLUTION × RESOLUTION points. */
const RESOLUTION = 200;

/**
 * A classifier's decision regions under its data: the plane around the points of X is sampled on a
 * grid, `predict` scores every grid point (one row of class scores each, or one column of
 * probabilities for a binary classifier), and each cell is tinted with the colour of the winning
 * class. The data points are drawn on top, coloured by their true class, so the mistakes stand out.
 */
export function decisionBoundarySpec(
  predict: (X: Matrix) => Matrix,
  X: Matrix,
  labels: ArrayLike<number>,
  options: ChartOptions = {},
): TopLevelSpec {
  if (typeof predict !== 'function') throw new TypeError(`decisionBoundary: predict must be a function from a batch of points to their scores, got ${describe(predict)}.`);
  assertMatrix(X, 'decisionBoundary: X');
  if (X.cols !== 2) throw new ShapeError(`A decision boundary needs two input columns, got a ${X.shapeText} matrix.`);
  assertNotEmpty(X, 'decisionBoundary: X');
  assertFinite(X, 'decisionBoundary: X');
  checkLabelCount(labels, X, 'decisionBoundary');
  const [x0, x1] = paddedRange(X, 0);
  const [y0, y1] = paddedRange(X, 1);
  const dx = (x1 - x0) / RESOLUTION;
  const dy = (y1 - y0) / RESOLUTION;

  // One batch holds every grid point (cell centres), row by row from the bottom.
  const grid = new Matrix(RESOLUTION * RESOLUTION, 2, X.dtype);
  for (let r = 0; r < RESOLUTION; r++) {
    for (let c = 0; c < RESOLUTION; c++) {
      grid.set(r * RESOLUTION + c, 0, x0 + (c + 0.5) * dx);
      grid.set(r * RESOLUTION + c, 1, y0 + (r + 0.5) * dy);
    }
  }
  const scores = predict(grid);
  assertMatrix(scores, 'decisionBoundary: what predict returned');
  if (scores.rows !== grid.rows) throw new ShapeError(`decisionBoundary: predict returned ${scores.shapeText} for ${grid.rows} grid points; it must return one row per point.`);
  const winner = scores.cols === 1 ? Int32Array.from(scores.data, (p) => (p > 0.5 ? 1 : 0)) : scores.argmaxRows();

  // Neighbouring cells of one class merge into a single rectangle per run, which keeps the SVG small.
  const regions: { x: number; x2: number; y: number; y2: number; class: string }[] = [];
  for (let r = 0; r < RESOLUTION; r++) {
    let start = 0;
    for (let c = 1; c <= RESOLUTION; c++) {
      if (c === RESOLUTION || winner[r * RESOLUTION + c] !== winner[r * RESOLUTION + start]) {
        regions.push({ x: x0 + start * dx, x2: x0 + c * dx, y: y0 + r * dy, y2: y0 + (r + 1) * dy, class: `class ${winner[r * RESOLUTION + start]}` });
        start = c;
      }
    }
  }
  const classCount = Math.max(largestLabel(labels), largestLabel(winner), scores.cols === 1 ? 1 : scores.cols - 1) + 1;
  const colours = classColours(classCount);
  const points = Array.from({ length: X.rows }, (_, i) => ({ x: X.get(i, 0), y: X.get(i, 1), class: `class ${labels[i]}` }));
  const xScale = { domain: [x0, x1], nice: false, zero: false };
  const yScale = { domain: [y0, y1], nice: false, zero: false };
  const color = { field: 'class', type: 'nominal', scale: colours, title: null };
  return {
    ...frame(options),
    layer: [
      {
        data: { values: regions },
        mark: { type: 'rect', opacity: 0.3, strokeWidth: 0 },
        encoding: {
          x: { field: 'x', type: 'quantitative', scale: xScale, title: options.xLabel ?? 'x₁' },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', scale: yScale, title: options.yLabel ?? 'x₂' },
          y2: { field: 'y2' },
          color,
        },
      },
      {
        data: { values: points },
        mark: { type: 'circle', size: 25, opacity: 1, stroke: 'white', strokeWidth: 0.5 },
        encoding: { x: { field: 'x', type: 'quantitative', scale: xScale }, y: { field: 'y', type: 'quantitative', scale: yScale }, color },
      },
    ],
  } as TopLevelSpec;
}

/** The range of column j of X, widened by a tenth on each side. */
function paddedRange(X: Matrix, j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < X.rows; i++) {
    lo = Math.min(lo, X.get(i, j));
    hi = Math.max(hi, X.get(i, j));
  }
  const margin = (hi - lo) * 0.1 || 1;
  return [lo - margin, hi + margin];
}
