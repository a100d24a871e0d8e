/**
 * The page: wires the settings form, the training worker and the views together. It holds no math:
 * the worker trains with the library and reports snapshots; this file draws the latest one on each
 * animation frame.
 */
import { DEFAULT_CONFIG, type PlaygroundConfig } from './config.ts';
import type { DataMessage, PageMessage, SnapshotMessage, WorkerMessage } from './protocol.ts';
import type { Trace } from './trace.ts';
import { Controls } from './ui/controls.ts';
import { DataView, type Selection } from './ui/heatmap.ts';
import { NetworkPainter } from './ui/network-painter.ts';
import { Charts } from './ui/charts.ts';
import { formatNumber, renderTrace } from './ui/step-through.ts';
import { download, readModelFiles } from './ui/files.ts';
import { FrameCounter } from './ui/fps.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** What the page currently shows. */
const state = {
  config: structuredClone(DEFAULT_CONFIG) as PlaygroundConfig,
  data: undefined as DataMessage | undefined,
  snapshot: undefined as SnapshotMessage | undefined,
  selection: undefined as Selection | undefined,
  trace: undefined as Trace | undefined,
  traceMode: 'forward' as 'forward' | 'backward',
  traceRequested: false,
  /** When the step-through was last written (ms). */
  traceShownAt: -Infinity,
  running: false,
  dirty: true,
};

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: PageMessage): void => worker.postMessage(message);

const dataView = new DataView({ heatmap: $('heatmap'), curve: $('curve'), points: $('data') }, (selection) => {
  state.selection = selection;
  dataView.select(selection);
  requestTrace();
  state.dirty = true;
});
const networkView = new NetworkPainter($<HTMLCanvasElement>('network'));
const charts = new Charts($('loss-chart'), $('accuracy-chart'), 400);
const frames = new FrameCounter();
const controls = new Controls(
  { data: $('data-settings'), network: $('network-settings'), training: $('training-settings') },
  state.config,
  (config) => {
    state.config = config;
    reset();
  },
);

function reset(): void {
  setRunning(false);
  charts.clear();
  state.selection = undefined;
  state.trace = undefined;
  state.snapshot = undefined;
  $('trace').innerHTML = '<p class="note">No sample selected yet.</p>';
  $('error').hidden = true;
  send({ type: 'reset', config: state.config });
}

function setRunning(running: boolean): void {
  state.running = running;
  $('train').textContent = running ? 'Pause' : 'Train';
}

function requestTrace(): void {
  if (!state.selection || state.traceRequested) return;
  state.traceRequested = true;
  send({ type: 'trace', ...state.selection });
}

function showTrace(): void {
  if (!state.trace || !state.data) return;
  renderTrace($('trace'), state.trace, state.traceMode, state.data.classes, state.data.regression);
  state.traceShownAt = performance.now();
  state.dirty = true;
}

/** What the network drawing fills its neurons with: the traced sample's activations, or its gradients. */
function neuronValues(): number[][] | undefined {
  const trace = state.trace;
  if (!trace) return undefined;
  return state.traceMode === 'forward'
    ? [trace.input, ...trace.layers.map((l) => l.activated)]
    : [trace.layers[0]!.dinputs, ...trace.layers.map((l) => l.doutputs)];
}

worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'data':
      state.data = message;
      if (JSON.stringify(message.config) !== JSON.stringify(state.config)) {
        state.config = message.config;
        controls.set(message.config);
      }
      dataView.setData(message.train, message.validation, message.regression);
      break;
    case 'snapshot':
      state.snapshot = message;
      if (!message.running && state.running) setRunning(false);
      charts.add(message.metrics);
      dataView.setGrid(message.grid);
      state.dirty = true;
      // Keep the step-through live while training, once a second (writing it out costs the page a
      // long layout); right away when training stops or steps.
      if (state.selection && !state.traceRequested) {
        if (!state.running) requestTrace();
        else if (message.metrics.epoch > 0 && performance.now() - state.traceShownAt > 1000) requestTrace();
      }
      break;
    case 'trace':
      state.traceRequested = false;
      state.trace = message.trace;
      showTrace();
      break;
    case 'export':
      download(message.safetensors, 'scratchnet-model.safetensors', 'application/octet-stream');
      download(message.architecture, 'scratchnet-model.json', 'application/json');
      $('file-status').textContent = 'Exported scratchnet-model.safetensors and scratchnet-model.json.';
      break;
    case 'error':
      setRunning(false);
      state.traceRequested = false;
      $('error').textContent = message.message;
      $('error').hidden = false;
      console.warn(`worker: ${message.message}`);
      break;
  }
};
worker.onerror = (event) => {
  $('error').textContent = `The training worker failed: ${event.message}`;
  $('error').hidden = false;
};

$('reset').addEventListener('click', reset);
$('train').addEventListener('click', () => {
  setRunning(!state.running);
  send({ type: state.running ? 'train' : 'pause' });
});
$('step').addEventListener('click', () => {
  setRunning(true); // until the worker reports the last epoch of the step; Pause stops it early
  const epochs = Math.round(Number($<HTMLInputElement>('step-epochs').value));
  send({ type: 'step', epochs: Number.isFinite(epochs) ? Math.min(100_000, Math.max(1, epochs)) : 1 });
});
$('export').addEventListener('click', () => send({ type: 'export' }));
$<HTMLInputElement>('import').addEventListener('change', async (event) => {
  const input = event.target as HTMLInputElement;
  try {
    const files = await readModelFiles(input.files);
    setRunning(false);
    charts.clear();
    send({ type: 'import', ...files, config: state.config });
    $('file-status').textContent = 'Imported.';
  } catch (error) {
    $('file-status').textContent = error instanceof Error ? error.message : String(error);
  }
  input.value = '';
});
$<HTMLInputElement>('show-validation').addEventListener('change', (event) => {
  dataView.showValidation = (event.target as HTMLInputElement).checked;
  state.dirty = true;
});
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="trace-mode"]')) {
  radio.addEventListener('change', () => {
    state.traceMode = radio.value as 'forward' | 'backward';
    showTrace();
  });
}

/** Draws the latest snapshot, once per animation frame and only when something changed. */
function frame(now: number): void {
  const fps = frames.tick(now);
  // The rate matters while training; paused, the page draws nothing and the number would mislead.
  if (fps !== undefined) $('fps').textContent = state.running ? fps.toFixed(0) : '–';
  charts.draw(now, !state.running);
  if (state.dirty && state.snapshot && state.data) {
    state.dirty = false;
    const { metrics, layers } = state.snapshot;
    $('epoch').textContent = String(metrics.epoch);
    $('loss').textContent = formatNumber(metrics.loss);
    $('loss').dataset.value = String(metrics.loss);
    $('accuracy').textContent = metrics.accuracy.toFixed(3);
    $('validation-accuracy').textContent = metrics.validationAccuracy.toFixed(3);
    dataView.draw();
    networkView.draw(layers, state.data.train.features === 1 ? ['x'] : ['x', 'y'], neuronValues());
  }
  requestAnimationFrame(frame);
}

reset();
requestAnimationFrame(frame);
