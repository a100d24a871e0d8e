/**
 * The data view: the network's decision boundary as a heat map, with the data points on top. For
 * regression (sine) it draws the network's curve over the points instead. Clicking near a point
 * selects it for the step-through.
 *
 * Three stacked canvases keep each frame cheap: the heat map is one pixel per grid cell, scaled up
 * (and smoothed) by the browser; the curve is redrawn with each snapshot; the points are drawn only
 * when the data, the selection or the visibility of the validation set change.
 */
import type { DataPoints, Grid } from '../protocol.ts';
import { CLASS_RGB, classColor } from './colors.ts';

/** Which point is selected, if any. */
export interface Selection {
  split: 'train' | 'validation';
  index: number;
}

/** The three layers of the view, bottom first; all cover the same square on the page. */
export interface DataViewCanvases {
  heatmap: HTMLCanvasElement;
  curve: HTMLCanvasElement;
  points: HTMLCanvasElement;
}

/** Draws one data set and the network's outputs over it. */
export class DataView {
  private train?: DataPoints;
  private validation?: DataPoints;
  private regression = false;
  private grid?: Grid;
  private selection?: Selection;
  private validationShown = false;
  private pointsStale = true;
  private curveShown = false;

  constructor(private readonly canvases: DataViewCanvases, onSelect: (selection: Selection) => void) {
    const top = canvases.points;
    top.addEventListener('click', (event) => {
      const hit = this.pointAt(event.offsetX * (top.width / top.clientWidth), event.offsetY * (top.height / top.clientHeight));
      if (hit) onSelect(hit);
    });
  }

  /** New data (after a reset): forgets the old boundary and selection. */
  setData(train: DataPoints, validation: DataPoints, regression: boolean): void {
    this.train = train;
    this.validation = validation;
    this.regression = regression;
    this.grid = undefined;
    this.selection = undefined;
    this.pointsStale = true;
  }

  /** Whether the validation points are drawn too (hollow). */
  get showValidation(): boolean {
    return this.validationShown;
  }

  set showValidation(show: boolean) {
    this.validationShown = show;
    this.pointsStale = true;
  }

  /** The network's latest outputs over the grid. */
  setGrid(grid: Grid): void {
    if (!this.grid || this.grid.bounds.some((b, i) => b !== grid.bounds[i])) this.pointsStale = true;
    this.grid = grid;
  }

  /** Rings the selected point. */
  select(selection: Selection | undefined): void {
    this.selection = selection;
    this.pointsStale = true;
  }

  /** Repaints what changed. */
  draw(): void {
    if (!this.grid || !this.train) return;
    if (this.regression) {
      this.clearHeatmap();
      this.drawCurve(this.grid);
    } else {
      this.drawHeatmap(this.grid);
      if (this.curveShown) {
        const { curve } = this.canvases;
        curve.getContext('2d')!.clearRect(0, 0, curve.width, curve.height);
        this.curveShown = false;
      }
    }
    if (this.pointsStale) {
      const { points } = this.canvases;
      const g = points.getContext('2d')!;
      g.clearRect(0, 0, points.width, points.height);
      if (this.validationShown && this.validation) this.drawPoints(g, this.validation, 'validation');
      this.drawPoints(g, this.train, 'train');
      this.pointsStale = false;
    }
  }

  /** Pixel (x, y) of a data-space point on the full-size canvases. */
  private toPixel(x: number, y: number): [number, number] {
    const [x0, x1, y0, y1] = this.grid!.bounds;
    const { width, height } = this.canvases.points;
    return [((x - x0) / (x1 - x0)) * width, ((y1 - y) / (y1 - y0)) * height];
  }

  /** Each cell is the class colours mixed by the network's class scores, faded toward white. */
  private drawHeatmap(grid: Grid): void {
    const { resolution: n, outputs: k, values } = grid;
    const canvas = this.canvases.heatmap;
    if (canvas.width !== n) canvas.width = n;
    if (canvas.height !== n) canvas.height = n;
    const g = canvas.getContext('2d')!;
    const image = g.createImageData(n, n);
    for (let cell = 0; cell < n * n; cell++) {
      let r = 0;
      let gr = 0;
      let b = 0;
      let best = 0;
      for (let c = 0; c < k; c++) {
        const p = values[cell * k + c]!;
        const [cr, cg, cb] = CLASS_RGB[c % CLASS_RGB.length]!;
        r += p * cr;
        gr += p * cg;
        b += p * cb;
        best = Math.max(best, p);
      }
      // A confident cell shows more colour: from 1/k (a guess) to 1 (sure).
      const strength = 0.15 + 0.5 * Math.max(0, Math.min(1, (best - 1 / k) / (1 - 1 / k)));
      image.data[cell * 4] = 255 + (r - 255) * strength;
      image.data[cell * 4 + 1] = 255 + (gr - 255) * strength;
      image.data[cell * 4 + 2] = 255 + (b - 255) * strength;
      image.data[cell * 4 + 3] = 255;
    }
    g.putImageData(image, 0, 0);
  }

  private clearHeatmap(): void {
    const canvas = this.canvases.heatmap;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, canvas.width, canvas.height);
  }

  /** Regression: the network's prediction as a line over x. */
  private drawCurve(grid: Grid): void {
    const canvas = this.canvases.curve;
    const g = canvas.getContext('2d')!;
    g.clearRect(0, 0, canvas.width, canvas.height);
    const [x0, x1] = grid.bounds;
    this.curveShown = true;
    g.strokeStyle = classColor(1);
    g.lineWidth = 3;
    g.beginPath();
    for (let i = 0; i < grid.resolution; i++) {
      const x = x0 + ((x1 - x0) * i) / (grid.resolution - 1);
      const [px, py] = this.toPixel(x, grid.values[i]!);
      if (i === 0) g.moveTo(px, py);
      else g.lineTo(px, py);
    }
    g.stroke();
  }

  /** Training points are filled; validation points are hollow rings. */
  private drawPoints(g: CanvasRenderingContext2D, points: DataPoints, split: 'train' | 'validation'): void {
    const radius = points.count > 600 ? 2.5 : 4;
    for (let i = 0; i < points.count; i++) {
      const [px, py] = this.pointPixel(points, i);
      const color = this.regression ? classColor(0) : classColor(points.y[i]!);
      g.beginPath();
      g.arc(px, py, radius, 0, 2 * Math.PI);
      if (split === 'train') {
        g.fillStyle = color;
        g.fill();
        g.strokeStyle = '#fff';
        g.lineWidth = 1;
      } else {
        g.strokeStyle = color;
        g.lineWidth = 1.5;
      }
      g.stroke();
    }
    if (this.selection?.split === split && this.selection.index < points.count) {
      const [px, py] = this.pointPixel(points, this.selection.index);
      g.beginPath();
      g.arc(px, py, radius + 5, 0, 2 * Math.PI);
      g.strokeStyle = '#000';
      g.lineWidth = 2.5;
      g.stroke();
    }
  }

  /** Where point i is drawn: (x, y) for 2-D data, (x, target) for regression. */
  private pointPixel(points: DataPoints, i: number): [number, number] {
    return this.regression
      ? this.toPixel(points.X[i]!, points.y[i]!)
      : this.toPixel(points.X[i * 2]!, points.X[i * 2 + 1]!);
  }

  /** The drawn point nearest to a canvas pixel, within 12 pixels. */
  private pointAt(px: number, py: number): Selection | undefined {
    if (!this.grid || !this.train) return undefined;
    let best: Selection | undefined;
    let bestDistance = 12 * 12;
    const sets: [DataPoints, 'train' | 'validation'][] = [[this.train, 'train']];
    if (this.validationShown && this.validation) sets.push([this.validation, 'validation']);
    for (const [points, split] of sets) {
      for (let i = 0; i < points.count; i++) {
        const [x, y] = this.pointPixel(points, i);
        const d = (x - px) ** 2 + (y - py) ** 2;
        if (d < bestDistance) {
          bestDistance = d;
          best = { split, index: i };
        }
      }
    }
    return best;
  }
}
