// Shortened training runs of the book's chapters 10 to 17, every epoch compared with NumPy under the
// book's semantics (test/reference/library_reference.py): accuracy, data loss, regularization loss,
// total loss and learning rate as exact doubles, then every bit of the final weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  RandomState, Dense, ReLU, Dropout, Sigmoid, Linear, SoftmaxCategoricalCrossentropy, BinaryCrossentropy,
  MeanSquaredError, CategoricalAccuracy, RegressionAccuracy, SGD, Adagrad, RMSprop, Adam, Matrix,
  spiralData, sineData, type Optimizer, type Loss,
} from '../../src/index.ts';
import { reference, assertSameBits } from './reference.ts';

interface EpochLine {
  acc: number;
  dataLoss: number;
  regLoss: number;
  loss: number;
  lossDtype: string;
  lr: number;
}

function compareEpoch(name: string, epoch: number, expected: EpochLine, acc: number, dataLoss: number, regLoss: number, loss: Loss, optimizer: Optimizer): void {
  const line = `${name} epoch ${epoch}`;
  assert.equal(acc, expected.acc, `${line}: acc`);
  assert.equal(dataLoss, expected.dataLoss, `${line}: data_loss`);
  assert.equal(regLoss, expected.regLoss, `${line}: reg_loss`);
  assert.equal(loss.total(dataLoss, regLoss), expected.loss, `${line}: loss`);
  assert.equal(loss.dtype, expected.lossDtype, `${line}: loss dtype`);
  assert.equal(optimizer.currentLearningRate, expected.lr, `${line}: lr`);
}

/** Chapters 10, 14 and 15: Dense(2, hidden), ReLU, [Dropout(0.1)], Dense(hidden, 3), softmax + cross-entropy. */
function trainSoftmax(name: string, optimizer: Optimizer, options: { samples?: number; hidden?: number; l2?: number; dropout?: boolean } = {}): void {
  const { samples = 100, hidden = 64, l2 = 0, dropout = false } = options;
  const expected = reference.runs[name];
  const random = new RandomState(0);
  const { X, y } = spiralData(samples, 3, random);
  const dense1 = new Dense(2, hidden, { random, weightRegularizerL2: l2, biasRegularizerL2: l2 });
  const activation1 = new ReLU();
  const dropout1 = dropout ? new Dropout(0.1, { random }) : undefined;
  const dense2 = new Dense(hidden, 3, { random });
  const lossActivation = new SoftmaxCategoricalCrossentropy();
  const accuracy = new CategoricalAccuracy();
  const parameters = [...dense1.parameters(), ...dense2.parameters()];

  expected.epochs.forEach((line: EpochLine, epoch: number) => {
    let hiddenOutput = activation1.forward(dense1.forward(X));
    if (dropout1) hiddenOutput = dropout1.forward(hiddenOutput);
    const { output, loss: dataLoss } = lossActivation.forward(dense2.forward(hiddenOutput), y);
    const regLoss = lossActivation.loss.regularizationLoss([dense1, dense2]);
    const acc = accuracy.calculate(lossActivation.activation.predictions(output), y);
    compareEpoch(name, epoch, line, acc, dataLoss, regLoss, lossActivation.loss, optimizer);

    let dvalues = dense2.backward(lossActivation.backward(output, y));
    if (dropout1) dvalues = dropout1.backward(dvalues);
    dense1.backward(activation1.backward(dvalues));
    optimizer.step(parameters);
  });
  assertSameBits(dense1.weights, expected.final['dense1.weights'], `${name} dense1.weights`);
  assertSameBits(dense1.biases, expected.final['dense1.biases'], `${name} dense1.biases`);
  assertSameBits(dense2.weights, expected.final['dense2.weights'], `${name} dense2.weights`);
  assertSameBits(dense2.biases, expected.final['dense2.biases'], `${name} dense2.biases`);
}

test('chapter 10, Adam (lr 0.05, decay 5e-7): 50 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch10-adam', new Adam({ learningRate: 0.05, decay: 5e-7 }));
});

test('chapter 10, SGD: 50 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch10-sgd', new SGD());
});

test('chapter 10, SGD with decay 1e-3 and momentum 0.9: 50 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch10-momentum', new SGD({ decay: 1e-3, momentum: 0.9 }));
});

test('chapter 10, AdaGrad (decay 1e-4): 50 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch10-adagrad', new Adagrad({ decay: 1e-4 }));
});

test('chapter 10, RMSProp (lr 0.02, decay 1e-5, rho 0.999): 50 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch10-rmsprop', new RMSprop({ learningRate: 0.02, decay: 1e-5, rho: 0.999 }));
});

test('chapter 14, L2 regularization: 50 epochs of data and regularization loss equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch14', new Adam({ learningRate: 0.02, decay: 5e-7 }), { l2: 5e-4 });
});

test('chapter 15, dropout 0.1 on 512 neurons (float64 masks): 5 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch15-512', new Adam({ learningRate: 0.05, decay: 5e-5 }), { samples: 1000, hidden: 512, l2: 5e-4, dropout: true });
});

test('chapter 15, dropout 0.1 on 64 neurons (the book\'s final code): 20 epochs equal NumPy\'s bit for bit', () => {
  trainSoftmax('ch15-64', new Adam({ learningRate: 0.05, decay: 5e-5 }), { samples: 1000, hidden: 64, l2: 5e-4, dropout: true });
});

test('chapter 16, binary logistic regression: 50 epochs equal NumPy\'s bit for bit', () => {
  const expected = reference.runs.ch16;
  const random = new RandomState(0);
  const data = spiralData(100, 2, random);
  const y = Matrix.column(data.y); // y.reshape(-1, 1)
  const dense1 = new Dense(2, 64, { random, weightRegularizerL2: 5e-4, biasRegularizerL2: 5e-4 });
  const activation1 = new ReLU();
  const dense2 = new Dense(64, 1, { random });
  const activation2 = new Sigmoid();
  const lossFunction = new BinaryCrossentropy();
  const optimizer = new Adam({ decay: 5e-7 });
  const accuracy = new CategoricalAccuracy({ binary: true });
  const parameters = [...dense1.parameters(), ...dense2.parameters()];
  expected.epochs.forEach((line: EpochLine, epoch: number) => {
    const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(data.X))));
    const dataLoss = lossFunction.calculate(output, y);
    const regLoss = lossFunction.regularizationLoss([dense1, dense2]);
    const acc = accuracy.calculate(activation2.predictions(output), y);
    compareEpoch('ch16', epoch, line, acc, dataLoss, regLoss, lossFunction, optimizer);
    dense1.backward(activation1.backward(dense2.backward(activation2.backward(lossFunction.backward(output, y)))));
    optimizer.step(parameters);
  });
  assertSameBits(dense2.weights, expected.final['dense2.weights'], 'dense2.weights');
  assertSameBits(dense2.biases, expected.final['dense2.biases'], 'dense2.biases');
});

test('chapter 17, regression with mean squared error (float64 targets): 50 epochs equal NumPy\'s bit for bit', () => {
  const expected = reference.runs.ch17;
  const random = new RandomState(0);
  const { X, y } = sineData();
  const dense1 = new Dense(1, 64, { random, scale: 0.1 });
  const dense2 = new Dense(64, 64, { random, scale: 0.1 });
  const dense3 = new Dense(64, 1, { random, scale: 0.1 });
  const activation1 = new ReLU();
  const activation2 = new ReLU();
  const activation3 = new Linear();
  const lossFunction = new MeanSquaredError();
  const optimizer = new Adam({ learningRate: 0.005, decay: 1e-3 });
  const accuracy = new RegressionAccuracy();
  accuracy.init(y);
  assert.equal(accuracy.precision, expected.precision);
  const parameters = [dense1, dense2, dense3].flatMap((d) => d.parameters());
  expected.epochs.forEach((line: EpochLine, epoch: number) => {
    const output = activation3.forward(dense3.forward(activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))))));
    const dataLoss = lossFunction.calculate(output, y);
    const regLoss = lossFunction.regularizationLoss([dense1, dense2, dense3]);
    const acc = accuracy.calculate(activation3.predictions(output), y);
    compareEpoch('ch17', epoch, line, acc, dataLoss, regLoss, lossFunction, optimizer);
    const d3 = dense3.backward(activation3.backward(lossFunction.backward(output, y)));
    dense1.backward(activation1.backward(dense2.backward(activation2.backward(d3))));
    optimizer.step(parameters);
  });
  assertSameBits(dense3.weights, expected.final['dense3.weights'], 'dense3.weights');
  assertSameBits(dense3.biases, expected.final['dense3.biases'], 'dense3.biases');
});
