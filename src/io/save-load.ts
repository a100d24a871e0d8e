/**
 * Chapter 21 for the Model: saving and loading its parameters alone, or the whole model. A whole
 * model is one safetensors file with the architecture in its metadata (see `model-format.ts`), so a
 * saved model cannot lose its weights or mix them up with another run's. Loading builds only the
 * layers the architecture lists (no pickle: nothing from the file is ever run). Node only.
 */
import { Model } from '../model.ts';
import type { RandomState } from '../random.ts';
import { loadModelFile, loadParameters, saveModelFile, saveParameters } from './model-file.ts';
import { ModelFileError } from './errors.ts';
import { describe } from '../checks.ts';

/** Throws a TypeError unless `model` is a Model and `path` a non-empty string. */
function checkArguments(what: string, model: unknown, path: unknown): void {
  if (!(model instanceof Model)) throw new TypeError(`${what}: the model must be a Model, got ${describe(model)}.`);
  if (typeof path !== 'string' || path === '') throw new TypeError(`${what}: the path must be a file name such as 'model.safetensors', got ${describe(path)}.`);
}

/** Saves the model's parameters (`layers.<i>.weights`, `layers.<i>.biases`) to `path`, atomically (`save_parameters`). */
export function saveModelParameters(model: Model, path: string): void {
  checkArguments('saveModelParameters', model, path);
  saveParameters(path, model.namedParameters());
}

/** Loads parameters saved by `saveModelParameters` (or from a model file) into a model of the same shape (`load_parameters`). */
export function loadModelParameters(model: Model, path: string): void {
  checkArguments('loadModelParameters', model, path);
  const tensors = loadParameters(path);
  try {
    model.setNamedParameters(tensors);
  } catch (error) {
    throw new ModelFileError(`${path}: these parameters do not fit the model: ${(error as Error).message}`);
  }
}

/** Saves the whole model (architecture, loss, optimizer settings, class names and parameters) to `path`, atomically. */
export function saveModel(model: Model, path: string): void {
  checkArguments('saveModel', model, path);
  saveModelFile(path, model.toArchitecture(), model.namedParameters());
}

/** Loads a whole model saved by `saveModel`, finalized and ready to evaluate, predict or train further. */
export function loadModel(path: string, options: { random?: RandomState } = {}): Model {
  const { architecture, tensors } = loadModelFile(path);
  return Model.fromArchitecture(architecture, { tensors, random: options.random });
}
