// Chapters 18 to 22: the lessons print NumPy's lines under the book's semantics (the book's own
// Model code run by test/reference/model_reference.py, stored in test/reference/model.json), and
// saving, loading and predicting work from a clean folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLesson } from './run-lesson.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const reference: any = JSON.parse(readFileSync(new URL('../reference/model.json', import.meta.url), 'utf8'));
const root = fileURLToPath(new URL('../../', import.meta.url));

test('chapter 18: the Model lesson prints NumPy\'s log for 200 epochs, then the validation line', async () => {
  const lines = await runLesson('book/ch18-model', ['--epochs', '200']);
  const expected = (reference.ch18.lines as string[]).filter((line) => /^epoch: (100|200),/.test(line) || line.startsWith('validation'));
  assert.equal(expected.length, 3);
  assert.deepEqual(lines, expected);
});

test('chapter 19: one epoch on Fashion-MNIST prints NumPy\'s steps, training and validation lines', async () => {
  const lines = await runLesson('book/ch19-fashion-mnist', ['--epochs', '1']);
  assert.deepEqual(lines, reference.fashionMnist.lines);
});

test('chapter 20: evaluate gives the validation line again on the test set, and a line for the training set', async () => {
  const lines = await runLesson('book/ch20-evaluation', ['--epochs', '1']);
  const training = reference.fashionMnist.lines as string[];
  assert.deepEqual(lines.slice(0, training.length), training);
  const rest = lines.slice(training.length);
  assert.equal(rest.length, 4);
  assert.equal(rest[0], 'Evaluation on the 10,000 test images:');
  assert.equal(rest[1], training[training.length - 1]);
  assert.equal(rest[2], 'Evaluation on the 60,000 training images:');
  assert.match(rest[3]!, /^validation, acc: 0\.\d{3}, loss: 0\.\d{3}$/);
});

test('chapters 21 and 22: saved and loaded models evaluate the same, and the loaded model names the sample photos', () => {
  // In a fresh folder, so the lessons' out/ files are their own
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-ch21-'));
  try {
    symlinkSync(join(root, 'samples'), join(dir, 'samples'));
    const run = (id: string, args: string[] = []): string[] => {
      // tsx is resolved from here, since the folder the lesson runs in has no node_modules
      const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, `lessons/${id}.ts`), ...args], { cwd: dir, encoding: 'utf8' });
      assert.equal(result.status, 0, result.stderr);
      return result.stdout.trim().split('\n');
    };
    const saved = run('book/ch21-save-load', ['--epochs', '1']);
    const validation = reference.fashionMnist.lines.at(-1) as string;
    const after = saved.slice(saved.indexOf('The trained model:'));
    assert.deepEqual(after, [
      'The trained model:', validation,
      'A new model with the same parameters:', validation,
      'A new model with the parameters loaded from out/fashion-mnist.params.safetensors:', validation,
      'The model loaded from out/fashion-mnist.safetensors:', validation,
      'outputs identical bit for bit: true',
    ]);
    const predicted = run('book/ch22-prediction');
    assert.equal(predicted.length, 2);
    assert.match(predicted[0]!, /^samples\/tshirt\.png: T-shirt\/top \(confidence 0\.\d{3}\)$/);
    assert.match(predicted[1]!, /^samples\/pants\.png: Trouser \(confidence (0\.\d{3}|1\.000)\)$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
