import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, pairwiseSum } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { Softmax, softmaxBackward } from './softmax.ts';
import { wasmExp } from '../kernels/wasm-elementwise.ts';
import { checkLayerGradients } from '../gradient-check.ts';

test('softmax of a batch matches NumPy float64 (activation5_Softmax)', () => {
  const out = new Softmax().forward(Matrix.from([[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]], 'float64'));
  // np.exp(x - x.max(axis=1, keepdims=True)) / sum, NumPy float64
  assert.deepEqual(out.rowValues(0), [0.8952826639572619, 0.02470830678209937, 0.0800090292606387]);
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(out.rowValues(i).reduce((a, b) => a + b) - 1) < 1e-15);
});

test('subtracting the row maximum keeps huge scores from overflowing', () => {
  const out = new Softmax().forward(Matrix.from([[1000, 1000]]));
  assert.deepEqual(out.toArray(), [[0.5, 0.5]]);
});

test('predictions are the argmax of each row', () => {
  assert.deepEqual(Array.from(new Softmax().predictions(Matrix.from([[0.1, 0.7, 0.2], [0.5, 0.2, 0.3]]))), [1, 0]);
});

test('the Jacobian backward pass passes the gradient check', () => {
  const inputs = Matrix.from([[0.3, -0.7, 1.2, 0.1], [-0.1, 0.05, -2, 0.4], [2, 1, 0, -1]], 'float64');
  const result = checkLayerGradients(new Softmax(), inputs);
  assert.ok(result.max < 1e-7, JSON.stringify(result));
});

test("with the book's float32 products, the separate chapter 9 gradient prints the book's digits", () => {
  // Book, chapter 9 (nnfs.init(): np.dot returns float32): activation.output = softmax_outputs; activation.backward(loss.dinputs)
  const softmaxOutputs = Matrix.from([[0.7, 0.1, 0.2], [0.1, 0.5, 0.4], [0.02, 0.9, 0.08]], 'float64');
  const dvalues = softmaxOutputs.map((p, i, j) => (j === [0, 1, 1][i] ? -1 / p / 3 : -0 / p / 3));
  const dinputs = softmaxBackward(softmaxOutputs, dvalues, 'float32');
  assert.equal(dinputs.toString(), [
    '[[-0.09999999  0.03333334  0.06666667]',
    ' [ 0.03333334 -0.16666667  0.13333334]',
    ' [ 0.00666667 -0.03333333  0.02666667]]',
  ].join('\n'));
});

test('the float32 softmax and argmax give the bits of the plain algorithm on every row length and on NaN, ±Infinity and ties', () => {
  // The plain algorithm as it was written before softmax32: max (NaN wins), fround(exp(fround(z − max))), / pairwiseSum.
  const plain = (z: Matrix): Float32Array => {
    const p = new Float32Array(z.data.length);
    for (let i = 0; i < z.rows; i++) {
      const s = i * z.cols;
      let max = -Infinity;
      for (let j = 0; j < z.cols; j++) if (z.data[s + j]! > max || Number.isNaN(z.data[s + j])) max = z.data[s + j]!;
      for (let j = 0; j < z.cols; j++) p[s + j] = Math.exp(Math.fround(z.data[s + j]! - max));
      const sum = pairwiseSum(p, s, z.cols, 'float32');
      for (let j = 0; j < z.cols; j++) p[s + j] = p[s + j]! / sum;
    }
    return p;
  };
  const random = new RandomState(7);
  const softmax = new Softmax();
  for (const cols of [1, 2, 7, 8, 9, 10, 16, 17, 128, 129, 300]) {
    for (const special of [false, true]) {
      // At least 64 values: the WebAssembly kernel (which leaves rows with a NaN or infinite maximum to JavaScript)
      const z = new Matrix(Math.max(6, Math.ceil(64 / cols)), cols);
      for (let k = 0; k < z.data.length; k++) z.data[k] = 20 * random.randn();
      z.data[5 * cols] = -Infinity;
      if (cols > 1) z.data[4 * cols + 1] = z.data[4 * cols]! = 50; // a tie for the maximum
      if (special) {
        z.data[cols] = NaN;
        z.data[2 * cols] = Infinity;
        z.data[3 * cols] = -Infinity;
      }
      const out = softmax.forward(z);
      assert.deepEqual(out.data, plain(z), `${cols} columns${special ? ', NaN and infinite maxima' : ''}`);
      assert.deepEqual(softmax.predictions(out), out.astype('float64').argmaxRows(), `argmax, ${cols} columns`);
    }
  }
});

test('the WebAssembly kernels\' exp is V8\'s Math.exp to the bit (a million float32 values up to 0, and special values)', () => {
  const exp = wasmExp();
  if (!exp) return; // no WebAssembly here: Softmax uses Math.exp itself
  // Every float32 from −0 down to −104 (where float32(e^x) becomes 0) was checked once, 1.12e9 values, none differ.
  const random = new RandomState(11);
  const bits = new Uint32Array(1);
  const f = new Float32Array(bits.buffer);
  for (let i = 0; i < 1_000_000; i++) {
    bits[0] = 0x80000000 + Math.floor(random.rand() * 0x42D00000);
    const x = f[0]!;
    if (exp(x) !== Math.exp(x)) assert.fail(`exp(${x}): ${exp(x)}, Math.exp: ${Math.exp(x)}`);
  }
  for (const x of [0, -0, 1, -1, 0.5, -0.5, 0.35, -0.35, 1e-9, -1e-9, 3e-300, 88.7, 709.7, 709.8, -708.5, -720, -745.1, -745.2, Infinity, -Infinity]) {
    assert.ok(Object.is(exp(x), Math.exp(x)), `exp(${x})`);
  }
  assert.ok(Number.isNaN(exp(NaN)));
});
