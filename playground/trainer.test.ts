import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, dot } from '../src/matrix.ts';
import { decodeModel as decodeLibraryModel } from '../src/io/model-format.ts';
import { encodeSafetensors } from '../src/io/safetensors.ts';
import { Trainer } from './trainer.ts';
import { DEFAULT_CONFIG, lossesFor, outputsFor, reconcile, type DatasetName, type OptimizerName, type PlaygroundConfig } from './config.ts';

const config = (edit: (c: PlaygroundConfig) => void = () => {}): PlaygroundConfig => {
  const c = structuredClone(DEFAULT_CONFIG);
  edit(c);
  return reconcile(c);
};

test('the same seed gives the same run, weight for weight', () => {
  const a = new Trainer(config((c) => { c.batchSize = 64; c.dropout = 0.1; }));
  const b = new Trainer(config((c) => { c.batchSize = 64; c.dropout = 0.1; }));
  for (let e = 0; e < 15; e++) { a.trainEpoch(); b.trainEpoch(); }
  assert.deepEqual(a.layerWeights(), b.layerWeights());
  assert.deepEqual(a.evaluate(), b.evaluate());
  const other = new Trainer(config((c) => { c.seed = 1; c.batchSize = 64; c.dropout = 0.1; }));
  assert.notDeepEqual(other.layerWeights()[0]!.weights, a.layerWeights()[0]!.weights);
});

test('every data set trains with every output, loss and optimizer it allows', () => {
  const datasets: DatasetName[] = ['spiral', 'vertical', 'circle', 'xor', 'sine'];
  const optimizers: OptimizerName[] = ['sgd', 'adagrad', 'rmsprop', 'adam'];
  for (const name of datasets) {
    for (const output of outputsFor(name)) {
      for (const loss of lossesFor(output)) {
        optimizers.forEach((optimizer, i) => {
          const trainer = new Trainer(config((c) => {
            c.data = { name, samples: 40, classes: 3, noise: 0.05 };
            c.output = output;
            c.loss = loss;
            c.optimizer.name = optimizer;
            c.batchSize = i % 2 ? 16 : 0;
            c.l1 = i === 1 ? 1e-4 : 0;
            c.l2 = i === 2 ? 5e-4 : 0;
            c.dropout = i === 3 ? 0.1 : 0;
          }));
          for (let e = 0; e < 3; e++) trainer.trainEpoch();
          const m = trainer.evaluate();
          const what = `${name}/${output}/${loss}/${optimizer}`;
          assert.ok(Number.isFinite(m.loss) && m.accuracy >= 0 && m.accuracy <= 1, what);
          const grid = trainer.grid();
          assert.ok(grid.values.every(Number.isFinite), what);
          const trace = trainer.trace('validation', 3);
          assert.equal(trace.layers.length, 3, what);
        });
      }
    }
  }
});

test('the default spiral run passes 0.9 training accuracy within 1,000 epochs', () => {
  const trainer = new Trainer(DEFAULT_CONFIG);
  let accuracy = 0;
  for (let e = 1; e <= 1000 && accuracy < 0.9; e++) {
    trainer.trainEpoch();
    if (e % 50 === 0) accuracy = trainer.evaluate().accuracy;
  }
  assert.ok(accuracy >= 0.9, `accuracy ${accuracy} after ${trainer.epoch} epochs`);
});

test('the step-through shows what the library computes: z = x·W + b, then ReLU, softmax and the loss gradient', () => {
  const trainer = new Trainer(DEFAULT_CONFIG);
  for (let e = 0; e < 20; e++) trainer.trainEpoch();
  const trace = trainer.trace('train', 150);
  const x = trainer.data.train.X.sliceRows(150, 151);
  const first = trainer.layers[0]!.dense;
  const z = dot(x, first.weights).data.map((v, j) => Math.fround(v + first.biases.data[j]!));
  assert.deepEqual(trace.layers[0]!.outputs, Array.from(z));
  assert.deepEqual(trace.layers[0]!.activated, Array.from(z, (v) => Math.max(0, v)));
  const p = trace.layers[2]!.activated;
  assert.ok(Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-6);
  // Categorical cross-entropy of one sample: L = −log p[label]; dL/dp = −1/p at the label.
  const label = trainer.data.train.labels![150]!;
  assert.equal(trace.loss.value, -Math.fround(Math.log(p[label]!)));
  assert.equal(trace.dloss[label], Math.fround(-1 / p[label]!));
  // Through the softmax's Jacobian the gradient agrees with the combined shortcut ŷ − y (one sample, N = 1).
  const output = trace.layers[2]!;
  assert.equal(output.softmax!.combined![label], Math.fround(p[label]! - 1));
  output.softmax!.combined!.forEach((g, j) => assert.ok(Math.abs(g - output.doutputs[j]!) < 1e-6, `class ${j}: ${g} vs ${output.doutputs[j]}`));
  // dL/dw_ij = x_i · dL/dz_j for the first layer (no penalty here).
  const j = 5;
  assert.equal(trace.layers[0]!.dweights[1]![j], Math.fround(trace.input[1]! * trace.layers[0]!.doutputs[j]!));
});

test('an exported model is a scratchnet model file, and importing it restores the same network', () => {
  const trainer = new Trainer(config((c) => { c.dropout = 0.2; c.l2 = 1e-4; }));
  for (let e = 0; e < 10; e++) trainer.trainEpoch();
  const { safetensors, architecture } = trainer.exportModel();
  const library = decodeLibraryModel(safetensors);
  assert.deepEqual(library.architecture.layers.map((l) => l.type), ['dense', 'relu', 'dropout', 'dense', 'relu', 'dropout', 'dense', 'softmax']);
  assert.deepEqual(JSON.parse(architecture), library.architecture);
  const copy = Trainer.importModel(safetensors, undefined, DEFAULT_CONFIG);
  assert.deepEqual(copy.config, trainer.config);
  assert.deepEqual(copy.layerWeights(), trainer.layerWeights());
  assert.deepEqual(copy.grid(), trainer.grid());
});

test('a weights file from elsewhere is imported with its architecture .json, and the data set follows its widths', () => {
  const weights = new Map<string, Matrix>([
    ['layers.0.weights', Matrix.from([[0.5, -0.5, 1, 0.1]])],
    ['layers.0.biases', Matrix.from([[0, 0.1, 0, 0]])],
    ['layers.2.weights', Matrix.from([[1], [2], [3], [4]])],
    ['layers.2.biases', Matrix.from([[0.5]])],
  ]);
  const architecture = JSON.stringify({
    version: 1,
    layers: [{ type: 'dense', inputs: 1, neurons: 4 }, { type: 'sigmoid' }, { type: 'dense', inputs: 4, neurons: 1 }, { type: 'linear' }],
    loss: 'meanSquaredError',
  });
  const trainer = Trainer.importModel(encodeSafetensors(weights), architecture, DEFAULT_CONFIG);
  assert.equal(trainer.config.data.name, 'sine');
  assert.deepEqual(trainer.config.hidden, [{ neurons: 4, activation: 'sigmoid' }]);
  assert.equal(trainer.config.output, 'linear');
  assert.deepEqual(Array.from(trainer.layers[1]!.dense.weights.data), [1, 2, 3, 4]);
  assert.throws(() => Trainer.importModel(encodeSafetensors(weights), undefined, DEFAULT_CONFIG), /no architecture/);
});
