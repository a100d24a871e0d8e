// The CLI's commands end to end, as a new user runs them: train, evaluate, predict, export-onnx, lesson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, runCli, runMany } from './cli.ts';

let dir = '';
let fashion = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scratchnet-cli-'));
  fashion = join(dir, 'fashion.safetensors');
  // A small Fashion-MNIST model: 10,000 training images, 3 epochs (about 0.79 accuracy on the test set).
  const trained = await runCli(['train', '--data', 'fashion-mnist', '--samples', '10000', '--epochs', '3', '-o', fashion]);
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /^Training 784 → 128 → 128 → 10, 118,282 parameters on fashion-mnist \(10,000 samples, 10,000 to validate\)\./);
  assert.equal(trained.stdout.match(/^Epoch \d\/3$/gm)?.length, 3);
  assert.match(trained.stdout, /^79\/79 \[=+\] - .* - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/m);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('predict names the class of the two sample photos: a T-shirt and a pair of trousers', async () => {
  const result = await runCli(['predict', fashion, 'samples/tshirt.png', 'samples/pants.png']);
  assert.equal(result.code, 0, result.stderr);
  const lines = result.stdout.trim().split('\n');
  assert.match(lines[0]!, /^samples\/tshirt\.png: T-shirt\/top \(confidence 0\.\d{3}\)$/);
  assert.match(lines[1]!, /^samples\/pants\.png: +Trouser \(confidence (0\.\d{3}|1\.000)\)$/);
});

test('evaluate reports the same loss and accuracy as the last validation of train', async () => {
  const model = join(dir, 'spiral.safetensors');
  const trained = await runCli(['train', '--epochs', '200', '--print-every', '100', '-o', model]);
  assert.equal(trained.code, 0, trained.stderr);
  const last = /val_loss: (\d\.\d{4}) - val_acc: (\d\.\d{4})\n(?![\s\S]*val_loss)/.exec(trained.stdout)!;
  assert.match(trained.stdout, /Next: scratchnet evaluate .*spiral\.safetensors\n$/);
  const evaluated = await runCli(['evaluate', model]);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.match(evaluated.stdout, /on 300 spiral validation samples\./);
  assert.ok(evaluated.stdout.includes(`loss: ${last[1]} - acc: ${last[2]}`), `${evaluated.stdout} vs ${last[0]}`);
});

test('export-onnx writes an ONNX file that ONNX Runtime runs to the same outputs', async () => {
  const onnx = join(dir, 'fashion.onnx');
  const result = await runCli(['export-onnx', fashion, onnx]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Wrote .*fashion\.onnx: ONNX opset 13, input "input" float32 \[batch, 784\], output "output" \[batch, 10\]\.$/m);
  assert.ok(existsSync(onnx));
  const ort = await import('onnxruntime-node');
  const { readImages, loadModel } = await import('../../src/io/index.ts');
  const images = await readImages([join(ROOT, 'samples/tshirt.png'), join(ROOT, 'samples/pants.png')]);
  const session = await ort.InferenceSession.create(readFileSync(onnx));
  const output = await session.run({ input: new ort.Tensor('float32', Float32Array.from(images.data), [2, 784]) });
  const ours = loadModel(fashion).predict(images).data;
  const theirs = output.output!.data as Float32Array;
  ours.forEach((value, k) => assert.ok(Math.abs(value - theirs[k]!) < 1e-5, `${value} vs ${theirs[k]}`));
});

test('lesson --list shows the curriculum, and the bin shim runs the same command line', async () => {
  const [listed, version] = await runMany([['lesson', '--list'], ['--version']]);
  assert.equal(listed!.code, 0, listed!.stderr);
  for (const id of ['neurons/1-single-neuron', 'book/ch18-model', 'book/ch19-fashion-mnist', 'book/ch22-prediction']) assert.match(listed!.stdout, new RegExp(`^${id} `, 'm'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: { scratchnet: string } };
  assert.equal(version!.stdout.trim(), pkg.version);
  const shim = spawnSync(process.execPath, [join(ROOT, pkg.bin.scratchnet), '--version'], { encoding: 'utf8' });
  assert.equal(shim.status, 0, shim.stderr);
  assert.equal(shim.stdout.trim(), pkg.version);
});
