// The Model against the book's own Model code run with NumPy under the book's semantics
// (test/reference/model_reference.py → model.json): chapter 18's full-batch log and chapter 19's
// batched log line by line, and every bit of the final weights; then saving, loading and resuming.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Matrix, Model, ModelError, NonFiniteLossError,
  RandomState, ReLU, SGD, ShapeError, Softmax, spiralData,
} from '../../src/index.ts';
import { ModelFileError } from '../../src/index.ts';
import { decodeCheckpoint, encodeCheckpoint, loadModel, loadModelParameters, saveModel, saveModelParameters } from '../../src/io/index.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const reference: any = JSON.parse(readFileSync(new URL('../reference/model.json', import.meta.url), 'utf8'));

function sha256(m: Matrix): string {
  return createHash('sha256').update(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength)).digest('hex');
}

function assertSameParameters(model: Model, expected: Record<string, { dtype: string; sha256: string }>, what: string): void {
  const tensors = model.namedParameters();
  assert.deepEqual([...tensors.keys()].sort(), Object.keys(expected).sort(), `${what}: parameter names`);
  for (const [name, m] of tensors) {
    assert.equal(m.dtype, expected[name]!.dtype, `${what}: ${name} dtype`);
    assert.equal(sha256(m), expected[name]!.sha256, `${what}: some bit of ${name} differs from NumPy's`);
  }
}

/** The chapter 18 model: 2 → 512 (L2 5e-4) → ReLU → dropout 0.1 → 3 → softmax, Adam lr 0.05 decay 5e-5. */
function chapter18(random: RandomState): Model {
  const model = new Model();
  model.add(new Dense(2, 512, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 }));
  model.add(new ReLU());
  model.add(new Dropout(0.1, { random }));
  model.add(new Dense(512, 3, { random }));
  model.add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05, decay: 5e-5 }), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

/** The batched reference run: spiral data shuffled, 2 → 64 (L2) → ReLU → dropout → 3 → softmax. */
function batchedSetup(): { model: Model; random: RandomState; X: Matrix; y: Int32Array; XTest: Matrix; yTest: Int32Array } {
  const random = new RandomState(0);
  const data = spiralData(1000, 3, random);
  const keys = Int32Array.from({ length: data.X.rows }, (_, i) => i);
  random.shuffle(keys);
  const X = new Matrix(data.X.rows, data.X.cols);
  const y = new Int32Array(data.y.length);
  keys.forEach((k, i) => {
    X.data.set(data.X.data.subarray(k * 2, k * 2 + 2), i * 2);
    y[i] = data.y[k]!;
  });
  const test = spiralData(100, 3, random);
  const model = new Model();
  model.add(new Dense(2, 64, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 }));
  model.add(new ReLU());
  model.add(new Dropout(0.1, { random }));
  model.add(new Dense(64, 3, { random }));
  model.add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05, decay: 5e-5 }), accuracy: new CategoricalAccuracy() });
  model.finalize();
  return { model, random, X, y, XTest: test.X, yTest: test.y };
}

test('chapter 18: 200 epochs of the Model print NumPy\'s log line by line and end with its weights bit for bit', () => {
  const random = new RandomState(0);
  const { X, y } = spiralData(1000, 3, random);
  const testData = spiralData(100, 3, random);
  const model = chapter18(random);
  const lines: string[] = [];
  model.train(X, y, { validationData: [testData.X, testData.y], epochs: reference.ch18.epochs, printEvery: reference.ch18.printEvery, log: (line) => lines.push(line) });
  assert.deepEqual(lines, reference.ch18.lines);
  assertSameParameters(model, reference.ch18.final, 'chapter 18');
});

test('chapter 19: batches of 128 (the last smaller) print NumPy\'s steps, epoch summaries and validation, and evaluate and predict in batches agree', () => {
  const { model, X, y, XTest, yTest } = batchedSetup();
  const lines: string[] = [];
  const log = (line: string): number => lines.push(line);
  model.train(X, y, { validationData: [XTest, yTest], epochs: 3, batchSize: 128, printEvery: 10, log });
  model.evaluate(XTest, yTest, { batchSize: 64, log });
  assert.deepEqual(lines, reference.batched.lines);
  // ceil(3000 / 128) = 24 steps an epoch, steps 0 to 23
  assert.equal(lines.filter((l) => l.startsWith('step: 23, ')).length, 3);
  assert.ok(!lines.some((l) => l.startsWith('step: 24, ')));
  assertSameParameters(model, reference.batched.final, 'batched');
  const outputs = model.predict(XTest, { batchSize: 64 });
  assert.equal(sha256(outputs), reference.batched.predict.sha256);
  // The batch size of predict and evaluate changes nothing but the memory used.
  assert.equal(sha256(model.predict(XTest)), reference.batched.predict.sha256);
});

test('a run stopped in the middle of an epoch and resumed from a checkpoint prints the same log and ends with the same bits', () => {
  const whole = batchedSetup();
  const wholeLines: string[] = [];
  whole.model.train(whole.X, whole.y, { validationData: [whole.XTest, whole.yTest], epochs: 3, batchSize: 128, printEvery: 5, log: (l) => wholeLines.push(l) });

  const first = batchedSetup();
  const lines: string[] = [];
  let bytes: Uint8Array | undefined;
  for (const report of first.model.training(first.X, first.y, { validationData: [first.XTest, first.yTest], epochs: 3, batchSize: 128, printEvery: 5, log: (l) => lines.push(l) })) {
    if (report.kind === 'step' && report.epoch === 2 && report.step === 7) {
      bytes = encodeCheckpoint({ model: first.model, random: first.random, position: first.model.positionAfter(report), settings: { note: 'test' } });
      break;
    }
  }
  const restored = decodeCheckpoint(bytes!, 'test checkpoint');
  assert.deepEqual(restored.position.epoch, 1);
  assert.deepEqual(restored.position.step, 8);
  assert.deepEqual(restored.settings, { note: 'test' });
  restored.model.train(first.X, first.y, { validationData: [first.XTest, first.yTest], epochs: 3, batchSize: 128, printEvery: 5, start: restored.position, log: (l) => lines.push(l) });
  assert.deepEqual(lines, wholeLines);
  const a = whole.model.namedParameters();
  for (const [name, m] of restored.model.namedParameters()) assert.equal(sha256(m), sha256(a.get(name)!), name);
});

test('a saved and loaded model evaluates bit-identically; so does a model given the saved parameters', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-model-'));
  try {
    const { model, X, y, XTest, yTest } = batchedSetup();
    model.train(X, y, { epochs: 1, batchSize: 128, log: () => {} });
    model.classes = ['zero', 'one', 'two'];
    const quiet = { log: (): void => {} };
    const before = model.evaluate(XTest, yTest, quiet);

    saveModel(model, join(dir, 'model.safetensors'));
    const loaded = loadModel(join(dir, 'model.safetensors'));
    const after = loaded.evaluate(XTest, yTest, quiet);
    assert.ok(Object.is(after.loss, before.loss) && Object.is(after.accuracy, before.accuracy), `${JSON.stringify(after)} vs ${JSON.stringify(before)}`);
    assert.equal(sha256(loaded.predict(XTest)), sha256(model.predict(XTest)));
    assert.deepEqual(loaded.classes, ['zero', 'one', 'two']);
    assert.deepEqual(loaded.toArchitecture(), model.toArchitecture());

    saveModelParameters(model, join(dir, 'params.safetensors'));
    const fresh = batchedSetup().model;
    loadModelParameters(fresh, join(dir, 'params.safetensors'));
    const fromParameters = fresh.evaluate(XTest, yTest, quiet);
    assert.ok(Object.is(fromParameters.loss, before.loss) && Object.is(fromParameters.accuracy, before.accuracy));

    // getParameters / setParameters copy values, not references
    const copy = batchedSetup().model;
    copy.setParameters(model.getParameters());
    assert.equal(sha256(copy.predict(XTest)), sha256(model.predict(XTest)));

    // Parameters of another shape are refused with both shapes named
    const other = new Model().add(new Dense(2, 8, { random: new RandomState(1) })).add(new Softmax()).finalize();
    assert.throws(() => loadModelParameters(other, join(dir, 'params.safetensors')), (e: Error) => e instanceof ModelFileError && /\(2, 64\)|\(2, 8\)/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bad input gets a clear error naming what is wrong', () => {
  const random = new RandomState(0);
  const model = new Model();
  model.add(new Dense(2, 4, { random })).add(new ReLU()).add(new Dense(4, 3, { random })).add(new Softmax());
  const X = Matrix.from([[0, 1], [1, 0]]);
  // not finalized / not set
  assert.throws(() => model.train(X, [0, 1]), ModelError);
  assert.throws(() => model.predict(X), /not finalized/);
  model.finalize();
  assert.throws(() => model.train(X, [0, 1]), /no loss or optimizer or accuracy/);
  assert.equal(model.predict(X).rows, 2, 'predict needs no loss');
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new SGD(), accuracy: new CategoricalAccuracy() }).finalize();
  const quiet = { log: (): void => {} };
  // inputs of the wrong width: both shapes named
  assert.throws(() => model.train(Matrix.from([[0, 1, 2]]), [0], quiet), (e: Error) => e instanceof ShapeError && e.message.includes('(1, 3)') && e.message.includes('(2, 4)'));
  // one label per sample
  assert.throws(() => model.train(X, [0], quiet), (e: Error) => e instanceof ShapeError && e.message.includes('(2, 2)') && e.message.includes('1 labels'));
  assert.throws(() => model.evaluate(X, Matrix.from([[1, 0, 0]]), quiet), (e: Error) => e instanceof ShapeError && e.message.includes('(2, 2)') && e.message.includes('(1, 3)'));
  // labels out of range, NaN inputs, empty data, bad options
  assert.throws(() => model.train(X, [0, 3], quiet), /label 3 of sample 1 is out of range.*0 to 2/);
  assert.throws(() => model.train(Matrix.from([[0, NaN], [1, 0]]), [0, 1], quiet), /NaN at row 0, column 1/);
  assert.throws(() => model.train(new Matrix(0, 2), [], quiet), /no samples/);
  assert.throws(() => model.train(X, [0, 1], { ...quiet, batchSize: 0 }), /batchSize must be a positive integer/);
  assert.throws(() => model.train(X, [0, 1], { ...quiet, epochs: 1.5 }), /epochs must be a positive integer/);
  // layers that do not chain
  const broken = new Model().add(new Dense(2, 4, { random })).add(new Dense(5, 3, { random })).add(new Softmax());
  assert.throws(() => broken.finalize(), (e: Error) => e instanceof ShapeError && e.message.includes('(5, 3)') && e.message.includes('outputs 4'));
  // a model must end with an output activation
  assert.throws(() => new Model().add(new Dense(2, 3, { random })).finalize(), /cannot make predictions/);
});

test('training stops with a clear error when the loss becomes NaN', () => {
  const random = new RandomState(0);
  const model = new Model();
  model.add(new Dense(2, 4, { random })).add(new ReLU()).add(new Dense(4, 3, { random })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new SGD(), accuracy: new CategoricalAccuracy() }).finalize();
  (model.layers[0] as Dense).weights.data.fill(NaN);
  assert.throws(
    () => model.train(Matrix.from([[0, 1], [1, 0]]), [0, 1], { epochs: 3, log: () => {} }),
    (e: Error) => e instanceof NonFiniteLossError && /NaN at epoch 1/.test(e.message) && /learning rate/.test(e.message),
  );
});
