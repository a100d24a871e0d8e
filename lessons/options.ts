/**
 * The command-line options of the training lessons (chapters 10 to 17): `--epochs N` to stop early
 * and `--no-picture` to skip drawing, plus any string options a lesson adds (chapter 10's
 * `--optimizer`). A mistyped option or value is a one-line error with exit code 2, as for an
 * unknown lesson id.
 */
import { parseArgs } from 'node:util';

/** What every training lesson accepts. */
export interface TrainingOptions {
  /** The last epoch (the book's loops run `range(epochs + 1)`). */
  epochs: number;
  /** Whether to draw the lesson's picture. */
  picture: boolean;
  /** The lesson's own string options, by name. */
  extra: Record<string, string>;
}

/** Reads the options from `process.argv`; `extra` names a lesson's own string options and their defaults. */
export function trainingOptions(extra: Record<string, string> = {}): TrainingOptions {
  try {
    const { values } = parseArgs({
      options: {
        epochs: { type: 'string', default: '10000' },
        'no-picture': { type: 'boolean', default: false },
        ...Object.fromEntries(Object.entries(extra).map(([name, fallback]) => [name, { type: 'string' as const, default: fallback }])),
      },
    });
    const epochs = Number(values.epochs);
    if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`--epochs takes a whole number of epochs, got "${values.epochs}"`);
    const own = values as Record<string, string | boolean | undefined>;
    const strings = Object.fromEntries(Object.keys(extra).map((name) => [name, String(own[name])]));
    return { epochs, picture: !values['no-picture'], extra: strings };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/** Prints a one-line error and exits with code 2. */
export function fail(message: string): never {
  console.error(`scratchnet: ${message}`);
  process.exit(2);
}
