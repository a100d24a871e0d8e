/**
 * Loading a model file for the CLI's commands, with the defaults an older or hand-made file may
 * lack: a softmax classifier without a loss gets cross-entropy and categorical accuracy.
 */
import { CategoricalAccuracy, CategoricalCrossentropy, Dense, Linear, MeanSquaredError, RegressionAccuracy, Softmax, type Model } from '../src/index.ts';
import { loadModel } from '../src/io/index.ts';

/** The model in `path`, ready to evaluate and predict. */
export function openModel(path: string): Model {
  const model = loadModel(path);
  const last = model.layers[model.layers.length - 1];
  if (!model.loss && last instanceof Softmax) model.set({ loss: new CategoricalCrossentropy() });
  if (!model.loss && last instanceof Linear) model.set({ loss: new MeanSquaredError() });
  if (!model.accuracy) model.set({ accuracy: last instanceof Linear ? new RegressionAccuracy() : new CategoricalAccuracy() });
  return model.finalize();
}

/** Inputs and outputs per sample of a model. */
export function modelWidths(model: Model): { inputs: number; outputs: number } {
  const dense = model.layers.filter((layer): layer is Dense => layer instanceof Dense);
  return { inputs: dense[0]!.weights.rows, outputs: dense[dense.length - 1]!.weights.cols };
}
