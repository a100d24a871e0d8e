// The playground in a real browser: Debian's chromium driven by playwright-core. The page is built
// with Vite, served from out/playground/site, and checked the way a learner would use it. Without
// /usr/bin/chromium (or $CHROMIUM_PATH) every test here is skipped with a message (CI installs it: see .ci/run).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { Dense } from '../src/layers/dense.ts';
import { RandomState } from '../src/random.ts';
import { decodeModel } from '../src/io/model-format.ts';
import { Trainer } from './trainer.ts';
import { DEFAULT_CONFIG } from './config.ts';
import { formatNumber } from './ui/step-through.ts';
import { CHROMIUM, buildSite, launchChromium, serve } from './browser.ts';

const skip = existsSync(CHROMIUM) ? false : `chromium is not installed at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH): browser tests skipped`;
const OUT = join('out', 'playground');
const SITE = join(process.cwd(), OUT, 'site');

let browser: Browser;
let server: Server;
let page: Page;
const consoleErrors: string[] = [];

before(async () => {
  if (skip) return;
  mkdirSync(OUT, { recursive: true });
  await buildSite(SITE);
  const served = await serve(SITE);
  server = served.server;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1250, height: 1150 }, acceptDownloads: true });
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(served.url);
}, { timeout: 120_000 });

after(async () => {
  await browser?.close();
  server?.close();
});

/** Frames per second drawn over `ms`, counted with requestAnimationFrame in the page. */
function measureFps(ms: number): Promise<number> {
  // A string, so that the TypeScript loader's helpers never reach the page.
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const start = performance.now();
    const tick = (now) => {
      frames++;
      if (now - start < ${ms}) requestAnimationFrame(tick);
      else resolve((frames - 1) * 1000 / (now - start));
    };
    requestAnimationFrame(tick);
  })`);
}

/** Pauses training and waits until the page says so. */
async function pause(): Promise<void> {
  if ((await page.textContent('#train')) === 'Pause') await page.click('#train');
  await page.waitForFunction(`document.querySelector('#train').textContent === 'Train'`);
}

test('the page opens on the spiral with its network drawn', { skip }, async () => {
  await page.waitForFunction(`document.querySelector('#epoch').textContent === '0' && document.querySelector('#loss').textContent !== '–'`);
  assert.equal(await page.inputValue('#field-data-name'), 'spiral');
  assert.equal(await page.inputValue('#field-layer-0-neurons'), '16');
  assert.equal(await page.inputValue('#field-layer-1-neurons'), '16');
  await page.screenshot({ path: join(OUT, 'opened.png'), fullPage: true });
});

test('training the spiral passes 0.9 accuracy within 30 seconds, drawing at least 30 frames per second', { skip, timeout: 60_000 }, async (t) => {
  const start = Date.now();
  await page.click('#train');
  // Resolves with the epoch and accuracy shown at the moment the accuracy first reads 0.9 or more.
  const reached = page.waitForFunction(`(() => {
    const accuracy = Number(document.querySelector('#accuracy').textContent);
    return accuracy >= 0.9 && [Number(document.querySelector('#epoch').textContent), accuracy];
  })()`, undefined, { timeout: 30_000 })
    .then(async (handle) => {
      const [epoch, accuracy] = (await handle.jsonValue()) as [number, number];
      return { seconds: (Date.now() - start) / 1000, epoch, accuracy };
    });
  const fps = await measureFps(3000);
  t.diagnostic(`frames per second while training: ${fps.toFixed(1)}`);
  const { seconds, epoch, accuracy } = await reached;
  t.diagnostic(`accuracy ${accuracy} after ${seconds.toFixed(1)} s (epoch ${epoch})`);
  await page.waitForTimeout(1500); // let the curves and the heat map settle for the picture
  await pause();
  await page.screenshot({ path: join(OUT, 'trained.png'), fullPage: true });
  assert.ok(seconds < 30);
  assert.ok(fps >= 30, `${fps.toFixed(1)} frames per second while training`);
});

test('stepping through a sample shows each neuron\'s output as the library computes it', { skip, timeout: 40_000 }, async (t) => {
  // A fixed point of a fixed run, so the picture and its numbers are the same every time.
  await pause();
  await page.click('#reset');
  await page.waitForFunction(`document.querySelector('#epoch').textContent === '0'`);
  await page.fill('#step-epochs', '1000');
  await page.click('#step');
  await page.waitForFunction(`document.querySelector('#epoch').textContent === '1000'`, undefined, { timeout: 20_000 });
  await page.fill('#step-epochs', '1');
  // The same config in Node gives the same data and view: click where sample 120 is drawn.
  const reference = new Trainer(DEFAULT_CONFIG);
  const { bounds } = reference.grid();
  const sample = 120;
  const [x, y] = [reference.data.train.X.get(sample, 0), reference.data.train.X.get(sample, 1)];
  const canvas = (await page.locator('#data').boundingBox())!;
  await page.mouse.click(
    canvas.x + ((x - bounds[0]) / (bounds[1] - bounds[0])) * canvas.width,
    canvas.y + ((bounds[3] - y) / (bounds[3] - bounds[2])) * canvas.height,
  );
  await page.waitForSelector(`#trace .trace-sample`);
  assert.match((await page.textContent('#trace .trace-sample'))!, new RegExp(`Sample ${sample} of the training set`));

  // The page's weights, exported as a model file, through the library's own Dense layer in Node.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const file = join(OUT, 'exported.safetensors');
  await download.saveAs(file);
  const { tensors } = decodeModel(new Uint8Array(readFileSync(file)));
  const weights = tensors.get('layers.0.weights')!;
  const dense = new Dense(weights.rows, weights.cols, { random: new RandomState(0) });
  dense.weights.data.set(weights.data);
  dense.biases.data.set(tensors.get('layers.0.biases')!.data);
  const z = dense.forward(reference.data.train.X.sliceRows(sample, sample + 1));

  const neuron = 3;
  const shown = page.locator(`#trace .neuron[data-layer="0"][data-neuron="${neuron}"]`);
  assert.equal(Number(await shown.getAttribute('data-output')), z.data[neuron]);
  assert.equal(await shown.locator('b').first().textContent(), formatNumber(z.data[neuron]!));
  assert.equal(Number(await shown.getAttribute('data-activated')), Math.max(0, z.data[neuron]!));
  await page.locator('#trace').screenshot({ path: join(OUT, 'step-through-forward.png') });
  await page.waitForTimeout(300); // a frame or two to fill the network drawing with the sample's activations
  await page.screenshot({ path: join(OUT, 'trained-with-trace.png'), fullPage: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(OUT, 'readme.png') });

  await page.check('input[name="trace-mode"][value="backward"]');
  const gradients = page.locator('#trace .neuron-grad');
  assert.equal(await gradients.count(), 16 + 16 + 3);
  await page.locator('#trace').screenshot({ path: join(OUT, 'step-through-backward.png') });
  await page.check('input[name="trace-mode"][value="forward"]');

  // While training, the step-through follows the weights; report the frame rate with it open.
  await page.click('#train');
  const fps = await measureFps(3000);
  t.diagnostic(`frames per second while training with the step-through open: ${fps.toFixed(1)}`);
  await pause();
  // The README's picture is refreshed on request only, so that a test run leaves the tree clean.
  if (process.env.UPDATE_SCREENSHOT) copyFileSync(join(OUT, 'readme.png'), 'docs/playground.png');
});

test('the same seed gives the same run', { skip, timeout: 30_000 }, async () => {
  const run = async (): Promise<string> => {
    await page.click('#reset');
    await page.waitForFunction(`document.querySelector('#epoch').textContent === '0'`);
    for (let i = 0; i < 5; i++) {
      await page.click('#step');
      await page.waitForFunction(`document.querySelector('#epoch').textContent === '${i + 1}'`);
    }
    return `${await page.textContent('#loss')} ${await page.textContent('#accuracy')} ${await page.getAttribute('#loss', 'data-value')}`;
  };
  const first = await run();
  assert.equal(await run(), first);
});

test('each data set trains, and the network editor changes the network', { skip, timeout: 60_000 }, async () => {
  for (const name of ['circle', 'xor', 'vertical', 'sine', 'spiral']) {
    await page.selectOption('#field-data-name', name);
    await page.waitForFunction(`document.querySelector('#epoch').textContent === '0'`);
    await page.click('#train');
    await page.waitForFunction(`Number(document.querySelector('#epoch').textContent) >= 50`);
    await pause();
    await page.screenshot({ path: join(OUT, `data-${name}.png`), fullPage: true });
  }
  assert.equal(await page.inputValue('#field-output'), 'softmax', 'back from sine, the output is softmax again');
  await page.click('#field-layer-add');
  assert.equal(await page.inputValue('#field-layer-2-neurons'), '16');
  await page.click('#field-layer-2-fewer');
  assert.equal(await page.inputValue('#field-layer-2-neurons'), '15');
  await page.selectOption('#field-layer-2-activation', 'sigmoid');
  await page.click('#field-layer-0-remove');
  assert.equal(await page.locator('.layer-row').count(), 2);
  await page.click('#step');
  await page.waitForFunction(`document.querySelector('#epoch').textContent === '1'`);
});

test('an exported model imports back into the page', { skip, timeout: 30_000 }, async () => {
  await page.click('#reset');
  await page.click('#step');
  await page.waitForFunction(`document.querySelector('#epoch').textContent === '1'`);
  const loss = await page.getAttribute('#loss', 'data-value');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export')]);
  const file = join(OUT, 'roundtrip.safetensors');
  await download.saveAs(file);
  await page.selectOption('#field-data-name', 'xor');
  await page.setInputFiles('#import', file);
  await page.waitForFunction(`document.querySelector('#field-data-name').value === 'spiral'`);
  await page.waitForFunction(`document.querySelector('#loss').dataset.value === '${loss}'`);
});

test('a learning rate that blows the loss up stops training with an explanation', { skip, timeout: 30_000 }, async () => {
  // Regression: the linear output's weights grow until the squared error overflows.
  await page.selectOption('#field-data-name', 'sine');
  await page.selectOption('#field-optimizer-name', 'sgd');
  await page.fill('#field-optimizer-learningRate', '1e30');
  await page.press('#field-optimizer-learningRate', 'Enter');
  await page.click('#train');
  await page.waitForSelector('#error:not([hidden])');
  assert.match((await page.textContent('#error'))!, /learning rate/);
  assert.equal(await page.textContent('#train'), 'Train');
  await page.screenshot({ path: join(OUT, 'diverged.png') });
  await page.selectOption('#field-optimizer-name', 'adam');
  await page.fill('#field-optimizer-learningRate', '0.02');
  await page.press('#field-optimizer-learningRate', 'Enter');
  await page.selectOption('#field-data-name', 'spiral');
  assert.equal(await page.isHidden('#error'), true);
});

test('no errors reached the console', { skip }, () => {
  assert.deepEqual(consoleErrors, []);
});
