/**
 * The library's pieces by the names the config uses: activations, dropout, losses, optimizers.
 */
import type { RandomState } from '../src/random.ts';
import type { Layer } from '../src/layers/layer.ts';
import { Dropout } from '../src/layers/dropout.ts';
import { ReLU } from '../src/activations/relu.ts';
import { Softmax } from '../src/activations/softmax.ts';
import { Sigmoid } from '../src/activations/sigmoid.ts';
import { Linear } from '../src/activations/linear.ts';
import type { Loss } from '../src/losses/loss.ts';
import { CategoricalCrossentropy } from '../src/losses/categorical-crossentropy.ts';
import { BinaryCrossentropy } from '../src/losses/binary-crossentropy.ts';
import { MeanSquaredError } from '../src/losses/mean-squared-error.ts';
import { MeanAbsoluteError } from '../src/losses/mean-absolute-error.ts';
import type { Optimizer } from '../src/optimizers/optimizer.ts';
import { SGD } from '../src/optimizers/sgd.ts';
import { Adagrad } from '../src/optimizers/adagrad.ts';
import { RMSprop } from '../src/optimizers/rmsprop.ts';
import { Adam } from '../src/optimizers/adam.ts';
import type { HiddenActivation, LossName, OptimizerConfig, OutputActivation } from './config.ts';

/** The activation layer for a config name. */
export function makeActivation(name: HiddenActivation | OutputActivation): Layer {
  switch (name) {
    case 'relu': return new ReLU();
    case 'sigmoid': return new Sigmoid();
    case 'linear': return new Linear();
    case 'softmax': return new Softmax();
  }
}

/** A dropout layer drawing its masks from `random`. */
export function makeDropout(rate: number, random: RandomState): Layer {
  return new Dropout(rate, { random });
}

/** The loss for a config name. */
export function makeLoss(name: LossName): Loss {
  switch (name) {
    case 'categoricalCrossentropy': return new CategoricalCrossentropy();
    case 'binaryCrossentropy': return new BinaryCrossentropy();
    case 'meanSquaredError': return new MeanSquaredError();
    case 'meanAbsoluteError': return new MeanAbsoluteError();
  }
}

/** The optimizer for a config, with the hyperparameters it has. */
export function makeOptimizer(config: OptimizerConfig): Optimizer {
  const { learningRate, decay, epsilon } = config;
  switch (config.name) {
    case 'sgd': return new SGD({ learningRate, decay, momentum: config.momentum });
    case 'adagrad': return new Adagrad({ learningRate, decay, epsilon });
    case 'rmsprop': return new RMSprop({ learningRate, decay, epsilon, rho: config.rho });
    case 'adam': return new Adam({ learningRate, decay, epsilon, beta1: config.beta1, beta2: config.beta2 });
  }
}

export type { Optimizer };
