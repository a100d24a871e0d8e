// Book chapters 2 to 7: each lesson's output against NumPy under the book's semantics
// (test/reference/lessons_reference.py, test/reference/logs/ch06.txt) and the book's printed rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { captureLesson } from '../../lessons/runner.ts';
import { expectOutput } from './expect-output.ts';

test('chapter 2 prints the batch through one layer', async () => {
  await expectOutput('book/ch02-layer-of-neurons', `[[ 4.8    1.21   2.385]
 [ 8.9   -1.81   0.2  ]
 [ 1.41   1.051  0.026]]
`);
});

test('chapter 3 prints the book\'s first five dense-layer outputs digit for digit', async () => {
  await expectOutput('book/ch03-dense-layer', `[[ 0.0000000e+00  0.0000000e+00  0.0000000e+00]
 [-1.0475188e-04  1.1395361e-04 -4.7983500e-05]
 [-2.7414842e-04  3.1729150e-04 -8.6921798e-05]
 [-4.2188365e-04  5.2666257e-04 -5.5912682e-05]
 [-5.7707680e-04  7.1401405e-04 -8.9430439e-05]]
`);
});

test('chapter 4 prints the book\'s softmax rows digit for digit', async () => {
  const lines = await captureLesson('book/ch04-activations');
  assert.equal(lines.join('\n') + '\n', `[[0.33333334 0.33333334 0.33333334]
 [0.33333316 0.3333332  0.33333364]
 [0.33333287 0.3333329  0.33333418]
 [0.3333326  0.33333263 0.33333477]
 [0.33333233 0.3333324  0.33333528]]
`);
  // The two rows the book prints (NumPy 2's own float32 exp would give 0.3333332 for the first value)
  assert.equal(lines[0], '[[0.33333334 0.33333334 0.33333334]');
  assert.equal(lines[1], ' [0.33333316 0.3333332  0.33333364]');
});

test('chapter 5 prints loss: 1.0986104 and acc: 0.34', async () => {
  const lines = await captureLesson('book/ch05-loss-and-accuracy');
  assert.equal(lines.join('\n') + '\n', `[[0.33333334 0.33333334 0.33333334]
 [0.33333316 0.3333332  0.33333364]
 [0.33333287 0.3333329  0.33333418]
 [0.3333326  0.33333263 0.33333477]
 [0.33333233 0.3333324  0.33333528]]
loss: 1.0986104
acc: 0.34
`);
  assert.deepEqual(lines.slice(-2), ['loss: 1.0986104', 'acc: 0.34']);
});

test('chapter 6 prints NumPy\'s random-search log line for line, on vertical then spiral data', async () => {
  const lines = await captureLesson('book/ch06-random-search');
  const reference = readFileSync(new URL('../reference/logs/ch06.txt', import.meta.url), 'utf8').split('\n').filter((line) => line !== '');
  assert.equal(reference.length, 316);
  assert.deepEqual(lines.slice(0, -1), reference);
  assert.equal(lines.at(-1), 'picture: out/book/ch06-vertical-data.svg (and .png)');
  // Random search works on vertical data (the last improvement: loss 0.17, acc 0.93) and stalls on spirals
  assert.equal(lines[243], 'New set of weights found, iteration: 9397 loss: 0.17279711 acc: 0.93');
  assert.equal(lines[315], 'New set of weights found, iteration: 5415 loss: 1.0790575 acc: 0.39');
});

test('chapter 6 with --iterations 1000 prints the first 1,000 iterations of each search', async () => {
  const lines = await captureLesson('book/ch06-random-search', ['--iterations', '1000']);
  const reference = readFileSync(new URL('../reference/logs/ch06.txt', import.meta.url), 'utf8').split('\n');
  const early = reference.filter((line) => line.startsWith('#') || Number(/iteration: (\d+) /.exec(line)?.[1] ?? Infinity) < 1000);
  assert.deepEqual(lines.slice(0, -1), early);
});

test('chapter 7 prints the book\'s numerical derivatives and the analytical ones beside them', async () => {
  await expectOutput('book/ch07-derivatives', `4.0001999999987845
(0, 0) (0.0001, 2e-08)
Approximate derivative for f(x) where x = 0 is 0.00019999999999999998
(1, 2) (1.0001, 2.00040002)
Approximate derivative for f(x) where x = 1 is 4.0001999999987845
(2, 8) (2.0001, 8.000800020000002)
Approximate derivative for f(x) where x = 2 is 8.000199999998785
(3, 18) (3.0001, 18.001200020000002)
Approximate derivative for f(x) where x = 3 is 12.000199999998785
(4, 32) (4.0001, 32.00160002)
Approximate derivative for f(x) where x = 4 is 16.000200000016548
analytical derivative f'(x) = 4x:
  x = 0: 4x = 0, numerical − analytical = 0.00019999999999999998
  x = 1: 4x = 4, numerical − analytical = 0.0001999999987845058
  x = 2: 4x = 8, numerical − analytical = 0.0001999999987845058
  x = 3: 4x = 12, numerical − analytical = 0.0001999999987845058
  x = 4: 4x = 16, numerical − analytical = 0.0002000000165480742
picture: out/book/ch07-tangents.svg (and .png)
`);
});
