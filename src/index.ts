// The public API of scratchnet: lessons, the CLI and the playground import from here.
export * from './matrix.ts';
export * from './random.ts';
export type { Layer, Parameter } from './layers/layer.ts';
export * from './layers/dense.ts';
export * from './activations/relu.ts';
export * from './activations/softmax.ts';
export * from './losses/loss.ts';
export * from './losses/categorical-crossentropy.ts';
export * from './losses/softmax-crossentropy.ts';
export * from './accuracy.ts';
export * from './gradient-check.ts';
export * from './format.ts';
export * from './datasets/spiral.ts';
export * from './datasets/vertical.ts';
export * from './datasets/sine.ts';
export * from './plot/index.ts';
