/**
 * The step-through of one sample: its forward pass layer by layer and its backward pass, with every
 * number the library computed on the way. It runs the network's own layers on a batch of one, so
 * what the page shows is what training does (dropout is off, as at inference).
 */
import { Matrix } from '../src/matrix.ts';
import type { Layer } from '../src/layers/layer.ts';
import type { Loss, Targets } from '../src/losses/loss.ts';
import { Dense } from '../src/layers/dense.ts';
import { Softmax } from '../src/activations/softmax.ts';
import { CategoricalCrossentropy } from '../src/losses/categorical-crossentropy.ts';
import { SoftmaxCategoricalCrossentropy } from '../src/losses/softmax-crossentropy.ts';

/** One Dense layer and the activation after it, for one sample. */
export interface LayerTrace {
  /** 'Hidden 1', …, 'Output'. */
  name: string;
  /** x_i, what the layer receives. */
  inputs: number[];
  /** w_ij, inputs × neurons. */
  weights: number[][];
  /** b_j. */
  biases: number[];
  /** z_j = Σ_i x_i w_ij + b_j, the Dense output. */
  outputs: number[];
  /** 'relu', 'sigmoid', 'linear' or 'softmax'. */
  activation: string;
  /** a_j, after the activation. */
  activated: number[];
  /** dL/da_j, the gradient arriving from above. */
  dactivated: number[];
  /** dL/dz_j, after going back through the activation. */
  doutputs: number[];
  /** dL/dw_ij = x_i · dL/dz_j (plus the L1/L2 penalty's gradient, if any). */
  dweights: number[][];
  /** dL/db_j = dL/dz_j (plus the penalty's gradient). */
  dbiases: number[];
  /** dL/dx_i = Σ_j w_ij · dL/dz_j. */
  dinputs: number[];
  /** For a softmax layer, the pieces of its formula written out (see SoftmaxSteps). */
  softmax?: SoftmaxSteps;
}

/** A softmax written out: forward e^(z − max) / Σ, backward through its Jacobian. */
export interface SoftmaxSteps {
  /** The largest z, subtracted first. */
  max: number;
  /** e^(z_j − max). */
  exps: number[];
  /** Σ_j e^(z_j − max). */
  sum: number;
  /** Σ_k ŷ_k · dL/dŷ_k, the term each ∂L/∂z_j = ŷ_j (∂L/∂ŷ_j − Σ) subtracts. */
  weighted: number;
  /** With cross-entropy: the combined gradient (ŷ − y) / N that training uses instead (chapter 9). */
  combined?: number[];
}

/** A sample's whole trip through the network and back. */
export interface Trace {
  split: 'train' | 'validation';
  index: number;
  /** The sample's features. */
  input: number[];
  /** The target as the loss sees it: a class index, a one-hot row, or the value(s). */
  target: number[];
  /** The class (classification) or value (regression) the sample has. */
  label: number;
  /** Whether `target` holds a class index rather than a row of targets. */
  sparse: boolean;
  layers: LayerTrace[];
  /** The loss's name and its value for this sample (the data loss, without penalties). */
  loss: { name: string; value: number };
  /** dL/dŷ, where backpropagation starts. */
  dloss: number[];
  /** L1/L2 strengths on the weights, shown next to the weight gradients. */
  l1: number;
  l2: number;
}

/** A Dense layer, its activation and the name of the activation, as the trainer keeps them. */
export interface TracedLayer {
  name: string;
  dense: Dense;
  activation: Layer;
  activationName: string;
}

/** The row of a matrix (one sample) as a plain array. */
const row = (m: Matrix): number[] => m.rowValues(0);
/** A matrix as nested arrays. */
const rows = (m: Matrix): number[][] => m.toArray();

/**
 * Runs one sample forward and backward through the layers. The layers' stored gradients are
 * overwritten; the trainer recomputes them on its next step, so training is unaffected.
 */
export function traceSample(
  layers: readonly TracedLayer[], loss: Loss, lossName: string,
  input: Matrix, target: Targets, meta: { split: 'train' | 'validation'; index: number; label: number; l1: number; l2: number },
): Trace {
  const forward: { inputs: Matrix; outputs: Matrix; activated: Matrix }[] = [];
  let x = input;
  for (const layer of layers) {
    const outputs = layer.dense.forward(x);
    const activated = layer.activation.forward(outputs, false);
    forward.push({ inputs: x, outputs, activated });
    x = activated;
  }
  const value = loss.forward(x, target).data[0]!;

  // Backward: the loss's gradient, then each activation and Dense layer in reverse.
  const dloss = loss.backward(x, target);
  const backward: { dactivated: Matrix; doutputs: Matrix; dinputs: Matrix }[] = [];
  let d = dloss;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l]!;
    const doutputs = layer.activation.backward(d);
    const dinputs = layer.dense.backward(doutputs);
    backward[l] = { dactivated: d, doutputs, dinputs };
    d = dinputs;
  }

  return {
    ...meta,
    input: row(input),
    target: target instanceof Matrix ? row(target) : [target[0]!],
    sparse: !(target instanceof Matrix),
    layers: layers.map((layer, l) => ({
      name: layer.name,
      inputs: row(forward[l]!.inputs),
      weights: rows(layer.dense.weights),
      biases: row(layer.dense.biases),
      outputs: row(forward[l]!.outputs),
      activation: layer.activationName,
      activated: row(forward[l]!.activated),
      dactivated: row(backward[l]!.dactivated),
      doutputs: row(backward[l]!.doutputs),
      dweights: rows(layer.dense.dweights!),
      dbiases: row(layer.dense.dbiases!),
      dinputs: row(backward[l]!.dinputs),
      ...(layer.activation instanceof Softmax
        ? { softmax: softmaxSteps(forward[l]!.outputs, forward[l]!.activated, backward[l]!.dactivated, loss instanceof CategoricalCrossentropy ? target : undefined) }
        : {}),
    })),
    loss: { name: lossName, value },
    dloss: row(dloss),
  };
}

/** The softmax of one sample written out, and the combined gradient when the loss is cross-entropy. */
function softmaxSteps(z: Matrix, p: Matrix, dp: Matrix, target: Targets | undefined): SoftmaxSteps {
  const max = Math.max(...z.data);
  // As the library computes it: the subtraction rounds to float32, exp in float64, rounded once.
  const exps = Array.from(z.data, (v) => Math.fround(Math.exp(Math.fround(v - max))));
  const sum = exps.reduce((s, e) => s + e, 0);
  let weighted = 0;
  for (let k = 0; k < p.data.length; k++) weighted += p.data[k]! * dp.data[k]!;
  const combined = target === undefined ? undefined : row(new SoftmaxCategoricalCrossentropy().backward(p, target));
  return { max, exps, sum, weighted, ...(combined ? { combined } : {}) };
}
