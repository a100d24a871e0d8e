/**
 * Training and validation curves (loss, and accuracy) drawn with uPlot. The history grows with each
 * snapshot; past 2,000 points every other one is dropped, so a long run stays cheap to draw.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Metrics } from '../protocol.ts';

const MAX_POINTS = 2000;
const TRAIN = '#1f77b4';
const VALIDATION = '#ff7f0e';

/** Two charts, loss and accuracy, each with a training and a validation curve. */
export class Charts {
  private readonly epochs: number[] = [];
  private readonly series: Record<'loss' | 'validationLoss' | 'accuracy' | 'validationAccuracy', number[]> = {
    loss: [], validationLoss: [], accuracy: [], validationAccuracy: [],
  };
  private readonly loss: uPlot;
  private readonly accuracy: uPlot;
  private dirty = false;
  private lastDraw = -Infinity;

  constructor(lossElement: HTMLElement, accuracyElement: HTMLElement, width: number) {
    this.loss = new uPlot(options('loss', width, false), [[], [], []], lossElement);
    this.accuracy = new uPlot(options('accuracy', width, true), [[], [], []], accuracyElement);
  }

  /** Forgets the history (after a reset). */
  clear(): void {
    this.epochs.length = 0;
    for (const s of Object.values(this.series)) s.length = 0;
    this.dirty = true;
  }

  /** Appends one snapshot's metrics; a repeated epoch (a snapshot without training) is skipped. */
  add(m: Metrics): void {
    if (this.epochs.length && this.epochs[this.epochs.length - 1]! >= m.epoch) return;
    this.epochs.push(m.epoch);
    this.series.loss.push(m.loss);
    this.series.validationLoss.push(m.validationLoss);
    this.series.accuracy.push(m.accuracy);
    this.series.validationAccuracy.push(m.validationAccuracy);
    if (this.epochs.length > MAX_POINTS) {
      for (const s of [this.epochs, ...Object.values(this.series)]) {
        const kept = s.filter((_, i) => i % 2 === 0 || i === s.length - 1);
        s.splice(0, s.length, ...kept);
      }
    }
    this.dirty = true;
  }

  /** Redraws if anything changed, at most four times a second (`now` in ms) unless forced. */
  draw(now: number, force = false): void {
    if (!this.dirty || (!force && now - this.lastDraw < 250)) return;
    this.dirty = false;
    this.lastDraw = now;
    this.loss.setData([this.epochs, this.series.loss, this.series.validationLoss]);
    this.accuracy.setData([this.epochs, this.series.accuracy, this.series.validationAccuracy]);
  }
}

/** uPlot options for one chart. */
function options(title: string, width: number, unitRange: boolean): uPlot.Options {
  return {
    title,
    width,
    height: 150,
    legend: { show: true, live: false },
    cursor: { show: false },
    scales: { x: { time: false }, y: unitRange ? { range: [0, 1] } : { auto: true } },
    axes: [{ label: 'epoch', size: 36 }, { size: 46 }],
    series: [
      {},
      { label: 'training', stroke: TRAIN, width: 2 },
      { label: 'validation', stroke: VALIDATION, width: 2, dash: [6, 3] },
    ],
  };
}
