// Chapters 8 and 9: the book's printed numbers, and chapter 9's gradients against NumPy under the
// book's semantics (test/reference/logs/ch09.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLesson, referenceLog, assertContainsBlock } from './run-lesson.ts';

test('chapter 8: the single neuron prints the book\'s gradients and its output falls from 6.0 to 5.985', async () => {
  const lines = await runLesson('book/ch08-gradients-chain-rule');
  // The book's chapter 9 opening, printed by Python
  assertContainsBlock(lines, [
    '-3.0 2.0 6.0 1.0',
    '6.0',
    '6.0',
    '1.0',
    '1.0 1.0 1.0 1.0',
    '-3.0 1.0 -1.0 -2.0 2.0 3.0',
  ], 'forward and backward');
  assertContainsBlock(lines, ['[-3.0, -1.0, 2.0] 1.0', '[-3.001, -0.998, 1.997] 0.999', '5.985'], 'the update');
});

test('chapter 9: the combined softmax/cross-entropy gradient equals the separate one, and the network\'s gradients match NumPy', async () => {
  const lines = await runLesson('book/ch09-backpropagation');
  const reference = referenceLog('ch09');
  // Combined (float64) and separate (float32 np.dot under nnfs.init()): the book's two printouts
  const separateAt = reference.indexOf('Gradients: separate loss and activation:');
  assertContainsBlock(lines, reference.slice(0, separateAt + 4), 'combined vs separate gradients');
  // The two agree to float32 rounding
  const values = (rows: string[]): number[] => rows.join(' ').replace(/[[\]]/g, ' ').trim().split(/\s+/).map(Number);
  const combined = values(reference.slice(1, 4));
  const separate = values(reference.slice(separateAt + 1, separateAt + 4));
  combined.forEach((c, k) => assert.ok(Math.abs(c - separate[k]!) <= 1e-7, `${c} vs ${separate[k]}`));
  // The chapter's final code: outputs, loss, accuracy and every gradient
  assertContainsBlock(lines, reference.slice(separateAt + 4), 'final code');
  // The book's hand-made layer after one SGD step
  assertContainsBlock(lines, [
    '[[ 0.179515   0.5003665 -0.262746 ]',
    ' [ 0.742093  -0.9152577 -0.2758402]',
    ' [-0.510153   0.2529017  0.1629592]',
    ' [ 0.971328  -0.5021842  0.8636583]]',
    '[[1.98489  2.997739 0.497389]]',
  ], 'the layer update');
});
