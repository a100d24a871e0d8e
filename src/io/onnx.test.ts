import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { Matrix, dot } from '../matrix.ts';
import { RandomState } from '../random.ts';
import type { Architecture } from './architecture.ts';
import { exportOnnx } from './onnx.ts';
import { ProtoWriter } from './protobuf.ts';

const architecture: Architecture = {
  version: 1,
  layers: [
    { type: 'dense', inputs: 784, neurons: 64 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.2 },
    { type: 'dense', inputs: 64, neurons: 32 },
    { type: 'sigmoid' },
    { type: 'dense', inputs: 32, neurons: 16 },
    { type: 'linear' },
    { type: 'dense', inputs: 16, neurons: 10 },
    { type: 'softmax' },
  ],
  classes: ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'],
};

function randomMatrix(rows: number, cols: number, scale: number, random: RandomState): Matrix {
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = scale * random.randn();
  return m;
}

/** The forward pass in plain matrix operations, independent of the layer classes. */
function forward(arch: Architecture, tensors: Map<string, Matrix>, X: Matrix): Matrix {
  let out = X;
  arch.layers.forEach((layer, i) => {
    if (layer.type === 'dense') out = dot(out, tensors.get(`layers.${i}.weights`)!).addRow(tensors.get(`layers.${i}.biases`)!);
    else if (layer.type === 'relu') out = out.map((x) => Math.max(0, x));
    else if (layer.type === 'sigmoid') out = out.map((x) => 1 / (1 + Math.exp(-x)));
    else if (layer.type === 'softmax') {
      const max = out.maxRows();
      const exp = out.map((x, r) => Math.exp(x - max.data[r]!));
      const sums = exp.sumRows();
      out = exp.map((x, r) => x / sums.data[r]!);
    }
  });
  return out;
}

test('the ProtoWriter writes varints and length-delimited fields as protobuf does', () => {
  // Field 1 = 150 is the protobuf documentation's example: 08 96 01.
  assert.deepEqual([...new ProtoWriter().int(1, 150).finish()], [0x08, 0x96, 0x01]);
  assert.deepEqual([...new ProtoWriter().string(2, 'testing').finish()], [0x12, 0x07, 0x74, 0x65, 0x73, 0x74, 0x69, 0x6e, 0x67]);
  assert.deepEqual([...new ProtoWriter().int(1, 2 ** 35).finish()], [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
});

test('an exported network runs in ONNX Runtime and agrees with our forward pass within 1e-5', async () => {
  const random = new RandomState(42);
  const tensors = new Map<string, Matrix>();
  architecture.layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    tensors.set(`layers.${i}.weights`, randomMatrix(layer.inputs, layer.neurons, 0.1, random));
    tensors.set(`layers.${i}.biases`, randomMatrix(1, layer.neurons, 0.1, random));
  });
  const X = new Matrix(7, 784);
  for (let k = 0; k < X.data.length; k++) X.data[k] = random.rand() * 2 - 1;
  const ours = forward(architecture, tensors, X);

  const session = await ort.InferenceSession.create(exportOnnx(architecture, tensors));
  assert.deepEqual(session.inputNames, ['input']);
  assert.deepEqual(session.outputNames, ['output']);
  const result = await session.run({ input: new ort.Tensor('float32', X.data as Float32Array, [7, 784]) });
  const theirs = result.output!;
  assert.deepEqual(theirs.dims, [7, 10]);
  const data = theirs.data as Float32Array;
  let worst = 0;
  for (let k = 0; k < data.length; k++) worst = Math.max(worst, Math.abs(data[k]! - ours.data[k]!));
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
  console.log(`onnx: largest difference from ONNX Runtime ${worst.toExponential(2)}`);
  assert.deepEqual([...ours.argmaxRows()], Array.from({ length: 7 }, (_, r) => {
    const row = [...data.subarray(r * 10, r * 10 + 10)];
    return row.indexOf(Math.max(...row));
  }));
  // Any batch size works: the batch dimension is symbolic.
  const one = await session.run({ input: new ort.Tensor('float32', X.data.slice(0, 784) as Float32Array, [1, 784]) });
  assert.deepEqual(one.output!.dims, [1, 10]);
});

test('a single dense layer exports too, and the architecture is checked against the weights first', async () => {
  const arch: Architecture = { version: 1, layers: [{ type: 'dense', inputs: 2, neurons: 3 }] };
  const tensors = new Map([['layers.0.weights', Matrix.from([[1, 2, 3], [4, 5, 6]])], ['layers.0.biases', Matrix.from([[0.5, 0, -0.5]])]]);
  const session = await ort.InferenceSession.create(exportOnnx(arch, tensors));
  const out = await session.run({ input: new ort.Tensor('float32', new Float32Array([1, -1]), [1, 2]) });
  assert.deepEqual([...(out.output!.data as Float32Array)], [-2.5, -3, -3.5]);
  assert.throws(() => exportOnnx(arch, new Map([['layers.0.weights', Matrix.zeros(2, 3)]])), /exportOnnx: layer 0 \(dense\) needs the tensor "layers\.0\.biases"/);
});

test('saveOnnxFile writes the same bytes to disk, atomically', async () => {
  const { mkdtempSync, readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const { saveOnnxFile } = await import('./model-file.ts');
  const arch: Architecture = { version: 1, layers: [{ type: 'dense', inputs: 2, neurons: 2 }, { type: 'softmax' }] };
  const tensors = new Map([['layers.0.weights', Matrix.from([[1, 0], [0, 1]])], ['layers.0.biases', Matrix.zeros(1, 2)]]);
  const path = join(mkdtempSync(join(tmpdir(), 'scratchnet-onnx-')), 'model.onnx');
  saveOnnxFile(path, arch, tensors);
  assert.deepEqual(new Uint8Array(readFileSync(path)), exportOnnx(arch, tensors));
  const session = await ort.InferenceSession.create(path);
  const out = await session.run({ input: new ort.Tensor('float32', new Float32Array([0, Math.log(3)]), [1, 2]) });
  const probabilities = [...(out.output!.data as Float32Array)];
  assert.ok(Math.abs(probabilities[0]! - 0.25) < 1e-6 && Math.abs(probabilities[1]! - 0.75) < 1e-6, probabilities.join());
});
