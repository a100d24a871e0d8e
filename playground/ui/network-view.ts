/**
 * The network drawn as columns of neurons: inputs on the left, the output layer on the right. Each
 * line is one weight, orange if positive and blue if negative, thicker the larger it is. A neuron's
 * ring shows its bias the same way. With a sample selected, each neuron is filled with its value
 * for that sample (its activation, or in backward mode its gradient), coloured by sign and shaded
 * by size relative to its layer.
 */
import type { LayerWeights } from '../protocol.ts';
import { NEGATIVE, POSITIVE } from './colors.ts';

/** Draws the layers' weights on a canvas (an OffscreenCanvas, when it draws in a worker). */
export class NetworkView {
  private readonly context: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement | OffscreenCanvas) {
    this.context = canvas.getContext('2d')! as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  }

  /**
   * Redraws the network; `inputNames` label the input column (e.g. x, y). `values`, if given, holds
   * one number per neuron for each column (inputs first) to fill the neurons with.
   */
  draw(layers: readonly LayerWeights[], inputNames: readonly string[], values?: readonly (readonly number[])[]): void {
    const { context: g, canvas } = this;
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (layers.length === 0) return;
    const sizes = [layers[0]!.inputs, ...layers.map((l) => l.neurons)];
    const columns = sizes.length;
    const margin = 28;
    const columnX = (c: number): number => margin + ((canvas.width - 2 * margin) * c) / (columns - 1);
    const rowY = (c: number, i: number): number => {
      const n = sizes[c]!;
      const spacing = Math.min(30, (canvas.height - 2 * margin) / Math.max(1, n - 1));
      return canvas.height / 2 + (i - (n - 1) / 2) * spacing;
    };
    const largest = Math.max(1e-12, ...layers.map((l) => maxAbs(l.weights)));

    // Weights first, so the neurons sit on top of them.
    layers.forEach((layer, l) => {
      for (let i = 0; i < layer.inputs; i++) {
        for (let j = 0; j < layer.neurons; j++) {
          const w = layer.weights[i * layer.neurons + j]!;
          g.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
          g.globalAlpha = 0.25 + 0.75 * Math.min(1, Math.abs(w) / largest);
          g.lineWidth = 0.4 + 5 * Math.min(1, Math.abs(w) / largest);
          g.beginPath();
          g.moveTo(columnX(l), rowY(l, i));
          g.lineTo(columnX(l + 1), rowY(l + 1, j));
          g.stroke();
        }
      }
    });
    g.globalAlpha = 1;

    const largestBias = Math.max(1e-12, ...layers.map((l) => maxAbs(l.biases)));
    sizes.forEach((n, c) => {
      const radius = Math.max(3, Math.min(9, (canvas.height - 2 * margin) / (2.6 * n)));
      for (let i = 0; i < n; i++) {
        const x = columnX(c);
        const y = rowY(c, i);
        g.beginPath();
        g.arc(x, y, radius, 0, 2 * Math.PI);
        g.fillStyle = '#fff';
        g.fill();
        const value = values?.[c]?.[i];
        if (value !== undefined) {
          const largest = Math.max(1e-12, ...values![c]!.map(Math.abs));
          g.fillStyle = value >= 0 ? POSITIVE : NEGATIVE;
          g.globalAlpha = Math.min(1, Math.abs(value) / largest);
          g.fill();
          g.globalAlpha = 1;
        }
        const bias = c === 0 ? 0 : layers[c - 1]!.biases[i]!;
        g.strokeStyle = c === 0 ? '#444' : bias >= 0 ? POSITIVE : NEGATIVE;
        g.lineWidth = c === 0 ? 1.5 : 1 + 3 * Math.min(1, Math.abs(bias) / largestBias);
        g.stroke();
      }
      g.fillStyle = '#333';
      g.font = '12px system-ui, sans-serif';
      g.textAlign = 'center';
      const title = c === 0 ? 'input' : c === columns - 1 ? layers[c - 1]!.activation : `${layers[c - 1]!.activation}`;
      g.fillText(title, columnX(c), 14);
      if (c === 0) {
        g.textAlign = 'right';
        inputNames.forEach((name, i) => g.fillText(name, columnX(0) - 12, rowY(0, i) + 4));
      }
    });
  }
}

/** The largest |value| in an array. */
function maxAbs(values: Float32Array): number {
  let m = 0;
  for (const v of values) m = Math.max(m, Math.abs(v));
  return m;
}
