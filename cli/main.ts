/**
 * The scratchnet command line: `scratchnet <command> [options]`. Every command has `--help`.
 * A mistake on the command line or in a file given to it gets one line on stderr and exit code 2,
 * never a stack trace; so does any other failure (exit code 1).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DatasetError, ImageFileError, ModelError, ModelFileError, NonFiniteLossError, ShapeError } from '../src/index.ts';
import { train, TRAIN_HELP } from './train.ts';
import { evaluate, EVALUATE_HELP } from './evaluate.ts';
import { predict, PREDICT_HELP } from './predict.ts';
import { exportOnnxCommand, EXPORT_ONNX_HELP } from './export-onnx.ts';
import { lesson, LESSON_HELP } from './lesson.ts';
import { UsageError } from './options.ts';

const HELP = `usage: scratchnet <command> [options]

A neural network from scratch, after "Neural Networks from Scratch" (Kinsley & Kukieła).

Commands:
  train                    train a network on spiral, vertical, sine or Fashion-MNIST data
  evaluate <model>         loss and accuracy of a saved model on held-out data
  predict <model> <images> the class of image files, with the model's confidence
  export-onnx <model> <out.onnx>
                           the model as ONNX, for ONNX Runtime
  lesson <id> | --list     run a lesson of the curriculum

Run scratchnet <command> --help for a command's options.

Examples:
  scratchnet train --data fashion-mnist -o fashion.safetensors
  scratchnet predict fashion.safetensors samples/tshirt.png samples/pants.png`;

const COMMANDS: Record<string, { run: (args: readonly string[], out: (line: string) => void) => number | Promise<number>; help: string }> = {
  train: { run: train, help: TRAIN_HELP },
  evaluate: { run: evaluate, help: EVALUATE_HELP },
  predict: { run: predict, help: PREDICT_HELP },
  'export-onnx': { run: exportOnnxCommand, help: EXPORT_ONNX_HELP },
  lesson: { run: lesson, help: LESSON_HELP },
};

/** Runs the command line `args` (without `node main.ts`); returns the exit code. */
export async function main(args: readonly string[], out: (line: string) => void = (line) => console.log(line)): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined) throw new UsageError(`give a command: ${Object.keys(COMMANDS).join(', ')} (see scratchnet --help)`);
  if (command === '--help' || command === '-h') {
    out(HELP);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    out(pkg.version);
    return 0;
  }
  if (command === 'help') {
    const topic = rest[0];
    if (topic === undefined) out(HELP);
    else if (COMMANDS[topic]) out(COMMANDS[topic].help);
    else throw new UsageError(`help: no command "${topic}"; commands are ${Object.keys(COMMANDS).join(', ')}`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!entry) {
    throw new UsageError(`unknown command "${command}"; commands are ${Object.keys(COMMANDS).join(', ')} (see scratchnet --help)`);
  }
  return entry.run(rest, out);
}

/** What the common file errors mean, for a one-line message. */
const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the disk',
  EROFS: 'the file system is read-only',
};

/** The exit code and one-line message for an error. */
export function describeError(error: unknown): { code: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const oneLine = message.replace(/\s*\n\s*/g, ' ').trim();
  // Bad arguments and bad files: the user can fix them.
  if (error instanceof UsageError || error instanceof ModelFileError || error instanceof ImageFileError || error instanceof DatasetError) {
    return { code: 2, message: oneLine };
  }
  if (error instanceof ShapeError || error instanceof ModelError || error instanceof RangeError || error instanceof TypeError) {
    return { code: 2, message: oneLine };
  }
  if (error instanceof NonFiniteLossError) return { code: 1, message: oneLine };
  // A file that cannot be read or written (a missing directory, no permission, a full disk).
  const errno = (error as NodeJS.ErrnoException)?.code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) {
    const path = (error as NodeJS.ErrnoException).path;
    return { code: 2, message: `${path ? `${path}: ` : ''}${FILE_ERRORS[errno] ?? oneLine}` };
  }
  return { code: 1, message: `unexpected error: ${oneLine} (set SCRATCHNET_DEBUG=1 to see where)` };
}

/** Runs the command line and sets the exit code, printing any error as one line on stderr. */
export async function run(args: readonly string[]): Promise<void> {
  // A closed pipe (scratchnet ... | head) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
  });
  try {
    process.exitCode = await main(args);
  } catch (error) {
    const { code, message } = describeError(error);
    process.stderr.write(`scratchnet: ${message}\n`);
    if (process.env.SCRATCHNET_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = code;
  }
}

// Started as a program (`node --import tsx cli/main.ts ...`); cli/scratchnet.mjs calls run itself.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  await run(process.argv.slice(2));
}
