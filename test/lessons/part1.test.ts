// Part I: every lesson's printed output, line for line, against what the original script prints with
// NumPy (float64, seed 0). Expected texts come from test/reference/lessons_reference.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOutput } from './expect-output.ts';

/** What NumPy prints for each lesson (then the lines a lesson adds: pictures, the shape error). */
const EXPECTED: Record<string, string> = {
  'neurons/1-single-neuron': `2.3
`,
  'neurons/2-layer-of-neurons': `[4.8, 1.21, 2.385]
`,
  'neurons/3-layer-with-loops': `[4.8, 1.21, 2.385]
`,
  'neurons/4-dot-product': `4.8
`,
  'neurons/5-layer-dot-product': `[4.8   1.21  2.385]
`,
  'batches/1-batch-of-inputs': `[[ 4.8    1.21   2.385]
 [ 8.9   -1.81   0.2  ]
 [ 1.41   1.051  0.026]]
without the transpose: Cannot multiply a (3, 4) matrix by a (3, 4) matrix: the inner dimensions 4 and 3 must be equal.
`,
  'batches/2-two-layers': `(3, 3)
[[ 0.5031  -1.04185 -2.03875]
 [ 0.2434  -2.7332  -5.7633 ]
 [-0.99314  1.41254 -0.35655]]
`,
  'layers/1-dense-layer-class': `[[ 0.10758131  1.03983522  0.24462411  0.31821498  0.18851053]
 [-0.08349796  0.70846411  0.00293357  0.44701525  0.36360538]
 [-0.50763245  0.55688422  0.07987797 -0.34889573  0.04553042]]
(3, 5)
[[ 0.148296   -0.08397602]
 [ 0.14100315 -0.01340469]
 [ 0.20124979 -0.07290616]]
(3, 2)
`,
  'activation/1-relu-by-hand': `[0, 2, 3.3, 0, 1.1, 2.2, 0]
[0, 2, 3.3, 0, 1.1, 2.2, 0]
`,
  'activation/2-relu-layer': `[[0.00000000e+00 0.00000000e+00 0.00000000e+00 0.00000000e+00
  0.00000000e+00]
 [0.00000000e+00 0.00000000e+00 0.00000000e+00 4.65504526e-04
  4.56845892e-05]
 [0.00000000e+00 5.93467943e-05 0.00000000e+00 2.03573189e-04
  6.10024276e-04]
 ...
 [1.13291515e-01 0.00000000e+00 0.00000000e+00 8.11079627e-02
  0.00000000e+00]
 [1.34588354e-01 0.00000000e+00 3.09493973e-02 5.66337522e-02
  0.00000000e+00]
 [1.07817915e-01 0.00000000e+00 0.00000000e+00 8.72561871e-02
  0.00000000e+00]]
picture: out/activation/2-spiral-data.svg (and .png)
picture: out/activation/2-spiral-data-by-class.svg (and .png)
`,
  'activation/3-softmax-by-hand': `[0.8952826639572619, 0.024708306782099374, 0.0800090292606387]
0.9999999999999999
`,
  'activation/4-softmax-vectorized': `[0.89528266 0.02470831 0.08000903]
0.9999999999999999
`,
  'activation/5-softmax-batch': `[[8.95282664e-01 2.47083068e-02 8.00090293e-02]
 [9.99811129e-01 2.23163963e-05 1.66554348e-04]
 [5.13097164e-01 3.58333899e-01 1.28568936e-01]]
[[1.]
 [1.]
 [1.]]
`,
  'activation/6-network-forward-pass': `[[0.33333333 0.33333333 0.33333333]
 [0.33331734 0.33331832 0.33336434]
 [0.3332888  0.33329153 0.33341967]
 [0.33325941 0.33326395 0.33347665]
 [0.33323311 0.33323926 0.33352763]]
`,
  'loss/1-categorical-cross-entropy': `0.35667494393873245
0.35667494393873245
`,
  'loss/2-loss-in-the-network': `loss: 1.0984449588022467
loss from one-hot targets: 1.0984449588022467
`,
  'visualisations/1-derivative-tangents': `(0, 0) (0.0001, 2e-08)
Approximate derivative for f(x) where x = 0 is 0.00019999999999999998
(1, 2) (1.0001, 2.00040002)
Approximate derivative for f(x) where x = 1 is 4.0001999999987845
(2, 8) (2.0001, 8.000800020000002)
Approximate derivative for f(x) where x = 2 is 8.000199999998785
(3, 18) (3.0001, 18.001200020000002)
Approximate derivative for f(x) where x = 3 is 12.000199999998785
(4, 32) (4.0001, 32.00160002)
Approximate derivative for f(x) where x = 4 is 16.000200000016548
picture: out/visualisations/1-derivative-tangents.svg (and .png)
`,
};

for (const [id, expected] of Object.entries(EXPECTED)) {
  test(`${id} prints what the original script prints with NumPy`, async () => {
    await expectOutput(id, expected);
  });
}

test('the curriculum\'s numbers are in the output', async () => {
  // The "must print" column of the curriculum, spelled as the lessons print them.
  assert.match(EXPECTED['neurons/1-single-neuron']!, /^2\.3$/m);
  assert.match(EXPECTED['neurons/5-layer-dot-product']!, /^\[4\.8 +1\.21 +2\.385\]$/m);
  assert.match(EXPECTED['activation/3-softmax-by-hand']!, /^\[0\.8952826639572619, 0\.024708306782099374, 0\.0800090292606387\]$/m);
  assert.match(EXPECTED['loss/1-categorical-cross-entropy']!, /^0\.35667494393873245\n0\.35667494393873245\n$/);
  assert.match(EXPECTED['loss/2-loss-in-the-network']!, /^loss: 1\.0984/);
  for (const d of ['0.00019999999999999998', '4.0001999999987845', '8.000199999998785', '12.000199999998785', '16.000200000016548']) {
    assert.ok(EXPECTED['visualisations/1-derivative-tangents']!.includes(` is ${d}\n`), d);
  }
});
