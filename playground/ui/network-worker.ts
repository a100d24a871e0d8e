/**
 * Draws the network off the page's main thread. Thick antialiased lines are slow to rasterize in
 * software (tens of milliseconds for a 2-16-16-3 network on a busy machine), so the page hands its
 * canvas to this worker (`transferControlToOffscreen`) and the frames reach the screen from here.
 */
import type { LayerWeights } from '../protocol.ts';
import { NetworkView } from './network-view.ts';

/** Page → drawing worker: the canvas once, then what to draw. */
export type NetworkWorkerMessage =
  | { type: 'canvas'; canvas: OffscreenCanvas }
  | { type: 'draw'; layers: LayerWeights[]; inputNames: string[]; values?: number[][] };

const scope = self as unknown as { postMessage(message: 'drawn'): void; onmessage: ((event: MessageEvent<NetworkWorkerMessage>) => void) | null };
let view: NetworkView | undefined;

scope.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'canvas') view = new NetworkView(message.canvas);
  else view?.draw(message.layers, message.inputNames, message.values);
  scope.postMessage('drawn');
};
