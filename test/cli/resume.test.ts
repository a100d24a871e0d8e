// Training survives a crash: killed with SIGKILL (after --checkpoint-every 1) or stopped with Ctrl-C,
// a run resumed with --resume ends with exactly the model file of an uninterrupted run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckpoint } from '../../src/io/index.ts';
import { runCli, startCli } from './cli.ts';

// 600 spiral points in batches of 4 (150 steps an epoch), dropout and L2: every random draw and
// every accumulated value must carry over a restart.
const RUN = ['train', '--samples', '200', '--hidden', '32', '--dropout', '0.1', '--l2', '5e-4', '--batch-size', '4', '--epochs', '24', '--print-every', '1', '--seed', '3'];

let dir = '';
let reference: Buffer;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scratchnet-resume-'));
  const whole = await runCli([...RUN, '-o', join(dir, 'whole.safetensors')]);
  assert.equal(whole.code, 0, whole.stderr);
  reference = readFileSync(join(dir, 'whole.safetensors'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The epochs whose summary line a run has printed so far. */
function finishedEpochs(stdout: string): number {
  return stdout.split('\n').filter((line) => /^\d+\/\d+ \[=+\] - /.test(line)).length;
}

/** Resolves once `condition` holds (checked every 50 ms). */
async function until(condition: () => boolean, what: string, seconds = 600): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a run killed with SIGKILL loses at most one epoch and, resumed, ends bit for bit like an uninterrupted one', async () => {
  const output = join(dir, 'killed.safetensors');
  const checkpoint = join(dir, 'killed.checkpoint.safetensors');
  const run = startCli([...RUN, '--checkpoint-every', '1', '-o', output]);
  await until(() => finishedEpochs(run.stdout()) >= 5, 'five epochs');
  run.child.kill('SIGKILL');
  const killed = await run.result;
  assert.equal(killed.signal, 'SIGKILL');
  const printed = finishedEpochs(killed.stdout);
  assert.ok(printed < 24, 'killed before the end');

  const saved = loadCheckpoint(checkpoint);
  assert.equal(saved.position.step, 0, 'checkpoints of --checkpoint-every are taken at epoch ends');
  assert.ok(saved.position.epoch >= printed - 1, `checkpoint after epoch ${saved.position.epoch}, but ${printed} epochs were finished: more than one lost`);

  const resumed = await runCli(['train', '--resume', checkpoint]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`^Resuming .*: epoch ${saved.position.epoch + 1} of 24\\.`));
  assert.ok(readFileSync(output).equals(reference), 'the resumed run\'s model file differs from the uninterrupted run\'s');
  assert.ok(!existsSync(checkpoint), 'a finished run removes its checkpoint');
});

test('Ctrl-C saves the training state between two steps and says how to continue; resumed, the run ends bit for bit the same', async () => {
  const output = join(dir, 'stopped.safetensors');
  const checkpoint = join(dir, 'stopped.checkpoint.safetensors');
  const run = startCli([...RUN, '-o', output]);
  await until(() => finishedEpochs(run.stdout()) >= 3, 'three epochs');
  run.child.kill('SIGINT');
  const stopped = await run.result;
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /Interrupted after epoch \d+(, step \d+)?\. Saved the training state to .*stopped\.checkpoint\.safetensors\./);
  assert.match(stopped.stdout, /Continue with: scratchnet train --resume .*stopped\.checkpoint\.safetensors/);
  assert.equal(stopped.stderr, '');
  const saved = loadCheckpoint(checkpoint);
  assert.ok(saved.position.epoch >= 3);

  const resumed = await runCli(['train', '--resume', checkpoint]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.ok(readFileSync(output).equals(reference), 'the resumed run\'s model file differs from the uninterrupted run\'s');
});
