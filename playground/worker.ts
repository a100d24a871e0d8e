/**
 * The training worker: owns the Trainer and runs it in chunks of about 30 ms, reporting a snapshot
 * after each, so the page keeps drawing at full speed. Between chunks it answers the page's
 * messages (pause, step-through, export). Chunking never changes the run itself: epochs follow one
 * another exactly as they would in one long loop.
 */
import type { PageMessage, WorkerMessage } from './protocol.ts';
import { Trainer } from './trainer.ts';

/** How long one chunk of training may run before the worker listens for messages again. */
const CHUNK_MS = 30;
/** While training, the page gets a snapshot at most this often (about 10 redraws a second). */
const REPORT_MS = 100;

const scope = self as unknown as { postMessage(message: WorkerMessage, transfer?: Transferable[]): void; onmessage: ((event: MessageEvent<PageMessage>) => void) | null };

let trainer: Trainer | undefined;
let running = false;
/** Epochs left in the current Step (Infinity while training without a limit). */
let remaining = Infinity;
let scheduled = false;
let lastReport = -Infinity;

function post(message: WorkerMessage): void {
  scope.postMessage(message);
}

/** Sends the metrics, the weights and the network's outputs over the grid. */
function report(): void {
  if (!trainer) return;
  lastReport = performance.now();
  post({ type: 'snapshot', metrics: trainer.evaluate(), layers: trainer.layerWeights(), grid: trainer.grid(), running });
}

/** Stops training and tells the page why; the last good picture stays on the page. */
function fail(error: unknown): void {
  running = false;
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}

/** Trains for one chunk, reports, and schedules the next chunk while running (and epochs remain). */
function chunk(): void {
  scheduled = false;
  if (!running || !trainer) return;
  try {
    const start = performance.now();
    do {
      trainer.trainEpoch();
      remaining--;
    } while (remaining > 0 && performance.now() - start < CHUNK_MS);
    if (remaining <= 0) running = false;
    if (!running || performance.now() - lastReport >= REPORT_MS) report();
  } catch (error) {
    fail(error);
    return;
  }
  schedule();
}

function schedule(): void {
  if (scheduled || !running) return;
  scheduled = true;
  setTimeout(chunk, 0);
}

scope.onmessage = (event) => {
  const message = event.data;
  try {
    switch (message.type) {
      case 'reset':
        running = false;
        trainer = new Trainer(message.config);
        post(trainer.dataMessage());
        report();
        break;
      case 'train':
        running = true;
        remaining = Infinity;
        schedule();
        break;
      case 'pause':
        running = false;
        report();
        break;
      case 'step':
        // Trains like Train does, in chunks with snapshots, and stops after the given epochs.
        running = true;
        remaining = message.epochs;
        schedule();
        break;
      case 'trace':
        if (trainer) post({ type: 'trace', trace: trainer.trace(message.split, message.index) });
        break;
      case 'export':
        if (trainer) post({ type: 'export', ...trainer.exportModel() });
        break;
      case 'import':
        running = false;
        trainer = Trainer.importModel(message.safetensors, message.architecture, message.config);
        post(trainer.dataMessage());
        report();
        break;
    }
  } catch (error) {
    fail(error);
  }
};
