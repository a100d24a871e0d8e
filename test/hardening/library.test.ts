// Bad input to the library's building blocks (matrix, layers, activations, losses, optimizers,
// accuracy, data sets, plots): each kind of mistake gets the right error type and a message that
// names the problem (both shapes, the bad value and where it is) and says what to do instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Adagrad, Adam, BinaryCrossentropy, CategoricalAccuracy, CategoricalCrossentropy, Dense, Dropout, Linear, Matrix,
  MeanSquaredError, RandomState, ReLU, RMSprop, SGD, ShapeError, Sigmoid, Softmax, SoftmaxCategoricalCrossentropy,
  circleData, decisionBoundarySpec, dot, scatterSpec, shuffleImageSet, sineData, spiralData, verticalData, xorData,
} from '../../src/index.ts';
import { dots } from '../../src/matrix.ts';
import { expectError } from './expect-error.ts';

const random = () => new RandomState(0);
// Casts for the wrong types a JavaScript caller (or a hurried TypeScript one) can pass.
const asAny = (value: unknown) => value as never;

test('a matrix product of shapes that do not fit names both shapes', () => {
  expectError(() => dot(Matrix.zeros(3, 4), Matrix.zeros(2, 5)), ShapeError, '(3, 4)', '(2, 5)', 'inner dimensions 4 and 2');
});

test('dots computes independent products as dot does one by one, and refuses an output that another product reads', () => {
  const r = random();
  // three 128 × 128 matrices, about half zeros (as after ReLU)
  const [x, d, w] = [0, 1, 2].map(() => Matrix.zeros(128, 128).map(() => Math.max(0, r.randn())));
  const [dw, dx] = dots([[x!, d!, { transposeA: true }], [d!, w!, { transposeB: true }]]);
  assert.deepEqual(dw!.data, dot(x!, d!, { transposeA: true }).data);
  assert.deepEqual(dx!.data, dot(d!, w!, { transposeB: true }).data);
  expectError(() => dots([[x!, d!, { out: w! }], [d!, w!]]), Error, 'operand of another product');
  expectError(() => dots([[x!, Matrix.zeros(3, 2)]]), ShapeError, '(128, 128)', '(3, 2)', 'inner dimensions 128 and 3');
});

test('a plain array where a Matrix is expected is a TypeError that says how to wrap it', () => {
  expectError(() => dot(asAny([[1, 2]]), Matrix.zeros(2, 1)), TypeError, 'first operand', 'plain array', 'Matrix.from');
  expectError(() => new Matrix(2, 2, asAny([1, 2, 3, 4])), TypeError, 'plain array', 'Matrix.from');
  expectError(() => new Dense(2, 3, { random: random() }).forward(asAny([[1, 2]])), TypeError, 'Dense.forward: inputs must be a Matrix', 'plain array', 'Matrix.from');
  for (const layer of [new ReLU(), new Softmax(), new Sigmoid(), new Linear(), new Dropout(0.1, { random: random() })]) {
    expectError(() => layer.forward(asAny([[1, 2]])), TypeError, `${layer.constructor.name}.forward: inputs must be a Matrix`);
  }
});

test('matrices refuse unknown dtypes, ragged or non-numeric rows, and elements outside their shape', () => {
  expectError(() => Matrix.zeros(2, 2, asAny('int32')), TypeError, "'float32' or 'float64'", '"int32"');
  expectError(() => Matrix.from([[1, 2], [3]]), ShapeError, 'Row 1 has 1 values but row 0 has 2');
  expectError(() => Matrix.from([[1, asAny('2')]]), TypeError, 'row 0, column 1', '"2"', 'not a number');
  expectError(() => Matrix.from(asAny([1, 2, 3])), TypeError, 'list of rows', 'Matrix.row');
  expectError(() => new Matrix(2.5, 2), ShapeError, 'non-negative integer dimensions', '(2.5, 2)');
  expectError(() => Matrix.zeros(3, 2).get(0, 2), RangeError, '(0, 2)', '(3, 2) matrix', 'columns from 0 to 1');
  expectError(() => Matrix.zeros(3, 2).set(-1, 0, 5), RangeError, '(-1, 0)', 'rows go from 0 to 2');
  expectError(() => Matrix.zeros(3, 2).zip(Matrix.zeros(2, 3), (a, b) => a + b), ShapeError, '(3, 2)', '(2, 3)');
  expectError(() => Matrix.zeros(3, 2).addRow(Matrix.zeros(1, 3)), ShapeError, '(1, 3)', '(3, 2)', 'needs shape (1, 2)');
  expectError(() => Matrix.zeros(0, 2).mean(), ShapeError, 'empty');
});

test('a dense layer checks its sizes, options and the width of its inputs', () => {
  expectError(() => new Dense(0, 3, { random: random() }), RangeError, 'nInputs must be a positive integer', 'got 0');
  expectError(() => new Dense(2, 1.5, { random: random() }), RangeError, 'nNeurons must be a positive integer', 'got 1.5');
  expectError(() => new Dense(2, asAny('3'), { random: random() }), TypeError, 'nNeurons', 'the string "3"');
  expectError(() => new Dense(2, 3, asAny(undefined)), TypeError, 'random must be a RandomState', 'new RandomState(0)');
  expectError(() => new Dense(2, 3, asAny({ random: Math.random })), TypeError, 'random must be a RandomState', 'a function');
  expectError(() => new Dense(2, 3, { random: random(), dtype: asAny('float16') }), TypeError, 'dtype', '"float16"');
  expectError(() => new Dense(2, 3, { random: random(), scale: NaN }), RangeError, 'scale', 'NaN');
  expectError(() => new Dense(2, 3, { random: random(), weightRegularizerL2: -5e-4 }), RangeError, 'weightRegularizerL2 must be a finite number >= 0', '-0.0005');
  expectError(() => new Dense(2, 3, { random: random(), biasRegularizerL1: Infinity }), RangeError, 'biasRegularizerL1', 'Infinity');
  // The book's snake_case names are the likeliest misspelling: they would otherwise be ignored.
  expectError(() => new Dense(2, 3, asAny({ random: random(), weight_regularizer_l2: 5e-4 })), TypeError, 'unknown option "weight_regularizer_l2"', 'did you mean weightRegularizerL2?');
  const dense = new Dense(2, 64, { random: random() });
  expectError(() => dense.forward(Matrix.zeros(300, 3)), ShapeError, '(300, 3)', '(2, 64)', 'shape (samples, 2)');
  dense.forward(Matrix.zeros(5, 2));
  expectError(() => dense.backward(Matrix.zeros(5, 3)), ShapeError, '(5, 3)', '(5, 64)');
  expectError(() => new Dense(2, 3, { random: random() }).backward(Matrix.zeros(1, 3)), Error, 'before forward', 'run forward');
});

test('dropout needs a rate in [0, 1) and its generator', () => {
  for (const rate of [1, -0.1, 1.5, NaN]) expectError(() => new Dropout(rate, { random: random() }), RangeError, 'rate must be in [0, 1)', 'fraction of values to drop', `got ${rate}`);
  expectError(() => new Dropout(asAny('0.1'), { random: random() }), TypeError, 'rate', 'the string "0.1"');
  expectError(() => new Dropout(0.1, asAny({})), TypeError, 'random must be a RandomState');
  expectError(() => new Dropout(0.1, asAny({ random: random(), seed: 1 })), TypeError, 'unknown option "seed"');
  const dropout = new Dropout(0.1, { random: random() });
  dropout.forward(Matrix.zeros(4, 3));
  expectError(() => dropout.backward(Matrix.zeros(3, 4)), ShapeError, '(3, 4)', '(4, 3)');
});

test('activations check the gradient they are given against their last forward pass', () => {
  for (const layer of [new ReLU(), new Sigmoid(), new Softmax()]) {
    expectError(() => layer.backward(Matrix.zeros(2, 2)), Error, 'before forward');
    layer.forward(Matrix.zeros(2, 3));
    expectError(() => layer.backward(Matrix.zeros(3, 2)), ShapeError, '(3, 2)', '(2, 3)');
  }
  expectError(() => new Softmax(asAny({ dtype: 'float32' })), TypeError, 'unknown option "dtype"', 'productDtype');
});

test('labels must be whole numbers from 0 to classes - 1, one per sample', () => {
  const probabilities = Matrix.from([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
  const cce = new CategoricalCrossentropy();
  expectError(() => cce.calculate(probabilities, [0, 3]), RangeError, 'label 3 of sample 1', 'from 0 to 2', '3 outputs');
  expectError(() => cce.calculate(probabilities, [0, -1]), RangeError, 'label -1 of sample 1');
  expectError(() => cce.calculate(probabilities, [0, 1.5]), RangeError, 'label 1.5', 'whole numbers');
  expectError(() => cce.calculate(probabilities, [0, NaN]), RangeError, 'label NaN');
  expectError(() => cce.calculate(probabilities, asAny([0, '1'])), RangeError, 'label the string "1"');
  expectError(() => cce.calculate(probabilities, [0]), ShapeError, '2 predictions but 1 labels');
  expectError(() => cce.calculate(probabilities, asAny(1)), TypeError, 'class indices', 'got 1');
  expectError(() => cce.calculate(asAny([[0.5, 0.5]]), [0]), TypeError, 'must be a Matrix');
  expectError(() => cce.backward(probabilities, [2, 5]), RangeError, 'label 5 of sample 1');
  expectError(() => new SoftmaxCategoricalCrossentropy().backward(probabilities, Int32Array.from([0, 7])), RangeError, 'label 7 of sample 1');
  expectError(() => cce.calculate(new Matrix(0, 3), []), ShapeError, 'empty batch');
});

test('target matrices must match the predictions, with a hint when class indices were passed as a column', () => {
  const probabilities = Matrix.from([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1]]);
  expectError(() => new CategoricalCrossentropy().calculate(probabilities, Matrix.column([0, 1])), ShapeError, '(2, 3)', '(2, 1)', 'Int32Array');
  expectError(() => new MeanSquaredError().calculate(Matrix.zeros(4, 1), Matrix.zeros(3, 1)), ShapeError, '(4, 1)', '(3, 1)');
  expectError(() => new BinaryCrossentropy().calculate(Matrix.zeros(2, 1), [0, 1]), TypeError, 'matrix with one row per sample', 'Matrix.column');
});

test('optimizers refuse misspelt options and hyperparameters out of range', () => {
  expectError(() => new Adam(asAny({ learning_rate: 0.05 })), TypeError, 'unknown option "learning_rate"', 'did you mean learningRate?');
  expectError(() => new Adam(asAny({ lr: 0.05 })), TypeError, 'unknown option "lr"', 'learningRate, decay, epsilon, beta1, beta2');
  expectError(() => new SGD(asAny({ momentun: 0.9 })), TypeError, 'did you mean momentum?');
  expectError(() => new Adagrad(asAny({ rho: 0.9 })), TypeError, 'unknown option "rho"', 'learningRate, decay, epsilon');
  expectError(() => new Adam({ learningRate: -0.01 }), RangeError, 'Adam: learningRate must be a finite number >= 0, got -0.01');
  expectError(() => new Adam({ learningRate: asAny('0.05') }), TypeError, 'learningRate', 'the string "0.05"');
  expectError(() => new SGD({ learningRate: Infinity }), RangeError, 'learningRate', 'Infinity');
  expectError(() => new Adam({ decay: -1e-3 }), RangeError, 'decay must be a finite number >= 0');
  expectError(() => new SGD({ momentum: 1 }), RangeError, 'momentum must be in [0, 1), got 1');
  expectError(() => new RMSprop({ rho: 1.5 }), RangeError, 'rho must be in [0, 1), got 1.5');
  expectError(() => new Adam({ beta1: -0.1 }), RangeError, 'beta1 must be in [0, 1)');
  expectError(() => new Adam({ beta2: 1 }), RangeError, 'beta2 must be in [0, 1)');
  expectError(() => new Adam({ epsilon: NaN }), RangeError, 'epsilon', 'NaN');
  expectError(() => new Adam(asAny(7)), TypeError, 'options must be an object');
  expectError(() => new Adam().setState(asAny({}), []), TypeError, 'getState');
  const parameter = { name: 'weights', value: Matrix.zeros(2, 2), grad: undefined };
  expectError(() => new SGD().update(parameter), Error, 'no gradient yet', 'call backward');
});

test('accuracy refuses empty batches and bad options', () => {
  expectError(() => new CategoricalAccuracy().calculate(new Int32Array(0), []), ShapeError, 'no predictions');
  expectError(() => new CategoricalAccuracy().calculate(Int32Array.from([0, 1]), [0, 1, 2]), ShapeError, '2 predictions but 3 labels');
  expectError(() => new CategoricalAccuracy(asAny({ binary: 'yes' })), TypeError, 'binary must be true or false');
  expectError(() => new CategoricalAccuracy(asAny({ bianry: true })), TypeError, 'did you mean binary?');
});

test('data sets check their sizes, noise and generator', () => {
  expectError(() => spiralData(0, 3, random()), RangeError, 'spiralData', 'samples', 'positive integer', 'got 0');
  expectError(() => spiralData(100, 2.5, random()), RangeError, 'classes', 'got 2.5');
  expectError(() => spiralData(100, 3, asAny(0)), TypeError, 'random must be a RandomState', 'new RandomState(0)');
  expectError(() => verticalData(100, 3, random(), asAny('float16')), TypeError, 'dtype');
  expectError(() => sineData(-5), RangeError, 'sineData', 'got -5');
  expectError(() => circleData(100, -0.1, random()), RangeError, 'noise must be a finite number >= 0');
  expectError(() => xorData(asAny('100'), 0, random()), TypeError, 'samples', 'the string "100"');
  expectError(() => shuffleImageSet(asAny({ images: [1, 2], labels: [0], count: 1 }), random()), TypeError, 'Uint8Array');
  // One point per class is allowed: radius linspace(0, 1, 1) = [0], so every point is the centre (it was NaN).
  const { X } = spiralData(1, 3, random());
  assert.equal(X.shapeText, '(3, 2)');
  assert.ok(X.data.every((v) => v === 0), X.toString());
});

test('random generators check seeds and what they shuffle', () => {
  expectError(() => new RandomState(-1), RangeError, 'seed', '[0, 2**32 - 1]', 'got -1');
  expectError(() => new RandomState(asAny('42')), TypeError, 'seed', '"42"');
  expectError(() => new RandomState(0).shuffle(asAny(5)), TypeError, 'array');
  expectError(() => new RandomState(0).setState(asAny({ key: [1, 2] })), RangeError, 'getState()');
});

test('plots check the shape of the points, the labels and what predict returns', () => {
  expectError(() => scatterSpec(Matrix.zeros(3, 3)), ShapeError, 'two columns', '(3, 3)');
  expectError(() => scatterSpec(Matrix.zeros(3, 2), { labels: [0, 1] }), ShapeError, '(3, 2)', '2 labels');
  expectError(() => decisionBoundarySpec((X) => X, Matrix.zeros(0, 2), []), ShapeError, 'no samples');
  expectError(() => decisionBoundarySpec((X) => X, Matrix.from([[0, NaN]]), [0]), RangeError, 'NaN at row 0, column 1');
  expectError(() => decisionBoundarySpec(() => Matrix.zeros(1, 2), Matrix.from([[0, 1]]), [0]), ShapeError, 'one row per point');
  expectError(() => decisionBoundarySpec(asAny(undefined), Matrix.from([[0, 1]]), [0]), TypeError, 'predict must be a function');
});
