/**
 * Checkpoints: everything needed to continue a training run exactly where it stopped. A checkpoint
 * is a model file (one safetensors file, architecture in its metadata) with three more things:
 *
 * - the optimizer's memory (Adam's momentums and caches…) as tensors `optimizer.<p>.<slot>`, where p
 *   counts the parameters in order (`Model.parameterList`), plus its step count and learning rate;
 * - the random generator's state (the dropout masks still to come depend on it);
 * - where training stands (`TrainingPosition`: epochs and steps done, the epoch's running totals),
 *   and the caller's own settings (the CLI keeps its command line there).
 *
 * Restoring all of them makes the rest of the run compute exactly what it would have computed
 * without the interruption, bit for bit. Saves are atomic: a crash while saving leaves the previous
 * checkpoint whole. Node only.
 */
import { readFileSync } from 'node:fs';
import { Matrix } from '../matrix.ts';
import { Model, type TrainingPosition } from '../model.ts';
import { RandomState, type RandomStateSnapshot } from '../random.ts';
import type { AccumulatedTotals } from '../losses/loss.ts';
import type { OptimizerState, SerializedMatrix } from '../optimizers/optimizer.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { ModelFileError } from './errors.ts';
import { encodeSafetensors, decodeSafetensors } from './safetensors.ts';
import { parseJsonStrict } from './strict-json.ts';
import { architectureToJson, validateArchitecture, OPTIMIZER_TENSOR_PREFIX } from './architecture.ts';
import { MODEL_FORMAT } from './model-format.ts';
import { describe } from '../checks.ts';

/** The checkpoint layout this code writes and reads. */
export const CHECKPOINT_VERSION = 1;

/** A training run, frozen. */
export interface Checkpoint {
  /** The model with its parameters and its optimizer's memory. */
  model: Model;
  /** The generator the model's dropout layers draw from, at the state it had. */
  random: RandomState;
  /** Where training stands. */
  position: TrainingPosition;
  /** The caller's settings, as saved (plain JSON; check it before use). */
  settings: unknown;
}

/** Writes a checkpoint of `model` (which must be set, with its optimizer) to `path`, atomically. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileAtomic(path, encodeCheckpoint(checkpoint));
}

/** Reads a checkpoint written by `saveCheckpoint`; a missing or damaged file gets a ModelFileError. */
export function loadCheckpoint(path: string): Checkpoint {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such checkpoint file' : code === 'EISDIR' ? 'is a directory; give the .checkpoint.safetensors file in it' : `cannot be read (${(error as Error).message})`;
    throw new ModelFileError(`${path}: ${why}.`);
  }
  return decodeCheckpoint(bytes, path);
}

/** The bytes of a checkpoint file. */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const { model, random, position, settings } = checkpoint ?? {};
  if (!(model instanceof Model)) throw new TypeError(`encodeCheckpoint: checkpoint.model must be a Model, got ${describe(model)}.`);
  if (!(random instanceof RandomState)) throw new TypeError(`encodeCheckpoint: checkpoint.random must be the RandomState the model's dropout draws from, got ${describe(random)}.`);
  if (!position || !Number.isInteger(position.epoch) || position.epoch < 0 || !Number.isInteger(position.step) || position.step < 0) {
    throw new TypeError(`encodeCheckpoint: checkpoint.position must be { epoch, step } with whole numbers >= 0 (as Model.positionAfter returns), got ${JSON.stringify(position)}.`);
  }
  const optimizer = model.optimizer;
  if (!optimizer) throw new TypeError('encodeCheckpoint: the model has no optimizer; call model.set(...) first.');
  const tensors = new Map(model.namedParameters());
  const state = optimizer.getState(model.parameterList());
  state.slots.forEach((slots, p) => {
    for (const [name, s] of Object.entries(slots)) {
      const m = new Matrix(s.rows, s.cols, s.dtype);
      m.data.set(s.data);
      tensors.set(`${OPTIMIZER_TENSOR_PREFIX}${p}.${name}`, m);
    }
  });
  const meta = {
    version: CHECKPOINT_VERSION,
    position,
    optimizer: { iterations: state.iterations, currentLearningRate: state.currentLearningRate },
    random: random.getState(),
    settings: settings ?? null,
  };
  return encodeSafetensors(tensors, { format: MODEL_FORMAT, architecture: architectureToJson(model.toArchitecture()), checkpoint: JSON.stringify(meta) });
}

/** Reads a checkpoint's bytes, checking every field; `source` names the file in messages. */
export function decodeCheckpoint(bytes: Uint8Array, source = 'checkpoint'): Checkpoint {
  const fail = (message: string): never => {
    throw new ModelFileError(`${source}: ${message}`);
  };
  const { tensors, metadata } = decodeSafetensors(bytes, source);
  const architectureText = metadata.get('architecture');
  const checkpointText = metadata.get('checkpoint');
  if (architectureText === undefined || checkpointText === undefined) fail('not a checkpoint (it has no training state); checkpoints are written by `scratchnet train`.');
  const architecture = validateArchitecture(parseJsonStrict(architectureText!, `${source} (architecture)`), tensors, `${source} (architecture)`);
  if (!architecture.optimizer || !architecture.loss || !architecture.accuracy) fail('the architecture has no loss, accuracy or optimizer, so training cannot continue.');
  const meta = record(parseJsonStrict(checkpointText!, `${source} (checkpoint)`), 'the checkpoint state', fail);
  if (meta.version !== CHECKPOINT_VERSION) fail(`checkpoint version ${JSON.stringify(meta.version)}; this scratchnet reads version ${CHECKPOINT_VERSION}.`);

  const random = new RandomState(0);
  const model = Model.fromArchitecture(architecture, { tensors, random });
  random.setState(randomSnapshot(meta.random, fail));

  // The optimizer's memory: the slots of parameter p are the tensors optimizer.<p>.<slot>.
  const parameters = model.parameterList();
  const slots: Record<string, SerializedMatrix>[] = parameters.map(() => ({}));
  for (const [name, m] of tensors) {
    if (!name.startsWith(OPTIMIZER_TENSOR_PREFIX)) continue;
    const match = /^optimizer\.(\d+)\.([A-Za-z]+)$/.exec(name);
    const p = match ? Number(match[1]) : -1;
    if (!match || p >= parameters.length) fail(`the tensor "${name}" is not the state of any of the ${parameters.length} parameters.`);
    const value = parameters[p]!.value;
    if (m.rows !== value.rows || m.cols !== value.cols) fail(`"${name}" has shape ${m.shapeText} but parameter ${p} is ${value.shapeText}.`);
    slots[p]![match![2]!] = { rows: m.rows, cols: m.cols, dtype: m.dtype, data: Array.from(m.data) };
  }
  const optimizer = record(meta.optimizer, '"optimizer"', fail);
  const state: OptimizerState = {
    iterations: count(optimizer.iterations, '"optimizer" iterations', fail),
    currentLearningRate: finite(optimizer.currentLearningRate, '"optimizer" currentLearningRate', fail),
    slots,
  };
  model.optimizer!.setState(state, parameters);
  return { model, random, position: trainingPosition(meta.position, fail), settings: meta.settings };
}

function trainingPosition(value: unknown, fail: (message: string) => never): TrainingPosition {
  const p = record(value, '"position"', fail);
  const position: TrainingPosition = { epoch: count(p.epoch, 'position epoch', fail), step: count(p.step, 'position step', fail) };
  if (p.lossTotals !== undefined) position.lossTotals = totals(p.lossTotals, 'position lossTotals', fail);
  if (p.accuracyTotals !== undefined) position.accuracyTotals = totals(p.accuracyTotals, 'position accuracyTotals', fail);
  return position;
}

function totals(value: unknown, what: string, fail: (message: string) => never): AccumulatedTotals {
  const t = record(value, what, fail);
  const result: AccumulatedTotals = { sum: finite(t.sum, `${what} sum`, fail), count: count(t.count, `${what} count`, fail) };
  if (t.dtype !== undefined) {
    if (t.dtype !== 'float32' && t.dtype !== 'float64') fail(`${what} dtype must be "float32" or "float64".`);
    result.dtype = t.dtype as 'float32' | 'float64';
  }
  return result;
}

function randomSnapshot(value: unknown, fail: (message: string) => never): RandomStateSnapshot {
  const r = record(value, '"random"', fail);
  const key = r.key;
  if (!Array.isArray(key) || key.length !== 624 || !key.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32)) {
    fail('"random" key must be 624 integers in [0, 2^32).');
  }
  const pos = count(r.pos, '"random" pos', fail);
  if (pos > 624) fail('"random" pos must be at most 624.');
  if (typeof r.hasGauss !== 'boolean') fail('"random" hasGauss must be true or false.');
  return { key: key as number[], pos, hasGauss: r.hasGauss as boolean, gauss: finite(r.gauss, '"random" gauss', fail) };
}

function record(value: unknown, what: string, fail: (message: string) => never): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

function count(value: unknown, what: string, fail: (message: string) => never): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(`${what} must be a whole number >= 0, got ${JSON.stringify(value)}.`);
  return value as number;
}

function finite(value: unknown, what: string, fail: (message: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`${what} must be a finite number, got ${JSON.stringify(value)}.`);
  return value as number;
}
