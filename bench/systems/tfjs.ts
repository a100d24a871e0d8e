// TF.js's side of the benchmark: `tsx bench/systems/tfjs.ts <workload> cpu|wasm` prints one RESULT line.
// The wasm backend loads its .wasm files from node_modules (setWasmPaths), never from the network.
// Only tfjs-core is installed, and its gradient registry does not load in Node without a bundler, so
// the backward pass is written out with TF.js ops, as the book writes it with NumPy; Adam is TF.js's.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { RandomState } from '../../src/random.ts';
import { spiralData } from '../../src/datasets/spiral.ts';
import {
  MATMUL_SHAPES, MLP, ROUNDS, CH10, INFERENCE, report, reportRounds, uniform, syntheticImages, timedRounds, type Measures,
  medianSecondsPerCall, workloadArgument, ch10Metrics,
} from '../common.ts';

const workload = workloadArgument();
const backend = process.argv[3] === 'wasm' ? 'wasm' : 'cpu';
const SYSTEM = `tfjs-${backend}`;
const wasmDist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
setWasmPaths(wasmDist + '/');
if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} did not start`);
await tf.ready();

/** A dense layer's variables: weights 0.01·N(0, 1) (the book's init), biases zero. */
function dense(inputs: number, outputs: number): [tf.Variable, tf.Variable] {
  return [tf.variable(tf.mul(tf.randomNormal([inputs, outputs], 0, 1, 'float32', 0), 0.01)), tf.variable(tf.zeros([outputs]))];
}

type Layers = [tf.Variable, tf.Variable][];

/** Forward pass of dense layers with ReLU between them: the inputs of every layer, then the logits. */
function forward(x: tf.Tensor2D, layers: Layers): { inputs: tf.Tensor2D[]; logits: tf.Tensor2D } {
  const inputs: tf.Tensor2D[] = [];
  let h = x;
  layers.forEach(([w, b], i) => {
    inputs.push(h);
    h = tf.add(tf.matMul(h, w), b);
    if (i < layers.length - 1) h = tf.relu(h);
  });
  return { inputs, logits: h };
}

/**
 * One training step: forward, softmax cross-entropy, the book's backward pass, Adam.
 * Returns the loss and the softmax output.
 */
function trainStep(x: tf.Tensor2D, oneHot: tf.Tensor2D, layers: Layers, optimizer: tf.Optimizer): { loss: number; probabilities: tf.Tensor2D } {
  const { loss, probabilities, grads } = tf.tidy(() => {
    const { inputs, logits } = forward(x, layers);
    const probabilities = tf.softmax(logits);
    const loss = tf.mean(tf.neg(tf.log(tf.sum(tf.mul(tf.clipByValue(probabilities, 1e-7, 1 - 1e-7), oneHot), 1))));
    const grads: Record<string, tf.Tensor> = {};
    // dL/dz = (ŷ − y) / N, then back through each dense layer and ReLU
    let d: tf.Tensor2D = tf.div(tf.sub(probabilities, oneHot), x.shape[0]);
    for (let i = layers.length - 1; i >= 0; i--) {
      const [w, b] = layers[i]!;
      grads[w.name] = tf.matMul(inputs[i]!, d, true, false);
      grads[b.name] = tf.sum(d, 0);
      if (i > 0) d = tf.mul(tf.matMul(d, w, false, true), tf.step(inputs[i]!));
    }
    return { loss, probabilities, grads };
  });
  optimizer.applyGradients(grads);
  tf.dispose(Object.values(grads));
  const value = loss.dataSync()[0]!;
  loss.dispose();
  return { loss: value, probabilities };
}

if (workload === 'matmul') {
  const random = uniform(2);
  const measures: Measures = {};
  for (const [m, k, n] of MATMUL_SHAPES) {
    const a = tf.tensor2d(Float32Array.from({ length: m * k }, () => random() * 2 - 1), [m, k]);
    const b = tf.tensor2d(Float32Array.from({ length: k * n }, () => random() * 2 - 1), [k, n]);
    const round = timedRounds(() => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    }, ROUNDS.matmul!.seconds!);
    measures[`${m}x${k}x${n} µs`] = () => round() * 1e6;
  }
  await reportRounds(SYSTEM, workload, measures);
}

if (workload === 'mlp') {
  const layers = [dense(MLP.inputs, MLP.hidden), dense(MLP.hidden, MLP.hidden), dense(MLP.hidden, MLP.classes)];
  const optimizer = tf.train.adam(0.001);
  const { X, y } = syntheticImages(MLP.batch * MLP.batches);
  const batches = Array.from({ length: MLP.batches }, (_, s) => ({
    X: tf.tensor2d(X.slice(s * MLP.batch * MLP.inputs, (s + 1) * MLP.batch * MLP.inputs), [MLP.batch, MLP.inputs]),
    y: tf.cast(tf.oneHot(tf.tensor1d(y.slice(s * MLP.batch, (s + 1) * MLP.batch), 'int32'), MLP.classes), 'float32') as tf.Tensor2D,
  }));
  let step = 0;
  const train = () => {
    const batch = batches[step++ % MLP.batches]!;
    trainStep(batch.X, batch.y, layers, optimizer).probabilities.dispose();
  };
  const round = timedRounds(train, ROUNDS.mlp!.seconds!);
  await reportRounds(SYSTEM, workload, { 'samples/s': () => MLP.batch / round() });
}

if (workload === 'ch10') {
  // The same spiral data as scratchnet and NumPy; TF.js's Adam has no learning-rate decay (5e-7 changes lr by 0.5% over the run).
  const data = spiralData(CH10.samples, CH10.classes, new RandomState(0));
  const X = tf.tensor2d(data.X.data as Float32Array, [data.X.rows, 2]);
  const labels = tf.tensor1d(data.y, 'int32');
  const Y = tf.cast(tf.oneHot(labels, CH10.classes), 'float32') as tf.Tensor2D;
  const layers = [dense(2, CH10.hidden), dense(CH10.hidden, CH10.classes)];
  const optimizer = tf.train.adam(CH10.learningRate, 0.9, 0.999, 1e-7);
  let accuracy = 0;
  let loss = 0;
  let epochs = 0;
  const start = performance.now();
  for (; epochs < CH10.epochs && performance.now() - start < CH10.budgetSeconds * 1000; epochs++) {
    // As the book: the loss and the accuracy of every epoch, then the update.
    const step = trainStep(X, Y, layers, optimizer);
    loss = step.loss;
    const predictions = tf.argMax(step.probabilities, 1);
    const hits = tf.sum(tf.cast(tf.equal(predictions, labels), 'float32'));
    accuracy = hits.dataSync()[0]! / labels.size;
    tf.dispose([step.probabilities, predictions, hits]);
  }
  const seconds = (performance.now() - start) / 1000;
  report({ system: SYSTEM, workload, metrics: ch10Metrics(epochs, seconds), notes: `${epochs < CH10.epochs ? `stopped after ${epochs} epochs (time extrapolated); ` : ''}acc ${accuracy.toFixed(3)}, loss ${loss.toFixed(3)} (no lr decay)` });
}

if (workload === 'inference') {
  const layers = [dense(MLP.inputs, MLP.hidden), dense(MLP.hidden, MLP.hidden), dense(MLP.hidden, MLP.classes)];
  const sample = tf.tensor2d(syntheticImages(1, 3).X, [1, MLP.inputs]);
  const predict = () => {
    const p = tf.tidy(() => tf.softmax(forward(sample, layers).logits));
    p.dataSync();
    p.dispose();
  };
  await reportRounds(SYSTEM, workload, { 'median µs': () => medianSecondsPerCall(predict, INFERENCE.calls) * 1e6 });
}
