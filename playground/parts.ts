/**
 * The library's pieces by the names the config uses: activations, dropout, losses, optimizers.
 */
import type { RandomState } from '../src/random.ts';
import type { Layer, Parameter } from '../src/layers/layer.ts';
import { ReLU } from '../src/activations/relu.ts';
import { Softmax } from '../src/activations/softmax.ts';
import type { Loss } from '../src/losses/loss.ts';
import { CategoricalCrossentropy } from '../src/losses/categorical-crossentropy.ts';
import type { HiddenActivation, LossName, OptimizerConfig, OutputActivation } from './config.ts';

/** What the trainer needs from an optimizer. */
export interface Optimizer {
  preUpdate(): void;
  update(parameter: Parameter): void;
  postUpdate(): void;
  readonly currentLearningRate: number;
}

/** The activation layer for a config name. */
export function makeActivation(name: HiddenActivation | OutputActivation): Layer {
  switch (name) {
    case 'relu': return new ReLU();
    case 'softmax': return new Softmax();
    default: throw new Error(`The ${name} activation is not in the library yet.`);
  }
}

/** A dropout layer drawing its masks from `random`. */
export function makeDropout(_rate: number, _random: RandomState): Layer {
  throw new Error('Dropout is not in the library yet.');
}

/** The loss for a config name. */
export function makeLoss(name: LossName): Loss {
  switch (name) {
    case 'categoricalCrossentropy': return new CategoricalCrossentropy();
    default: throw new Error(`The ${name} loss is not in the library yet.`);
  }
}

/** The optimizer for a config. */
export function makeOptimizer(config: OptimizerConfig): Optimizer {
  // TEMPORARY until the library's optimizers land: plain SGD with decay.
  let iterations = 0;
  let current = config.learningRate;
  return {
    preUpdate() { current = config.learningRate / (1 + config.decay * iterations); },
    update(p) { const g = p.grad!.data; const v = p.value.data; for (let k = 0; k < v.length; k++) v[k] = v[k]! - current * g[k]!; },
    postUpdate() { iterations++; },
    get currentLearningRate() { return current; },
  };
}
