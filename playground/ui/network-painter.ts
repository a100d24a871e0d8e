/**
 * The page's side of the network drawing: sends the latest weights to the drawing worker, one
 * drawing at a time, so a busy worker skips stale snapshots instead of queueing them. Without
 * OffscreenCanvas it draws on the main thread.
 */
import type { LayerWeights } from '../protocol.ts';
import { NetworkView } from './network-view.ts';
import type { NetworkWorkerMessage } from './network-worker.ts';

type Drawing = Extract<NetworkWorkerMessage, { type: 'draw' }>;

/** Draws the network on `canvas`, in a worker when the browser can. */
export class NetworkPainter {
  private readonly worker?: Worker;
  private readonly view?: NetworkView;
  private busy = false;
  private pending?: Drawing;

  constructor(canvas: HTMLCanvasElement) {
    if ('transferControlToOffscreen' in canvas) {
      this.worker = new Worker(new URL('./network-worker.ts', import.meta.url), { type: 'module' });
      const offscreen = canvas.transferControlToOffscreen();
      this.busy = true;
      this.worker.postMessage({ type: 'canvas', canvas: offscreen } satisfies NetworkWorkerMessage, [offscreen]);
      this.worker.onmessage = () => {
        this.busy = false;
        if (this.pending) this.send(this.pending);
      };
    } else {
      this.view = new NetworkView(canvas);
    }
  }

  /** Draws these weights (and neuron values) as soon as the worker is free. */
  draw(layers: LayerWeights[], inputNames: string[], values?: number[][]): void {
    const drawing: Drawing = { type: 'draw', layers, inputNames, values };
    if (this.view) this.view.draw(layers, inputNames, values);
    else if (this.busy) this.pending = drawing;
    else this.send(drawing);
  }

  private send(drawing: Drawing): void {
    this.pending = undefined;
    this.busy = true;
    this.worker!.postMessage(drawing);
  }
}
