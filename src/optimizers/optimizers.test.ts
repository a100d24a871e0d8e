// Each optimizer's steps against NumPy running the book's optimizer classes (under nnfs.init()),
// bit for bit: test/reference/library_reference.py, `optimizer_steps`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Matrix, type DType } from '../matrix.ts';
import type { Parameter } from '../layers/layer.ts';
import type { Optimizer } from './optimizer.ts';
import { SGD } from './sgd.ts';
import { Adagrad } from './adagrad.ts';
import { RMSprop } from './rmsprop.ts';
import { Adam, pow } from './adam.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const reference: any = JSON.parse(readFileSync(new URL('../../test/reference/library.json', import.meta.url), 'utf8')).optimizerSteps;

const OPTIMIZERS: Record<string, () => Optimizer> = {
  'sgd': () => new SGD(),
  'sgd-decay': () => new SGD({ learningRate: 0.5, decay: 0.1 }),
  'momentum': () => new SGD({ decay: 1e-3, momentum: 0.9 }),
  'adagrad': () => new Adagrad({ decay: 1e-4 }),
  'rmsprop': () => new RMSprop({ learningRate: 0.02, decay: 1e-5, rho: 0.999 }),
  'adam': () => new Adam({ learningRate: 0.05, decay: 5e-7 }),
  'adam-defaults': () => new Adam(),
};

/** ((7k + 3t) mod 11 − 5) / 13, rounded to the dtype: the same gradients as the reference script. */
function gradient(rows: number, cols: number, t: number, dtype: DType): Matrix {
  const m = new Matrix(rows, cols, dtype);
  for (let k = 0; k < m.data.length; k++) m.data[k] = (((7 * k + 3 * t) % 11) - 5) / 13;
  return m;
}

function parameters(): [Parameter, Parameter] {
  const weights = new Matrix(2, 3);
  for (let k = 0; k < 6; k++) weights.data[k] = (((5 * k) % 7) - 3) / 10;
  return [
    { name: 'weights', value: weights, grad: undefined },
    { name: 'biases', value: Matrix.row([0.1, -0.2, 0.3]), grad: undefined },
  ];
}

for (const [name, make] of Object.entries(OPTIMIZERS)) {
  for (const biasDtype of ['float32', 'float64'] as const) {
    test(`${name}: three steps equal NumPy's to the last bit (bias gradients ${biasDtype})`, () => {
      const expected = reference[`${name}/${biasDtype}`];
      const optimizer = make();
      const [weights, biases] = parameters();
      for (let t = 0; t < 3; t++) {
        weights.grad = gradient(2, 3, t, 'float32');
        biases.grad = gradient(1, 3, t + 5, biasDtype);
        optimizer.step([weights, biases]);
        assert.equal(optimizer.currentLearningRate, expected.steps[t].lr, `lr at step ${t + 1}`);
        assert.deepEqual(Array.from(weights.value.data), expected.steps[t].weights, `weights after step ${t + 1}`);
        assert.deepEqual(Array.from(biases.value.data), expected.steps[t].biases, `biases after step ${t + 1}`);
      }
      const state = optimizer.getState([weights, biases]);
      const slotNames: Record<string, [string, number]> = {
        weight_momentums: ['momentums', 0], bias_momentums: ['momentums', 1], weight_cache: ['cache', 0], bias_cache: ['cache', 1],
      };
      for (const [bookName, slot] of Object.entries(expected.slots) as [string, { dtype: string; values: number[] }][]) {
        const [ours, index] = slotNames[bookName]!;
        assert.equal(state.slots[index]![ours]!.dtype, slot.dtype, `${bookName} dtype`);
        assert.deepEqual(state.slots[index]![ours]!.data, slot.values, bookName);
      }
    });
  }
}

// The first weight (-0.3, gradient -5/13, 1/13, 7/13 over three steps), from the book's classes in NumPy.
const FIRST_WEIGHT: Record<string, [number, number]> = {
  'sgd': [0.08461537957191467, 0.16153845191001892],
  'sgd-decay': [-0.10769231617450714, -0.06981351971626282],
  'momentum': [0.08461537957191467, 0.9575538635253906],
  'adagrad': [0.6999997496604919, 0.8888155817985535],
  'rmsprop': [0.332450270652771, 0.4518646001815796],
  'adam': [-0.2500000298023224, -0.1767628788948059],
  'adam-defaults': [-0.2990000247955322, -0.2975353002548218],
};

test('each optimizer moves the first weight to NumPy\'s number after one step and after three', () => {
  for (const [name, [afterOne, afterThree]] of Object.entries(FIRST_WEIGHT)) {
    const optimizer = OPTIMIZERS[name]!();
    const [weights, biases] = parameters();
    for (let t = 0; t < 3; t++) {
      weights.grad = gradient(2, 3, t, 'float32');
      biases.grad = gradient(1, 3, t + 5, 'float32');
      optimizer.step([weights, biases]);
      if (t === 0) assert.equal(weights.value.get(0, 0), afterOne, `${name} after one step`);
    }
    assert.equal(weights.value.get(0, 0), afterThree, `${name} after three steps`);
  }
});

test('a restored state continues exactly where the saved one left off', () => {
  const run = (restoreAfter?: number): number[] => {
    let optimizer: Optimizer = new Adam({ learningRate: 0.05, decay: 0.01 });
    const params = parameters();
    for (let t = 0; t < 4; t++) {
      if (t === restoreAfter) {
        const saved = JSON.parse(JSON.stringify(optimizer.getState(params)));
        optimizer = new Adam({ learningRate: 0.05, decay: 0.01 });
        optimizer.setState(saved, params);
      }
      params[0].grad = gradient(2, 3, t, 'float32');
      params[1].grad = gradient(1, 3, t, 'float64');
      optimizer.step(params);
    }
    return [...params[0].value.data, ...params[1].value.data];
  };
  assert.deepEqual(run(2), run());
});

test('pow(β, t) is correctly rounded, like Python\'s float power', () => {
  // Python's 0.9 ** 4, 0.999 ** 16 and 0.999 ** 10000; V8's ** gives 0.6561000000000001, 0.98411944181564, 4.517334597704825e-05.
  assert.equal(pow(0.9, 4), 0.6561);
  assert.equal(pow(0.999, 16), 0.9841194418156399);
  assert.equal(pow(0.999, 10000), 4.517334597704824e-5);
  assert.equal(pow(0.5, 3), 0.125);
  assert.equal(pow(0.9, 0), 1);
});

test('negative learning rates and out-of-range hyperparameters are explained', () => {
  assert.throws(() => new Adam({ learningRate: -0.01 }), (e: Error) => e instanceof RangeError && /Adam: learningRate must be a finite number >= 0, got -0.01/.test(e.message));
  assert.throws(() => new SGD({ learningRate: -1 }), RangeError);
  assert.throws(() => new SGD({ decay: -1 }), /decay must be/);
  assert.throws(() => new SGD({ momentum: 1.5 }), /momentum must be in \[0, 1\)/);
  assert.throws(() => new RMSprop({ rho: 1 }), RangeError);
  assert.throws(() => new Adagrad({ epsilon: -1 }), RangeError);
  assert.throws(() => new Adam({ beta2: -0.1 }), RangeError);
  assert.throws(() => new Adam().update({ name: 'weights', value: new Matrix(1, 1), grad: undefined }), /no gradient yet/);
});
