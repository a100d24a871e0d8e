import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Buffers } from './buffers.ts';
import { Matrix, ShapeError, dot } from './matrix.ts';
import { RandomState } from './random.ts';
import { Dense } from './layers/dense.ts';
import { Dropout } from './layers/dropout.ts';
import { ReLU } from './activations/relu.ts';
import { Softmax } from './activations/softmax.ts';
import { CategoricalCrossentropy } from './losses/categorical-crossentropy.ts';
import { CategoricalAccuracy } from './accuracy.ts';
import { Adam } from './optimizers/adam.ts';
import { Model } from './model.ts';
import { spiralData } from './datasets/spiral.ts';

test('Buffers hand out fresh matrices unless reuse is on, then the same one while shape and dtype fit', () => {
  const buffers = new Buffers();
  const a = buffers.matrix('output', 3, 4, 'float32');
  assert.notEqual(buffers.matrix('output', 3, 4, 'float32'), a);
  buffers.setReuse(true);
  const kept = buffers.matrix('output', 3, 4, 'float32');
  assert.equal(buffers.matrix('output', 3, 4, 'float32'), kept);
  assert.notEqual(buffers.matrix('dinputs', 3, 4, 'float32'), kept, 'another use gets its own matrix');
  const wider = buffers.matrix('output', 3, 5, 'float32');
  assert.deepEqual([wider.rows, wider.cols], [3, 5]);
  assert.equal(buffers.matrix('output', 3, 4, 'float32'), kept, 'each shape keeps its own');
  assert.equal(buffers.matrix('output', 3, 5, 'float64').dtype, 'float64');
  buffers.setReuse(false);
  assert.notEqual(buffers.matrix('output', 3, 5, 'float64'), buffers.matrix('output', 3, 5, 'float64'));
});

test('dot writes into out when given one, and says what is wrong with a bad one', () => {
  const a = Matrix.from([[1, 2], [3, 4]]);
  const b = Matrix.from([[5, 6, 7], [8, 9, 10]]);
  const out = Matrix.zeros(2, 3);
  assert.equal(dot(a, b, { out }), out);
  assert.deepEqual(Array.from(out.data), [21, 24, 27, 47, 54, 61]);
  assert.throws(() => dot(a, b, { out: Matrix.zeros(3, 2) }), (e: Error) => e instanceof ShapeError && /\(3, 2\).*\(2, 3\)/.test(e.message));
  assert.throws(() => dot(a, b, { out: Matrix.zeros(2, 3, 'float64') }), /float64.*float32/);
  assert.throws(() => dot(a, a, { out: a }), /must not be one of the operands/);
});

test('layers called directly return fresh matrices; a Model reuses them only while it trains, with the same results', () => {
  const relu = new ReLU();
  const x = Matrix.from([[1, -2], [-3, 4]]);
  const first = relu.forward(x);
  assert.notEqual(relu.forward(x), first, 'a direct call must not overwrite an earlier result');
  const softmax = new Softmax();
  assert.notEqual(softmax.forward(x), softmax.forward(x), 'nor Softmax\'s');

  const train = (reuse: boolean) => {
    const rs = new RandomState(0);
    const { X, y } = spiralData(50, 3, rs);
    const model = new Model();
    model.add(new Dense(2, 32, { random: rs }));
    model.add(new ReLU());
    model.add(new Dropout(0.1, { random: rs }));
    model.add(new Dense(32, 3, { random: rs }));
    model.add(new Softmax());
    model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.05 }), accuracy: new CategoricalAccuracy() });
    model.finalize();
    const outputs = new Set<Matrix>();
    const dense = model.layers[0] as Dense;
    const forward = dense.forward.bind(dense);
    dense.forward = (inputs: Matrix, training?: boolean) => {
      const output = forward(inputs, training);
      outputs.add(output);
      return output;
    };
    // Without reuse: the Model's switch is ignored, so every step allocates as before.
    if (!reuse) for (const layer of model.layers) if (layer.buffers) layer.buffers.setReuse = () => {};
    model.train(X, y, { epochs: 20, batchSize: 64, log: () => {} });
    assert.equal((model.layers[2] as Dropout).buffers.reuse, false, 'reuse is off again after training');
    return { outputs: outputs.size, weights: Array.from(model.layers[3]!.parameters()[0]!.value.data) };
  };
  const reused = train(true);
  const fresh = train(false);
  assert.equal(reused.outputs, 2, 'one output matrix per batch size (64 and the last 22)');
  assert.equal(fresh.outputs, 60, 'a new output every step without reuse');
  assert.deepEqual(reused.weights, fresh.weights, 'the same weights, bit for bit');
});

test('sumColumns into a kept matrix gives the bits of a fresh one (one column or many, both dtypes) and refuses a wrong out', () => {
  const random = new RandomState(5);
  for (const dtype of ['float32', 'float64'] as const) {
    for (const cols of [1, 3, 10]) {
      const x = new Matrix(37, cols, dtype);
      for (let k = 0; k < x.data.length; k++) x.data[k] = random.randn();
      const kept = new Matrix(1, cols, dtype);
      assert.equal(x.sumColumns(kept), kept);
      assert.deepEqual(kept.data, x.sumColumns().data, `${dtype}, ${cols} columns`);
    }
  }
  const x = new Matrix(4, 3);
  assert.throws(() => x.sumColumns(new Matrix(1, 2)), (e: Error) => e instanceof ShapeError && /out is \(1, 2\).*are \(1, 3\)/.test(e.message));
  assert.throws(() => x.sumColumns(new Matrix(1, 3, 'float64')), ShapeError);
});
