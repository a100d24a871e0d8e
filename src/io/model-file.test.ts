import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { ModelFileError } from './errors.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';
import { validateArchitecture, type Architecture } from './architecture.ts';
import { decodeModel, encodeModel } from './model-format.ts';
import { loadModelFile, loadParameters, saveModelFile, saveParameters } from './model-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'scratchnet-model-'));

/** Chapter 19's network, 784 → 128 → 128 → 10, with dropout added to show every kind of layer. */
const architecture: Architecture = {
  version: 1,
  layers: [
    { type: 'dense', inputs: 784, neurons: 128, weightRegularizerL2: 5e-4 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.1 },
    { type: 'dense', inputs: 128, neurons: 128 },
    { type: 'relu' },
    { type: 'dense', inputs: 128, neurons: 10 },
    { type: 'softmax' },
  ],
  loss: 'categoricalCrossentropy',
  accuracy: 'categorical',
  optimizer: { type: 'adam', learningRate: 0.001, decay: 1e-3 },
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

function randomTensors(arch: Architecture, seed = 0): Map<string, Matrix> {
  const random = new RandomState(seed);
  const tensors = new Map<string, Matrix>();
  arch.layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    const w = new Matrix(layer.inputs, layer.neurons);
    const b = new Matrix(1, layer.neurons);
    for (const m of [w, b]) for (let k = 0; k < m.data.length; k++) m.data[k] = 0.01 * random.randn();
    tensors.set(`layers.${i}.weights`, w);
    tensors.set(`layers.${i}.biases`, b);
  });
  return tensors;
}

const tensors = randomTensors(architecture);

test('a saved model loads back with the same architecture and bit-identical weights', () => {
  const path = join(dir, 'fashion.safetensors');
  saveModelFile(path, architecture, tensors);
  const loaded = loadModelFile(path);
  assert.deepEqual(loaded.architecture, architecture);
  assert.deepEqual([...loaded.tensors.keys()].sort(), [...tensors.keys()].sort());
  for (const [name, m] of tensors) {
    const back = loaded.tensors.get(name)!;
    assert.deepEqual(back.shape, m.shape);
    assert.deepEqual(new Uint8Array(back.data.buffer), new Uint8Array(m.data.buffer), name);
  }
});

test('a model file is plain safetensors with the architecture as JSON in its metadata', () => {
  const bytes = readFileSync(join(dir, 'fashion.safetensors'));
  const { metadata, tensors: read } = decodeSafetensors(bytes);
  assert.equal(metadata.get('format'), 'scratchnet');
  assert.deepEqual(JSON.parse(metadata.get('architecture')!), architecture);
  assert.deepEqual(read.get('layers.5.weights')!.shape, [128, 10]);
  // 784·128 + 128 + 128·128 + 128 + 128·10 + 10 = 118,282 float32 parameters, plus the header.
  assert.ok(bytes.length > 118282 * 4 && bytes.length < 118282 * 4 + 2048, `${bytes.length} bytes`);
});

test('parameters-only files: loadParameters reads them (and model files); loadModelFile says what they are', () => {
  const path = join(dir, 'params.safetensors');
  saveParameters(path, tensors);
  assert.deepEqual(loadParameters(path).get('layers.0.biases')!.data, tensors.get('layers.0.biases')!.data);
  assert.equal(loadParameters(join(dir, 'fashion.safetensors')).size, 6);
  assert.throws(() => loadModelFile(path), /holds weights but no architecture: it is a parameters file/);
});

test('missing files and directories get a ModelFileError, not an fs error', () => {
  assert.throws(() => loadModelFile(join(dir, 'nope.safetensors')), { name: 'ModelFileError', message: /nope\.safetensors: no such file/ });
  assert.throws(() => loadModelFile(dir), { name: 'ModelFileError', message: /is a directory/ });
  const junk = join(dir, 'junk.safetensors');
  writeFileSync(junk, 'this is not a model');
  assert.throws(() => loadModelFile(junk), { name: 'ModelFileError', message: /junk\.safetensors: the header length .* over the 100 MB limit/ });
});

test('saving a model whose architecture does not fit its weights throws and leaves the old file as it was', () => {
  const path = join(dir, 'keep.safetensors');
  saveModelFile(path, architecture, tensors);
  const before = readFileSync(path);
  const wrong = new Map(tensors);
  wrong.set('layers.5.weights', new Matrix(128, 9));
  assert.throws(() => saveModelFile(path, architecture, wrong), /"layers\.5\.weights" has shape \(128, 9\), but layer 5 \(dense, 128 → 10\) needs \(128, 10\)/);
  assert.deepEqual(readFileSync(path), before);
});

const layers = (...list: unknown[]) => ({ version: 1, layers: list });
const dense = (inputs: unknown, neurons: unknown, extra = {}) => ({ type: 'dense', inputs, neurons, ...extra });

const badArchitectures: [string, unknown, RegExp][] = [
  ['not an object', [1, 2], /the architecture must be a JSON object/],
  ['no version', { layers: [dense(2, 3)] }, /"version" must be 1, got undefined/],
  ['a newer version', { version: 2, layers: [dense(2, 3)] }, /version 2 was written by a newer scratchnet/],
  ['no layers', { version: 1, layers: [] }, /"layers" must be a non-empty list/],
  ['an unknown layer type', layers(dense(2, 3), { type: 'conv2d' }), /layer 1 has type "conv2d"; known types are dense, dropout, relu, softmax, sigmoid, linear/],
  ['a layer without a type', layers({ neurons: 3 }), /layer 0 has type undefined/],
  ['zero neurons', layers(dense(2, 0)), /layer 0 \(dense\) "neurons" must be a whole number from 1 to 1000000, got 0/],
  ['fractional inputs', layers(dense(2.5, 3)), /"inputs" must be a whole number/],
  ['a size given as a string', layers(dense('2', 3)), /got "2"/],
  ['a huge layer', layers(dense(1000000, 1000000)), /would have 1000000000000 weights/],
  ['widths that do not chain', layers(dense(2, 64), { type: 'relu' }, dense(32, 3)), /layer 2 \(dense\) takes 32 inputs, but the layer before it outputs 64/],
  ['a dropout rate of 1', layers(dense(2, 3), { type: 'dropout', rate: 1 }), /"rate" must be a finite number in \[0, 1\), got 1/],
  ['a negative regularizer', layers(dense(2, 3, { weightRegularizerL2: -1 })), /"weightRegularizerL2" must be a finite number at least 0/],
  ['a misspelt field', layers(dense(2, 3, { nuerons: 3 })), /unknown field "nuerons"/],
  ['a field on an activation', layers(dense(2, 3), { type: 'relu', alpha: 0.1 }), /layer 1 \(relu\) has an unknown field "alpha"/],
  ['only activations', layers({ type: 'relu' }), /no dense layer/],
  ['an unknown loss', { ...layers(dense(2, 3)), loss: 'hinge' }, /"loss" is "hinge"; known: categoricalCrossentropy/],
  ['an unknown optimizer', { ...layers(dense(2, 3)), optimizer: { type: 'lion' } }, /"optimizer" type is "lion"/],
  ['an infinite learning rate', { ...layers(dense(2, 3)), optimizer: { type: 'sgd', learningRate: 'Infinity' } }, /"optimizer" learningRate must be a finite number/],
  ['too few class names', { ...layers(dense(2, 3)), classes: ['a', 'b'] }, /"classes" names 2 classes, but the model has 3 outputs/],
  ['an unknown top-level field', { ...layers(dense(2, 3)), code: 'x' }, /the architecture has an unknown field "code"/],
];

for (const [what, json, message] of badArchitectures) {
  test(`validateArchitecture rejects ${what}`, () => {
    assert.throws(() => validateArchitecture(json), (error: unknown) => error instanceof ModelFileError && message.test(error.message));
  });
}

test('validateArchitecture checks the weights: missing, misshapen and unexpected tensors are rejected, optimizer state is allowed', () => {
  const arch = validateArchitecture(layers(dense(2, 3), { type: 'softmax' }));
  const ok = new Map([['layers.0.weights', new Matrix(2, 3)], ['layers.0.biases', new Matrix(1, 3)]]);
  assert.deepEqual(validateArchitecture(arch, ok), arch);
  assert.throws(() => validateArchitecture(arch, new Map([['layers.0.weights', new Matrix(2, 3)]])), /needs the tensor "layers\.0\.biases", which the weights do not have/);
  assert.throws(() => validateArchitecture(arch, new Map([...ok, ['layers.0.biases', new Matrix(3, 1)]])), /"layers\.0\.biases" has shape \(3, 1\), but layer 0 \(dense, 2 → 3\) needs \(1, 3\)/);
  assert.throws(() => validateArchitecture(arch, new Map([...ok, ['layers.1.weights', new Matrix(3, 3)]])), /a tensor "layers\.1\.weights" that no layer of the architecture uses/);
  assert.doesNotThrow(() => validateArchitecture(arch, new Map([...ok, ['optimizer.layers.0.weights.momentum', new Matrix(2, 3)]])));
});

test('an architecture hidden in the metadata is parsed strictly: duplicate keys and __proto__ are refused', () => {
  const weights = new Map([['layers.0.weights', new Matrix(2, 3)], ['layers.0.biases', new Matrix(1, 3)]]);
  const file = (text: string) => encodeSafetensors(weights, { format: 'scratchnet', architecture: text });
  assert.throws(() => decodeModel(file('{"version":1,"layers":[{"type":"dense","inputs":2,"neurons":3,"neurons":4}]}'), 'm.safetensors'),
    { name: 'ModelFileError', message: 'm.safetensors (architecture): the key "neurons" appears twice in the same object.' });
  assert.throws(() => decodeModel(file('{"version":1,"__proto__":{"layers":[]},"layers":[{"type":"dense","inputs":2,"neurons":3}]}')), /"__proto__" is not allowed/);
  assert.throws(() => decodeModel(file('{"version":1,')), /\(architecture\): the header is not valid JSON/);
  assert.throws(() => decodeModel(file('{"version":1,"layers":[{"type":"dense","inputs":3,"neurons":3}]}')), /"layers\.0\.weights" has shape \(2, 3\), but layer 0 \(dense, 3 → 3\) needs \(3, 3\)/);
  assert.equal(decodeModel(file('{"version":1,"layers":[{"type":"dense","inputs":2,"neurons":3}]}')).architecture.layers.length, 1);
});

test('fuzz: 10,000 model files with mutated architectures (fixed seed) either load or throw a ModelFileError', () => {
  const small: Architecture = { version: 1, layers: [{ type: 'dense', inputs: 2, neurons: 4 }, { type: 'relu' }, { type: 'dropout', rate: 0.1 }, { type: 'dense', inputs: 4, neurons: 3 }, { type: 'softmax' }], loss: 'categoricalCrossentropy', optimizer: { type: 'adam', learningRate: 0.05 } };
  const weights = randomTensors(small, 3);
  const text = JSON.stringify(small);
  const random = new RandomState(7);
  const pick = (n: number) => Math.floor(random.rand() * n);
  const pieces = ['"dense"', '"relu"', '"conv"', '0', '-1', '1e9', '4', '3', '2', '"inputs"', '"neurons"', '"__proto__"', 'null', '[]', '{}', ',', ':', '"rate"', '1', 'true'];
  const outcomes = { loaded: 0, rejected: 0 };
  const start = performance.now();
  for (let i = 0; i < 10000; i++) {
    let mutated = text;
    for (let n = pick(4) === 0 ? 2 + pick(2) : 1; n > 0; n--) {
      const at = pick(mutated.length);
      const cut = pick(3) === 0 ? pick(6) : 0;
      mutated = mutated.slice(0, at) + (cut ? '' : pieces[pick(pieces.length)]) + mutated.slice(at + (cut || (pick(2) ? 0 : 1)));
    }
    try {
      decodeModel(encodeSafetensors(weights, { format: 'scratchnet', architecture: mutated }), 'fuzz');
      outcomes.loaded++;
    } catch (error) {
      if (!(error instanceof ModelFileError)) assert.fail(`mutation ${i} escaped as ${String(error)}: ${mutated}`);
      outcomes.rejected++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  assert.ok(outcomes.rejected > 5000 && outcomes.loaded > 0, JSON.stringify(outcomes));
  assert.ok(seconds < 30, `took ${seconds.toFixed(2)} s`);
  console.log(`model fuzz: ${outcomes.loaded} loaded, ${outcomes.rejected} rejected in ${seconds.toFixed(2)} s`);
});

test('encodeModel and decodeModel are the browser-side pair: bytes in, bytes out', () => {
  const bytes = encodeModel(architecture, tensors);
  assert.deepEqual(decodeModel(bytes).architecture, architecture);
});
