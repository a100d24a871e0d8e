import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { prepareImages } from '../datasets/fashion-mnist.ts';
import { loadFashionMnist } from './fashion-mnist.ts';
import { ImageFileError } from './errors.ts';
import { readImage, readImagePixels, readImages, resizeArea } from './image.ts';

const samples = new URL('../../samples/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'scratchnet-image-'));
const { test: testSet } = loadFashionMnist();
const original = (index: number) => testSet.images.subarray(index * 784, (index + 1) * 784);

test('the sample images come back as exactly the test images they were made from', async () => {
  for (const [file, index] of [['tshirt.png', 0], ['pants.png', 1000]] as const) {
    assert.deepEqual(await readImagePixels(join(samples, file)), original(index), file);
    const X = await readImage(join(samples, file));
    assert.deepEqual(X.shape, [1, 784]);
    assert.deepEqual(X.data, prepareImages(original(index), 1).data, `${file}: prepared pixels`);
  }
  assert.equal(testSet.labels[0], 0, 'tshirt.png is a T-shirt/top');
  assert.equal(testSet.labels[1000], 1, 'pants.png is a Trouser');
});

test('a colour JPEG photo of the sample is close to the original (JPEG is lossy)', async () => {
  const path = join(dir, 'tshirt.jpg');
  await sharp(join(samples, 'tshirt.png')).toColourspace('srgb').tint('#ffeedd').jpeg({ quality: 90 }).toFile(path);
  const X = await readImage(path);
  const expected = prepareImages(original(0), 1);
  let sum = 0;
  for (let k = 0; k < 784; k++) sum += Math.abs(X.data[k]! - expected.data[k]!);
  assert.ok(sum / 784 < 0.05, `mean difference ${(sum / 784).toFixed(4)} in [-1, 1] units`);
});

test('transparency becomes a white background, so the inverted background is black (-1)', async () => {
  const path = join(dir, 'transparent.png');
  const rgba = new Uint8Array(56 * 56 * 4); // all transparent...
  for (let y = 14; y < 42; y++) for (let x = 14; x < 42; x++) rgba.set([0, 0, 0, 255], (y * 56 + x) * 4); // ...but a black square
  await sharp(rgba, { raw: { width: 56, height: 56, channels: 4 } }).png().toFile(path);
  const pixels = await readImagePixels(path);
  assert.equal(pixels[0], 0, 'corner: transparent → white → inverted to 0');
  assert.equal(pixels[14 * 28 + 14], 255, 'centre: black → inverted to 255');
});

test('a phone photo is turned upright by its EXIF orientation', async () => {
  const raw = new Uint8Array(28 * 28).fill(255);
  for (let y = 0; y < 10; y++) for (let x = 0; x < 10; x++) raw[y * 28 + x] = 0; // dark block, top left
  const path = join(dir, 'rotated.jpg');
  // Orientation 6: the stored pixels must be turned 90° clockwise to be upright.
  await sharp(raw, { raw: { width: 28, height: 28, channels: 1 } }).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toFile(path);
  const pixels = await readImagePixels(path);
  assert.ok(pixels[5 * 28 + 22]! > 200, 'the block is now at the top right');
  assert.ok(pixels[5 * 28 + 5]! < 50, 'and no longer at the top left');
});

test('resizeArea averages the area each output pixel covers', () => {
  // 3 × 3 → 2 × 2: each output covers 1.5 × 1.5 source pixels, a quarter of the centre pixel, so 90 · 0.25 / 2.25 = 10.
  assert.deepEqual([...resizeArea(new Uint8Array([0, 0, 0, 0, 90, 0, 0, 0, 0]), 3, 3, 2)], [10, 10, 10, 10]);
  // 2 × 1 → 4 × 4 enlarges: each output pixel lies inside one source pixel.
  assert.deepEqual([...resizeArea(new Uint8Array([10, 200]), 2, 1, 4)], [10, 10, 200, 200, 10, 10, 200, 200, 10, 10, 200, 200, 10, 10, 200, 200]);
});

test('readImages stacks several files into one batch', async () => {
  const X = await readImages([join(samples, 'tshirt.png'), join(samples, 'pants.png')]);
  assert.deepEqual(X.shape, [2, 784]);
  assert.deepEqual(X.data.subarray(784), prepareImages(original(1000), 1).data);
});

test('missing, non-image, truncated and SVG files get a clear ImageFileError', async () => {
  const text = join(dir, 'notes.png');
  writeFileSync(text, 'not an image');
  const truncated = join(dir, 'truncated.png');
  writeFileSync(truncated, readFileSync(join(samples, 'tshirt.png')).subarray(0, 200));
  const svg = join(dir, 'drawing.svg');
  writeFileSync(svg, '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"/>');
  const cases: [string, RegExp][] = [
    [join(dir, 'missing.png'), /missing\.png: no such file\./],
    [text, /notes\.png: not a PNG, JPEG or WebP image/],
    [truncated, /truncated\.png: cannot be decoded/],
    [svg, /drawing\.svg: not a PNG, JPEG or WebP image/],
    [dir, /cannot be read/],
  ];
  for (const [path, message] of cases) {
    await assert.rejects(readImage(path), (error: unknown) => error instanceof ImageFileError && message.test(error.message), path);
  }
});
