// Bad arguments to the file functions, and model files whose optimizer settings are out of range.
// A wrong kind of argument is the caller's mistake (a TypeError saying what to pass); a bad file is
// the file's (a ModelFileError or ImageFileError naming the file). Whatever an architecture says,
// building a model from it throws nothing but a ModelFileError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, ImageFileError, Matrix, Model, ModelFileError, RandomState, ReLU, Softmax,
  decodeModel, decodeSafetensors, encodeModel, encodeSafetensors, exportOnnx, validateArchitecture, type Architecture,
} from '../../src/index.ts';
import {
  encodeCheckpoint, loadCheckpoint, loadFashionMnist, loadModel, readImage, readImages, saveModel, writeFileAtomic,
} from '../../src/io/index.ts';
import { expectError, expectRejection } from './expect-error.ts';

const asAny = (value: unknown) => value as never;
const dir = mkdtempSync(join(tmpdir(), 'scratchnet-hardening-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function classifier(): Model {
  const random = new RandomState(0);
  const model = new Model().add(new Dense(2, 4, { random })).add(new ReLU()).add(new Dense(4, 3, { random })).add(new Softmax());
  return model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam(), accuracy: new CategoricalAccuracy() }).finalize();
}

test('an optimizer in a model file takes only its own options, each in its range', () => {
  const model = classifier();
  const architecture = model.toArchitecture();
  const tensors = model.namedParameters();
  const withOptimizer = (optimizer: unknown) => ({ ...architecture, optimizer }) as Architecture;
  expectError(() => validateArchitecture(withOptimizer({ type: 'adam', momentum: 0.9 })), ModelFileError, '"optimizer" (adam) has an unknown field "momentum"', 'beta1');
  expectError(() => validateArchitecture(withOptimizer({ type: 'sgd', momentum: 5 })), ModelFileError, 'momentum must be a finite number in [0, 1), got 5');
  expectError(() => validateArchitecture(withOptimizer({ type: 'rmsprop', rho: 1 })), ModelFileError, 'rho');
  expectError(() => validateArchitecture(withOptimizer({ type: 'adam', beta2: 1.5 })), ModelFileError, 'beta2');
  // Through a whole file: the reader refuses it before any optimizer is built.
  const bytes = encodeSafetensors(tensors, { format: 'scratchnet', architecture: JSON.stringify(withOptimizer({ type: 'sgd', momentum: 5 })) });
  expectError(() => decodeModel(bytes, 'bad.safetensors'), ModelFileError, 'bad.safetensors', 'momentum');
});

test('whatever the optimizer settings, building a model from an architecture throws only ModelFileError', () => {
  const base = classifier().toArchitecture();
  const values: unknown[] = [-1, 0, 1e-7, 0.5, 0.999, 1, 5, 1e308, '0.1', null, true, [], {}];
  const keys = ['learningRate', 'decay', 'momentum', 'epsilon', 'rho', 'beta1', 'beta2', 'lr'];
  let built = 0;
  let refused = 0;
  for (const type of ['sgd', 'adagrad', 'rmsprop', 'adam', 'nadam']) {
    for (const key of keys) {
      for (const value of values) {
        try {
          Model.fromArchitecture({ ...base, optimizer: { type, [key]: value } });
          built++;
        } catch (error) {
          assert.ok(error instanceof ModelFileError, `${type} ${key}=${JSON.stringify(value)}: ${(error as Error).name}: ${(error as Error).message}`);
          refused++;
        }
      }
    }
  }
  assert.ok(built > 0 && refused > 0);
});

test('the byte-level functions say what to pass when given the wrong kind of argument', () => {
  const tensors = classifier().namedParameters();
  expectError(() => encodeSafetensors(asAny({ w: Matrix.zeros(1, 1) })), TypeError, 'encodeSafetensors', 'Map');
  expectError(() => encodeSafetensors(new Map([['w', asAny([1, 2])]])), TypeError, 'tensor "w" must be a Matrix', 'plain array');
  expectError(() => decodeSafetensors(asAny('model.safetensors')), TypeError, 'Uint8Array', 'readFileSync');
  expectError(() => decodeSafetensors(new Uint8Array(3), 'tiny.safetensors'), ModelFileError, 'tiny.safetensors', 'too short');
  expectError(() => validateArchitecture(classifier().toArchitecture(), asAny({})), TypeError, 'Map');
  expectError(() => encodeModel(classifier().toArchitecture(), new Map()), ModelFileError, 'needs the tensor "layers.0.weights"');
  expectError(() => exportOnnx(asAny({ version: 1, layers: [] }), tensors), ModelFileError, '"layers" must be a non-empty list');
});

test('saving and loading check the model, the path and the file', () => {
  const path = join(dir, 'model.safetensors');
  expectError(() => saveModel(asAny({ layers: [] }), path), TypeError, 'saveModel', 'must be a Model');
  expectError(() => saveModel(classifier(), asAny(undefined)), TypeError, 'saveModel', 'path', "'model.safetensors'");
  expectError(() => writeFileAtomic('', 'text'), TypeError, 'non-empty string');
  expectError(() => writeFileAtomic(path, asAny(42)), TypeError, 'Uint8Array or a string');
  expectError(() => loadModel(join(dir, 'missing.safetensors')), ModelFileError, 'missing.safetensors', 'no such file');
  expectError(() => loadModel(dir), ModelFileError, 'is a directory');
  const text = join(dir, 'notes.safetensors');
  writeFileSync(text, 'these are not weights');
  expectError(() => loadModel(text), ModelFileError, 'notes.safetensors');
  expectError(() => loadCheckpoint(join(dir, 'missing.ckpt')), ModelFileError, 'no such checkpoint file');
  saveModel(classifier(), path);
  expectError(() => loadCheckpoint(path), ModelFileError, 'not a checkpoint');
});

test('checkpoints need the model, its generator and a position', () => {
  const model = classifier();
  const random = new RandomState(0);
  expectError(() => encodeCheckpoint(asAny({ model: {}, random, position: { epoch: 0, step: 0 } })), TypeError, 'checkpoint.model must be a Model');
  expectError(() => encodeCheckpoint(asAny({ model, random: 0, position: { epoch: 0, step: 0 } })), TypeError, 'checkpoint.random');
  expectError(() => encodeCheckpoint(asAny({ model, random, position: { epoch: -1, step: 0 } })), TypeError, 'checkpoint.position', 'positionAfter');
});

test('images: a list of paths, each a readable PNG, JPEG or WebP', async () => {
  await expectRejection(() => readImages([]), TypeError, 'non-empty list of image paths');
  await expectRejection(() => readImages(asAny('samples/tshirt.png')), TypeError, 'readImage(path)');
  await expectRejection(() => readImage(asAny(3)), TypeError, 'file name');
  await expectRejection(() => readImage(join(dir, 'missing.png')), ImageFileError, 'missing.png', 'no such file');
  const fake = join(dir, 'fake.png');
  writeFileSync(fake, 'GIF89a not a png');
  await expectRejection(() => readImage(fake), ImageFileError, 'fake.png', 'not a PNG, JPEG or WebP');
});

test('loadFashionMnist refuses options it does not know', () => {
  expectError(() => loadFashionMnist(asAny({ cache: '/tmp' })), TypeError, 'unknown option "cache"', 'cacheDir');
});

test('a model file whose weights hold NaN or Infinity is refused, naming the tensor and the element', () => {
  const model = classifier();
  const architecture = model.toArchitecture();
  for (const bad of [NaN, Infinity, -Infinity]) {
    const tensors = new Map(model.namedParameters());
    const biases = tensors.get('layers.2.biases')!.clone();
    biases.data[1] = bad;
    tensors.set('layers.2.biases', biases);
    const bytes = encodeSafetensors(tensors, { format: 'scratchnet', architecture: JSON.stringify(architecture) });
    expectError(() => decodeModel(bytes, 'diverged.safetensors'), ModelFileError, 'diverged.safetensors', `"layers.2.biases" holds ${bad} at row 0, column 1`, 'finite');
    expectError(() => encodeModel(architecture, tensors), ModelFileError, 'holds');
  }
});

test('a save into a folder that does not exist names that folder, not a temporary file', () => {
  const folder = join(dir, 'no-such-folder');
  const error = expectError(() => writeFileAtomic(join(folder, 'model.safetensors'), 'x'), Error, 'cannot save', folder, 'does not exist') as NodeJS.ErrnoException;
  assert.equal(error.code, 'ENOENT');
  assert.equal(error.path, folder);
  assert.doesNotMatch(error.message, /\.tmp/);
});
