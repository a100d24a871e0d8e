/**
 * Keras-style training output: a progress bar per epoch on a terminal, and one tidy line per epoch
 * everywhere (when stdout is not a terminal there is no bar, so logs stay clean).
 *
 *   Epoch 3/10
 *   469/469 [==============================] - 2s 4ms/step - loss: 0.3121 - acc: 0.8870 - val_loss: 0.3502 - val_acc: 0.8731
 */
import cliProgress from 'cli-progress';

/** The figures shown after the bar. */
export type Metrics = Record<string, number>;

/** Formats metrics as ` - loss: 0.3121 - acc: 0.8870`. */
export function formatMetrics(metrics: Metrics): string {
  return Object.entries(metrics)
    .map(([name, value]) => ` - ${name}: ${Number.isFinite(value) ? value.toFixed(4) : String(value)}`)
    .join('');
}

/** Seconds, as Keras prints elapsed time: `2s`, or `350ms` under a second. */
function formatElapsed(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 1000)}s` : `${Math.round(ms)}ms`;
}

/** The progress display of one training run. */
export class EpochProgress {
  private bar: cliProgress.SingleBar | undefined;
  private started = 0;
  private steps = 0;
  private readonly tty: boolean;
  private readonly write: (line: string) => void;

  constructor(options: { tty?: boolean; write?: (line: string) => void } = {}) {
    this.tty = options.tty ?? Boolean(process.stdout.isTTY);
    this.write = options.write ?? ((line) => process.stdout.write(line + '\n'));
  }

  /** Starts epoch `epoch` of `epochs`, with `steps` batches. */
  startEpoch(epoch: number, epochs: number, steps: number): void {
    this.write(`Epoch ${epoch}/${epochs}`);
    this.started = performance.now();
    this.steps = steps;
    if (!this.tty) return;
    this.bar = new cliProgress.SingleBar(
      {
        format: '{value}/{total} [{bar}]{metrics}',
        barCompleteChar: '=',
        barIncompleteChar: '.',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: true,
        stopOnComplete: false,
      },
      cliProgress.Presets.legacy,
    );
    this.bar.start(steps, 0, { metrics: '' });
  }

  /** Moves the bar to `step` (1-based) and shows the running metrics. */
  step(step: number, metrics: Metrics): void {
    this.bar?.update(step, { metrics: formatMetrics(metrics) });
  }

  /** Ends the epoch with its summary line. */
  endEpoch(metrics: Metrics): void {
    if (this.bar) {
      this.bar.stop();
      this.bar = undefined;
    }
    const elapsed = performance.now() - this.started;
    const perStep = this.steps ? elapsed / this.steps : 0;
    const bar = '='.repeat(30);
    this.write(`${this.steps}/${this.steps} [${bar}] - ${formatElapsed(elapsed)} ${formatElapsed(perStep)}/step${formatMetrics(metrics)}`);
  }

  /** Stops a bar left running (on Ctrl-C, say) so the terminal is clean. */
  abort(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
