/**
 * The messages between the page and the training worker. The worker owns the network and the data;
 * the page only draws what the worker reports. Typed arrays travel by structured clone.
 */
import type { PlaygroundConfig } from './config.ts';
import type { Trace } from './trace.ts';

/** A data set as plain arrays: `X` holds `count × features` values row-major. */
export interface DataPoints {
  count: number;
  features: number;
  X: Float32Array;
  /** Class index per sample (classification) or the target value (regression). */
  y: Float32Array;
}

/** The training and validation data, sent after each reset. */
export interface DataMessage {
  type: 'data';
  /** The config the data and network were built from (an imported model brings its own). */
  config: PlaygroundConfig;
  train: DataPoints;
  validation: DataPoints;
  /** 1 for regression. */
  classes: number;
  regression: boolean;
}

/** Loss and accuracy on both sets after some epoch. */
export interface Metrics {
  epoch: number;
  /** Optimizer steps taken so far (one per batch). */
  steps: number;
  /** Data loss plus regularization loss on the training set. */
  loss: number;
  dataLoss: number;
  regularizationLoss: number;
  accuracy: number;
  validationLoss: number;
  validationAccuracy: number;
  /** The decayed learning rate the optimizer used last. */
  learningRate: number;
}

/** One Dense layer's parameters, for drawing (`weights` is inputs × neurons, row-major). */
export interface LayerWeights {
  inputs: number;
  neurons: number;
  weights: Float32Array;
  biases: Float32Array;
  /** The activation after this layer. */
  activation: string;
}

/**
 * The network's outputs over a grid covering the data: `resolution × resolution` cells row by row
 * from the top (classification, `outputs` values each), or `resolution` x positions (regression).
 */
export interface Grid {
  resolution: number;
  /** The region covered: [xMin, xMax, yMin, yMax]. */
  bounds: [number, number, number, number];
  outputs: number;
  values: Float32Array;
}

/** What the page needs to redraw: sent after every chunk of training. */
export interface SnapshotMessage {
  type: 'snapshot';
  metrics: Metrics;
  layers: LayerWeights[];
  grid: Grid;
  running: boolean;
}

/** The step-through of one sample. */
export interface TraceMessage {
  type: 'trace';
  trace: Trace;
}

/** A trained model as files. */
export interface ExportMessage {
  type: 'export';
  safetensors: Uint8Array;
  architecture: string;
}

/** Something went wrong in the worker; the page shows the message. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

/** Worker → page. */
export type WorkerMessage = DataMessage | SnapshotMessage | TraceMessage | ExportMessage | ErrorMessage;

/** Page → worker. */
export type PageMessage =
  /** New data and a new network from this config; training stops. */
  | { type: 'reset'; config: PlaygroundConfig }
  | { type: 'train' }
  | { type: 'pause' }
  /** Train exactly `epochs` epochs (reporting as Train does), then stop. */
  | { type: 'step'; epochs: number }
  /** Step through sample `index` of a set. */
  | { type: 'trace'; split: 'train' | 'validation'; index: number }
  | { type: 'export' }
  /** Replace the network by an imported one. */
  | { type: 'import'; safetensors: Uint8Array; architecture?: string; config: PlaygroundConfig };
