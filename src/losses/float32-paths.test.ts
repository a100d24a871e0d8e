// The float32 loops of the softmax classifier's loss (CategoricalCrossentropy.forward with class
// indices, Loss.calculate's sum, SoftmaxCategoricalCrossentropy.backward) against the plain
// formulas they replace, written out here with NumPy's roundings, on clipped, tied and odd cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, pairwiseSum } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { Softmax } from '../activations/softmax.ts';
import { CategoricalCrossentropy } from './categorical-crossentropy.ts';
import { SoftmaxCategoricalCrossentropy } from './softmax-crossentropy.ts';

const f = Math.fround;

function batch(rows: number, cols: number, seed: number): { p: Matrix; y: Int32Array } {
  const random = new RandomState(seed);
  const z = new Matrix(rows, cols);
  for (let k = 0; k < z.data.length; k++) z.data[k] = 30 * random.randn(); // wide scores: probabilities near 0 and 1 get clipped
  const p = new Softmax().forward(z);
  p.data[0] = 0; // clipped to 1e-7
  p.data[cols] = 1; // clipped to 1 − 1e-7
  const y = Int32Array.from({ length: rows }, (_, i) => (i < 2 ? 0 : Math.floor(random.rand() * cols)));
  return { p, y };
}

test('float32 cross-entropy, its mean and the combined gradient give the plain formulas\' bits', () => {
  for (const [rows, cols, seed] of [[128, 10, 1], [7, 3, 2], [300, 2, 3], [1, 1, 4]] as const) {
    const { p, y } = batch(rows, cols, seed);
    const losses = new Float32Array(rows);
    for (let i = 0; i < rows; i++) losses[i] = -f(Math.log(Math.min(Math.max(p.data[i * cols + y[i]!]!, f(1e-7)), f(1 - 1e-7))));
    const loss = new CategoricalCrossentropy();
    assert.deepEqual(loss.forward(p, y).data, losses, `losses ${rows}×${cols}`);
    assert.equal(loss.calculate(p, y), f(pairwiseSum(losses, 0, rows, 'float32') / rows), `mean ${rows}×${cols}`);

    const dinputs = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0, k = i * cols; j < cols; j++, k++) {
        dinputs[k] = j === y[i] ? p.data[k]! - 1 : p.data[k]!;
        dinputs[k] = dinputs[k]! / rows;
      }
    }
    assert.deepEqual(new SoftmaxCategoricalCrossentropy().backward(p, y).data, dinputs, `gradient ${rows}×${cols}`);
    assert.deepEqual(new SoftmaxCategoricalCrossentropy().backward(p, Array.from(y)).data, dinputs, 'labels as a plain array');
  }
});
