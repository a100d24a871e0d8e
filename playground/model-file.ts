/**
 * Export and import: the playground's network as a scratchnet model file. That file is safetensors
 * with the weights (`layers.<i>.weights`, `layers.<i>.biases`) and the architecture JSON in its
 * metadata, the same file `scratchnet` writes and loads; the playground adds its own settings
 * (data set, seed) under a `playground` metadata key so that an import restores the whole page.
 * The architecture is also offered as a separate, readable .json file.
 */
import type { Matrix } from '../src/matrix.ts';
import { decodeSafetensors, encodeSafetensors } from '../src/io/safetensors.ts';
import { MODEL_FORMAT } from '../src/io/model-format.ts';
import { parseJsonStrict } from '../src/io/strict-json.ts';
import {
  ARCHITECTURE_VERSION, architectureToJson, parameterNames, validateArchitecture,
  type Architecture, type LayerSpec, type OptimizerSpec,
} from '../src/io/architecture.ts';
import {
  classCount, inputFeatures, isRegression, reconcile, sanitizeConfig,
  type HiddenActivation, type OutputActivation, type PlaygroundConfig,
} from './config.ts';
import type { TracedLayer } from './trace.ts';

/** One Dense layer's parameters, input side first. */
export interface DenseWeights {
  weights: Matrix;
  biases: Matrix;
}

/** The architecture of the playground's network, in the library's format. */
export function architectureOf(config: PlaygroundConfig, layers: readonly TracedLayer[], accuracyPrecision?: number): Architecture {
  const specs: LayerSpec[] = [];
  layers.forEach((layer, l) => {
    const hidden = l < layers.length - 1;
    specs.push({
      type: 'dense',
      inputs: layer.dense.weights.rows,
      neurons: layer.dense.weights.cols,
      ...(hidden && config.l1 > 0 ? { weightRegularizerL1: config.l1 } : {}),
      ...(hidden && config.l2 > 0 ? { weightRegularizerL2: config.l2 } : {}),
    });
    specs.push({ type: layer.activationName as HiddenActivation | OutputActivation });
    if (hidden && config.dropout > 0) specs.push({ type: 'dropout', rate: config.dropout });
  });
  const o = config.optimizer;
  const optimizer: OptimizerSpec = { type: o.name, learningRate: o.learningRate, decay: o.decay };
  if (o.name === 'sgd') optimizer.momentum = o.momentum;
  else optimizer.epsilon = o.epsilon;
  if (o.name === 'rmsprop') optimizer.rho = o.rho;
  if (o.name === 'adam') Object.assign(optimizer, { beta1: o.beta1, beta2: o.beta2 });
  const regression = isRegression(config.data.name);
  return {
    version: ARCHITECTURE_VERSION,
    layers: specs,
    loss: config.loss,
    accuracy: regression ? 'regression' : layers.at(-1)!.dense.weights.cols === 1 ? 'binary' : 'categorical',
    ...(regression && accuracyPrecision !== undefined ? { accuracyPrecision } : {}),
    optimizer,
  };
}

/** The model file's bytes and the architecture as readable JSON. */
export function encodeModel(config: PlaygroundConfig, layers: readonly TracedLayer[], accuracyPrecision?: number): { safetensors: Uint8Array; architecture: string } {
  const architecture = architectureOf(config, layers, accuracyPrecision);
  const tensors = new Map<string, Matrix>();
  let dense = 0;
  architecture.layers.forEach((spec, i) => {
    if (spec.type !== 'dense') return;
    const names = parameterNames(i);
    tensors.set(names.weights, layers[dense]!.dense.weights);
    tensors.set(names.biases, layers[dense]!.dense.biases);
    dense++;
  });
  validateArchitecture(architecture, tensors, 'export');
  const safetensors = encodeSafetensors(tensors, {
    format: MODEL_FORMAT,
    architecture: architectureToJson(architecture),
    playground: JSON.stringify(config),
  });
  return { safetensors, architecture: architectureToJson(architecture, 2) };
}

/**
 * Reads a model file (its own architecture, or `architectureText` for a weights-only file). The
 * playground settings saved with it are restored; a model from elsewhere keeps the current data
 * set when its input and output widths fit it.
 */
export function decodeModel(bytes: Uint8Array, architectureText: string | undefined, current: PlaygroundConfig): { config: PlaygroundConfig; weights: DenseWeights[] } {
  const { tensors, metadata } = decodeSafetensors(bytes, 'the model file');
  const text = metadata.get('architecture') ?? architectureText;
  if (text === undefined) throw new Error('The .safetensors file holds weights but no architecture: pick its architecture .json too.');
  const architecture = validateArchitecture(parseJsonStrict(text, 'architecture'), tensors, 'architecture');
  const saved = metadata.get('playground');
  const config = saved !== undefined
    ? sanitizeConfig(parseJsonStrict(saved, 'playground settings'), current)
    : configFromArchitecture(architecture, current);
  const weights: DenseWeights[] = [];
  architecture.layers.forEach((spec, i) => {
    if (spec.type !== 'dense') return;
    const names = parameterNames(i);
    weights.push({ weights: tensors.get(names.weights)!, biases: tensors.get(names.biases)! });
  });
  return { config, weights };
}

/** Playground settings for a model saved elsewhere (e.g. by the CLI). */
function configFromArchitecture(architecture: Architecture, current: PlaygroundConfig): PlaygroundConfig {
  const config = structuredClone(current);
  const denses: { inputs: number; neurons: number; activation: string; l1?: number; l2?: number }[] = [];
  for (const spec of architecture.layers) {
    if (spec.type === 'dense') denses.push({ inputs: spec.inputs, neurons: spec.neurons, activation: 'linear', l1: spec.weightRegularizerL1, l2: spec.weightRegularizerL2 });
    else if (spec.type === 'dropout') config.dropout = spec.rate;
    else if (denses.length) denses.at(-1)!.activation = spec.type;
  }
  const output = denses.at(-1)!;
  const inputs = denses[0]!.inputs;
  for (const hidden of denses.slice(0, -1)) {
    if (hidden.activation === 'softmax') throw new Error('The playground only draws softmax on the output layer; this model has it on a hidden layer.');
  }
  config.hidden = denses.slice(0, -1).map((d) => ({ neurons: d.neurons, activation: d.activation as HiddenActivation }));
  config.output = output.activation as OutputActivation;
  config.l1 = denses[0]!.l1 ?? 0;
  config.l2 = denses[0]!.l2 ?? 0;
  if (architecture.loss) config.loss = architecture.loss;
  if (architecture.optimizer) {
    const { type, ...options } = architecture.optimizer;
    config.optimizer = { ...config.optimizer, ...options, name: type };
  }
  // The data: keep the current set if the model fits it, else the set that fits the model.
  const classes = output.activation === 'sigmoid' && output.neurons === 1 ? 2 : output.neurons;
  const fits = inputs === inputFeatures(config.data.name) && (isRegression(config.data.name) ? output.neurons === 1 : classCount(config.data) === classes);
  if (!fits) {
    if (inputs === 1 && output.neurons === 1) config.data.name = 'sine';
    else if (inputs === 2 && classes === 2) config.data.name = 'circle';
    else if (inputs === 2 && classes <= 5) config.data = { ...config.data, name: 'spiral', classes };
    else {
      throw new Error(`This model takes ${inputs} inputs and gives ${output.neurons} outputs; the playground's data sets have 2 inputs (1 for sine) and 1 to 5 outputs.`);
    }
  }
  const fixed = reconcile(config);
  if (fixed.output !== config.output) throw new Error(`A ${config.output} output does not fit the ${config.data.name} data set.`);
  return fixed;
}
