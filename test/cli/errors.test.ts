// Bad command lines and bad files: each gets one line on stderr and exit code 2, never a stack trace.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, runMany } from './cli.ts';

let dir = '';
let spiralModel = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scratchnet-cli-errors-'));
  spiralModel = join(dir, 'spiral.safetensors');
  const trained = await runCli(['train', '--epochs', '3', '--hidden', '8', '-o', spiralModel]);
  assert.equal(trained.code, 0, trained.stderr);
  writeFileSync(join(dir, 'notes.txt'), 'not a model\n');
  writeFileSync(join(dir, 'truncated.safetensors'), readFileSync(spiralModel).subarray(0, 100));
  writeFileSync(join(dir, 'fake.png'), 'not an image\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('at least 30 bad invocations each print one line on stderr, exit with code 2 and show no stack trace', async () => {
  const file = (name: string): string => join(dir, name);
  const cases: [string[], RegExp][] = [
    [[], /give a command/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['help', 'nope'], /no command "nope"/],
    [['train', '--epochs', '0'], /--epochs must be a whole number/],
    [['train', '--epochs', 'abc'], /--epochs must be a whole number.*"abc"/],
    [['train', '--epochs'], /option --epochs needs a value/],
    [['train', '--epochs', '2.5'], /--epochs must be a whole number/],
    [['train', '--data', 'mnist'], /--data must be one of spiral, vertical, sine, fashion-mnist/],
    [['train', '--hidden', '64,,3'], /--hidden must be whole numbers separated by commas/],
    [['train', '--hidden', '-5'], /option --hidden needs a value/],
    [['train', '--hidden=0'], /--hidden must be a whole number/],
    [['train', '--dropout', '1'], /--dropout must be a number in \[0, 1\)/],
    [['train', '--dropout=-0.1'], /--dropout must be a number/],
    [['train', '--learning-rate=-1'], /--learning-rate must be a number at least 0/],
    [['train', '--learning-rate', 'fast'], /--learning-rate must be a number/],
    [['train', '--optimizer', 'adamw'], /--optimizer must be one of adam, sgd, adagrad, rmsprop/],
    [['train', '--momentum', '0.9'], /--momentum applies to sgd only/],
    [['train', '--optimizer', 'sgd', '--beta1', '0.8'], /--beta1 applies to adam only/],
    [['train', '--batch-size', '0'], /--batch-size must be a whole number/],
    [['train', '--classes', '1'], /--classes must be a whole number from 2/],
    [['train', '--data', 'sine', '--classes', '3'], /--classes does not apply to sine/],
    [['train', '--activation', 'tanh'], /--activation must be one of relu, sigmoid/],
    [['train', '--seed', '5000000000'], /--seed must be a whole number from 0/],
    [['train', '--print-every', '0'], /--print-every must be a whole number/],
    [['train', '--unknown'], /unknown option --unknown/],
    [['train', '--epoch', '3'], /unknown option --epoch; did you mean --epochs/],
    [['train', 'spiral'], /unexpected argument "spiral"/],
    [['train', '--help=yes'], /option --help takes no value/],
    [['train', '--output', join(dir, 'no-such-folder', 'm.safetensors')], /the folder .* does not exist/],
    [['train', '--output', dir], /is a folder/],
    [['train', '--resume', file('missing.safetensors')], /no such checkpoint file/],
    [['train', '--resume', file('notes.txt')], /notes\.txt/],
    [['train', '--resume', spiralModel], /not a checkpoint/],
    [['train', '--resume', file('x.safetensors'), '--epochs', '5'], /leave out --epochs/],
    [['evaluate'], /give one model file/],
    [['evaluate', file('missing.safetensors')], /no such file/],
    [['evaluate', file('notes.txt')], /notes\.txt/],
    [['evaluate', file('truncated.safetensors')], /truncated\.safetensors/],
    [['evaluate', dir], /is a directory/],
    [['evaluate', spiralModel, '--data', 'sine'], /takes 2 inputs per sample but sine data has 1/],
    [['evaluate', spiralModel, '--split', 'validation'], /--split must be one of test, train/],
    [['predict', spiralModel], /give a model file and at least one image/],
    [['predict', spiralModel, 'samples/tshirt.png'], /takes 2 inputs.*784/],
    [['predict', file('missing.safetensors'), 'samples/tshirt.png'], /no such file/],
    [['export-onnx', spiralModel], /give a model file and the ONNX file/],
    [['export-onnx', spiralModel, file('out.txt')], /should end in \.onnx/],
    [['export-onnx', file('notes.txt'), file('out.onnx')], /notes\.txt/],
    [['lesson'], /give a lesson id/],
    [['lesson', 'ch99-nothing'], /no lesson "ch99-nothing"; closest/],
    [['lesson', '--frobnicate'], /unknown option --frobnicate/],
  ];
  assert.ok(cases.length >= 30);
  const results = await runMany(cases.map(([args]) => args));
  results.forEach((result, k) => {
    const [args, pattern] = cases[k]!;
    const what = `scratchnet ${args.join(' ')}`;
    assert.equal(result.code, 2, `${what}: exit code (stderr: ${result.stderr})`);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${result.stderr}`);
    assert.match(lines[0]!, /^scratchnet: /, what);
    assert.match(lines[0]!, pattern, what);
    assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at .*:\d+:\d+/, `${what}: a stack trace`);
  });
});

test('an image that is not an image, given to a Fashion-MNIST model, gets one line and exit code 2', async () => {
  const fashion = join(dir, 'fashion.safetensors');
  const trained = await runCli(['train', '--data', 'fashion-mnist', '--samples', '256', '--epochs', '1', '--hidden', '8', '-o', fashion]);
  assert.equal(trained.code, 0, trained.stderr);
  const result = await runCli(['predict', fashion, join(dir, 'fake.png')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^scratchnet: .*fake\.png: not a PNG, JPEG or WebP image/);
  assert.equal(result.stderr.trim().split('\n').length, 1);
});

test('every command has --help, which exits with code 0', async () => {
  const results = await runMany([['--help'], ['train', '--help'], ['evaluate', '--help'], ['predict', '--help'], ['export-onnx', '--help'], ['lesson', '--help'], ['help', 'train']]);
  for (const result of results) {
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^usage: scratchnet/);
    assert.equal(result.stderr, '');
  }
});
