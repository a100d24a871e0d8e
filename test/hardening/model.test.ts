// Bad input to the Model: wrong types, shapes, labels, NaN and Infinity in the data, options out of
// range or misspelt, and a model used before it is complete. Each gets the right error type, and a
// message that names the problem and the fix, before a single step is taken.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adam, CategoricalAccuracy, CategoricalCrossentropy, Dense, Linear, Matrix, MeanSquaredError, Model, ModelError,
  RandomState, RegressionAccuracy, ReLU, ShapeError, Softmax,
} from '../../src/index.ts';
import { expectError } from './expect-error.ts';

const asAny = (value: unknown) => value as never;
const quiet = { log: () => {} };

/** 2 → 4 → 3 softmax classifier, finalized. */
function classifier(): Model {
  const random = new RandomState(0);
  const model = new Model();
  model.add(new Dense(2, 4, { random })).add(new ReLU()).add(new Dense(4, 3, { random })).add(new Softmax());
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam(), accuracy: new CategoricalAccuracy() });
  return model.finalize();
}

const X = Matrix.from([[0, 1], [1, 0], [0.5, 0.5]]);
const y = [0, 1, 2];

test('X must be a non-empty Matrix of finite numbers as wide as the first layer', () => {
  const model = classifier();
  expectError(() => model.train(asAny([[0, 1]]), [0], quiet), TypeError, 'Model.train: X', 'plain array', 'Matrix.from');
  expectError(() => model.train(new Matrix(0, 2), [], quiet), ShapeError, '(0, 2)', 'no samples');
  expectError(() => model.train(Matrix.zeros(3, 5), y, quiet), ShapeError, '(3, 5)', '(2, 4)', 'give X with 2 columns');
  expectError(() => model.train(Matrix.from([[0, 1], [NaN, 0], [1, 1]]), y, quiet), RangeError, 'NaN at row 1, column 0', 'finite');
  expectError(() => model.train(Matrix.from([[0, 1], [1, 0], [1, -Infinity]]), y, quiet), RangeError, '-Infinity at row 2, column 1');
  expectError(() => model.evaluate(Matrix.from([[Infinity, 0]]), [0], quiet), RangeError, 'Model.evaluate: X holds Infinity');
  expectError(() => model.predict(Matrix.from([[0, NaN]])), RangeError, 'Model.predict: X holds NaN at row 0, column 1');
  expectError(() => model.predict(Matrix.zeros(1, 3)), ShapeError, 'Model.predict', '(1, 3)', '(2, 4)');
  expectError(() => model.predict(asAny(undefined)), TypeError, 'Model.predict: X', 'got undefined');
});

test('labels: one whole number per sample, within the model\'s outputs', () => {
  const model = classifier();
  expectError(() => model.train(X, [0, 1], quiet), ShapeError, '(3, 2)', '2 labels', 'one label per sample');
  expectError(() => model.train(X, [0, 1, 3], quiet), RangeError, 'label 3 of sample 2', 'from 0 to 2', '3 outputs');
  expectError(() => model.train(X, [0, -1, 2], quiet), RangeError, 'label -1 of sample 1');
  expectError(() => model.train(X, [0, 1, 0.5], quiet), RangeError, 'label 0.5 of sample 2', 'whole numbers');
  expectError(() => model.train(X, asAny('012'), quiet), TypeError, 'class indices', 'the string "012"');
  expectError(() => model.evaluate(X, Int32Array.from([0, 1, 9]), quiet), RangeError, 'Model.evaluate: label 9');
});

test('target matrices: one row per sample, one column per output, finite', () => {
  const model = classifier();
  expectError(() => model.train(X, Matrix.column([0, 1, 2]), quiet), ShapeError, '(3, 1)', '3 outputs', 'Int32Array');
  expectError(() => model.train(X, Matrix.zeros(2, 3), quiet), ShapeError, '(3, 2)', '(2, 3)');
  const random = new RandomState(0);
  const regression = new Model().add(new Dense(1, 1, { random })).add(new Linear());
  regression.set({ loss: new MeanSquaredError(), optimizer: new Adam(), accuracy: new RegressionAccuracy() }).finalize();
  expectError(() => regression.train(Matrix.column([0, 1]), Matrix.column([0, NaN]), quiet), RangeError, 'y holds NaN at row 1');
  expectError(() => regression.train(Matrix.column([0, 1]), [0, 1], quiet), TypeError, 'MeanSquaredError needs y as a Matrix', '(2, 1)', 'Matrix.column');
});

test('options: counts are positive integers, names are spelt right, callbacks are functions', () => {
  const model = classifier();
  expectError(() => model.train(X, y, { ...quiet, epochs: 0 }), RangeError, 'epochs must be a positive integer', 'got 0');
  expectError(() => model.train(X, y, { ...quiet, epochs: asAny('10') }), TypeError, 'epochs', 'the string "10"');
  expectError(() => model.train(X, y, { ...quiet, batchSize: 2.5 }), RangeError, 'batchSize must be a positive integer', 'got 2.5');
  expectError(() => model.train(X, y, { ...quiet, printEvery: -1 }), RangeError, 'printEvery');
  expectError(() => model.train(X, y, asAny({ ...quiet, batch_size: 128 })), TypeError, 'unknown option "batch_size"', 'did you mean batchSize?');
  expectError(() => model.train(X, y, asAny({ ...quiet, validation_data: [X, y] })), TypeError, 'did you mean validationData?');
  expectError(() => model.train(X, y, asAny({ ...quiet, epoch: 5 })), TypeError, 'unknown option "epoch"', 'did you mean epochs?');
  expectError(() => model.train(X, y, asAny({ log: 'verbose' })), TypeError, 'log must be a function');
  expectError(() => model.train(X, y, { ...quiet, validationData: asAny([X]) }), TypeError, 'validationData must be a pair [X, y]');
  expectError(() => model.train(X, y, { ...quiet, validationData: [Matrix.zeros(1, 3), [0]] }), ShapeError, 'validationData', '(1, 3)');
  expectError(() => model.evaluate(X, y, asAny({ ...quiet, batch: 2 })), TypeError, 'Model.evaluate: unknown option "batch"');
  expectError(() => model.predict(X, { batchSize: 0 }), RangeError, 'Model.predict: batchSize');
  expectError(() => model.train(X, y, { ...quiet, start: { epoch: 5, step: 0 } }), RangeError, 'cannot start after epoch 5');
});

test('nothing is trained when an input is bad: the checks run before the first step', () => {
  const model = classifier();
  const before = model.getParameters();
  assert.throws(() => model.train(Matrix.from([[0, 1], [1, 0], [0, NaN]]), y, quiet), RangeError);
  assert.throws(() => model.train(X, y, { ...quiet, validationData: [X, [0, 1, 5]] }), RangeError);
  assert.deepEqual(model.getParameters(), before);
  assert.equal(model.optimizer!.iterations, 0);
});

test('an incomplete model says which call is missing', () => {
  const random = new RandomState(0);
  expectError(() => new Model().finalize(), ModelError, 'no layers', 'model.add');
  expectError(() => new Model().add(asAny({})), TypeError, 'Model.add', 'new Dense(2, 64');
  expectError(() => new Model().add(new Dense(2, 3, { random })).finalize(), ModelError, 'cannot make predictions', 'Softmax');
  const unset = new Model().add(new Dense(2, 3, { random })).add(new Softmax()).finalize();
  expectError(() => unset.train(X, y, quiet), ModelError, 'no loss or optimizer or accuracy', 'model.set');
  const unfinalized = new Model().add(new Dense(2, 3, { random })).add(new Softmax());
  expectError(() => unfinalized.predict(X), ModelError, 'not finalized', 'model.finalize()');
  const chained = new Model().add(new Dense(2, 5, { random })).add(new Dense(4, 3, { random })).add(new Softmax());
  expectError(() => chained.finalize(), ShapeError, '(4, 3)', 'outputs 5');
  expectError(() => classifier().set(asAny({ loss: 'mse' })), TypeError, 'loss must be a Loss');
});

test('parameters given to a model must have its shapes', () => {
  const model = classifier();
  expectError(() => model.setParameters([[Matrix.zeros(2, 4), Matrix.zeros(1, 4)]]), ShapeError, '1 layers', '2 trainable layers');
  expectError(() => model.setParameters([[Matrix.zeros(3, 4), Matrix.zeros(1, 4)], [Matrix.zeros(4, 3), Matrix.zeros(1, 3)]]), ShapeError, '(2, 4)', '(3, 4)');
  expectError(() => model.setNamedParameters(asAny({ 'layers.0.weights': Matrix.zeros(2, 4) })), TypeError, 'Map');
  const tensors = model.namedParameters();
  tensors.set('layers.0.biases', asAny([0, 0, 0, 0]));
  expectError(() => model.setNamedParameters(tensors), TypeError, '"layers.0.biases"', 'must be a Matrix');
});
