// More bad command lines and bad files for the CLI, beyond test/cli/errors.test.ts: hyperparameters
// out of range, sizes too large to allocate, crafted model files (NaN weights, an optimizer setting
// out of range) and paths that cannot be written. Each gets exit code 2 and one line on stderr that
// names the problem, never a stack trace, and never the name of a temporary file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSafetensors, encodeSafetensors } from '../../src/index.ts';
import { runCli, runMany } from '../cli/cli.ts';

let dir = '';
let model = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scratchnet-hardening-cli-'));
  model = join(dir, 'spiral.safetensors');
  const trained = await runCli(['train', '--epochs', '2', '--hidden', '8', '-o', model]);
  assert.equal(trained.code, 0, trained.stderr);
  // Two files that are valid safetensors but not usable models.
  const { tensors, metadata } = decodeSafetensors(readFileSync(model));
  const architecture = metadata.get('architecture')!;
  const withNaN = new Map(tensors);
  const weights = withNaN.get('layers.0.weights')!.clone();
  weights.data[3] = NaN;
  withNaN.set('layers.0.weights', weights);
  writeFileSync(join(dir, 'nan.safetensors'), encodeSafetensors(withNaN, { format: 'scratchnet', architecture }));
  const momentum = JSON.stringify({ ...JSON.parse(architecture), optimizer: { type: 'sgd', momentum: 5 } });
  writeFileSync(join(dir, 'momentum.safetensors'), encodeSafetensors(tensors, { format: 'scratchnet', architecture: momentum }));
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('more bad invocations: each prints one line naming the problem, exits with code 2 and shows no stack trace', async () => {
  const file = (name: string): string => join(dir, name);
  const cases: [string[], RegExp][] = [
    [['train', '--l1', 'abc'], /--l1 must be a number at least 0, got "abc"/],
    [['train', '--l2=-1'], /--l2 must be a number at least 0/],
    [['train', '--decay=-1'], /--decay must be a number at least 0/],
    [['train', '--epsilon=-1'], /--epsilon must be a number/],
    [['train', '--learning-rate', 'NaN'], /--learning-rate must be a number/],
    [['train', '--learning-rate', '1e400'], /--learning-rate must be a number.*"1e400"/],
    [['train', '--optimizer', 'rmsprop', '--rho', '1'], /--rho must be a number in \[0, 1\)/],
    [['train', '--beta2', '1'], /--beta2 must be a number in \[0, 1\)/],
    [['train', '--optimizer', 'sgd', '--momentum', '1'], /--momentum must be a number in \[0, 1\)/],
    [['train', '--checkpoint-every', '0'], /--checkpoint-every must be a whole number at least 1/],
    [['train', '--samples', '1000000000000'], /--samples must be a whole number from 1 to/],
    [['train', '--classes', '1e12'], /--classes must be a whole number from 2 to/],
    [['train', '--hidden', '999999999'], /--hidden must be a whole number from 1 to/],
    [['train', '--data', 'fashion-mnist', '--samples', '100000'], /--samples must be a whole number from 1 to 60000/],
    [['train', '--output', ''], /--output must be a file path/],
    [['train', '--resume', dir], /is a directory/],
    [['evaluate', model, '--batch-size', '0'], /--batch-size must be a whole number at least 1/],
    [['evaluate', model, '--seed', 'x'], /--seed must be a whole number/],
    [['evaluate', file('nan.safetensors')], /"layers\.0\.weights" holds NaN at row 0, column 3; weights must be finite numbers/],
    [['predict', file('nan.safetensors'), 'samples/tshirt.png'], /holds NaN/],
    [['evaluate', file('momentum.safetensors')], /momentum\.safetensors \(architecture\): "optimizer" momentum must be a finite number in \[0, 1\), got 5/],
    [['export-onnx', model, file('no-such-folder/model.onnx')], /no-such-folder: no such file or directory/],
  ];
  const results = await runMany(cases.map(([args]) => args));
  results.forEach((result, k) => {
    const [args, pattern] = cases[k]!;
    const what = `scratchnet ${args.join(' ')}`;
    assert.equal(result.code, 2, `${what}: exit code (stderr: ${result.stderr})`);
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${result.stderr}`);
    assert.match(lines[0]!, /^scratchnet: /, what);
    assert.match(lines[0]!, pattern, what);
    assert.doesNotMatch(lines[0]!, /\.tmp\b/, `${what}: names a temporary file`);
    assert.doesNotMatch(result.stderr + result.stdout, /\n\s+at .*:\d+:\d+/, `${what}: a stack trace`);
  });
});
