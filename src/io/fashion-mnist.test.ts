import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeFashionMnistCache, encodeFashionMnistCache, loadFashionMnist } from './fashion-mnist.ts';
import {
  FASHION_MNIST_CLASSES,
  prepareImages,
  prepareImageSet,
  shuffleImageSet,
  type ImageSet,
} from '../datasets/fashion-mnist.ts';
import { RandomState } from '../random.ts';

// The first call may build the project cache from the package (about 5 s); later ones read it.
const data = loadFashionMnist();

test('the split has 60,000 training and 10,000 test images, 6,000 and 1,000 per class, ordered by class', () => {
  assert.equal(data.train.count, 60000);
  assert.equal(data.test.count, 10000);
  assert.equal(data.train.images.length, 60000 * 784);
  assert.equal(data.test.images.length, 10000 * 784);
  for (let i = 0; i < 60000; i += 500) assert.equal(data.train.labels[i], Math.floor(i / 6000));
  for (let i = 0; i < 10000; i += 100) assert.equal(data.test.labels[i], Math.floor(i / 1000));
});

test('the class names are the standard ten, in label order', () => {
  assert.deepEqual(FASHION_MNIST_CLASSES, ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']);
});

test('images keep their pixel values: the ankle boot that is train_images[0] of the original data set is in our training set', () => {
  // Row 3 of the original Fashion-MNIST's first training image (an ankle boot), as TensorFlow's tutorial prints it.
  // The package stores it as image 899 of class 9, so it is our training image 9 · 6000 + 899.
  const row3 = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 13, 73, 0, 0, 1, 4, 0, 0, 0, 0, 1, 1, 0];
  const start = (9 * 6000 + 899) * 784 + 3 * 28;
  assert.deepEqual([...data.train.images.subarray(start, start + 28)], row3);
  assert.equal(data.train.labels[9 * 6000 + 899], 9);
});

test('a damaged, truncated or foreign cache is not used', () => {
  const small: ImageSet = { images: new Uint8Array(784).fill(9), labels: new Uint8Array([3]), count: 1 };
  // A cache must hold exactly 60,000 + 10,000 images, so a one-image "cache" is rejected like a foreign file.
  assert.equal(decodeFashionMnistCache(encodeFashionMnistCache({ train: small, test: small })), undefined);
  const bytes = encodeFashionMnistCache(data);
  const decoded = decodeFashionMnistCache(bytes);
  assert.ok(decoded);
  assert.deepEqual(decoded.test.labels, data.test.labels);
  const flipped = bytes.slice();
  flipped[1000] ^= 1;
  assert.equal(decodeFashionMnistCache(flipped), undefined, 'one flipped pixel fails the CRC');
  assert.equal(decodeFashionMnistCache(bytes.subarray(0, bytes.length - 1)), undefined);
  assert.equal(decodeFashionMnistCache(new Uint8Array(10)), undefined);
  const versioned = bytes.slice();
  versioned[8] = 99;
  assert.equal(decodeFashionMnistCache(versioned), undefined);
});

test('a damaged cache is rebuilt from the package and rewritten; the next load reads it in under a second', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'scratchnet-fmnist-')), 'created');
  mkdirSync(dir);
  const damaged = encodeFashionMnistCache(data);
  damaged[5000] ^= 1;
  writeFileSync(join(dir, 'fashion-mnist.bin'), damaged);
  const rebuilt = loadFashionMnist({ cacheDir: dir });
  assert.equal(rebuilt.source, 'package');
  assert.equal(Buffer.compare(readFileSync(rebuilt.cachePath), encodeFashionMnistCache(data)), 0, 'the cache is rewritten, byte for byte as before');
  assert.deepEqual(readdirSync(dir), ['fashion-mnist.bin'], 'no temporary file is left');
  const start = performance.now();
  const again = loadFashionMnist({ cacheDir: dir });
  const ms = performance.now() - start;
  assert.equal(again.source, 'cache');
  assert.ok(ms < 1000, `loading the cache took ${ms.toFixed(0)} ms`);
  assert.deepEqual(again.train.labels, data.train.labels);
  assert.deepEqual(again.test.images, data.test.images);
});

test('prepareImages scales as chapter 19 does, (x.astype(float32) - 127.5) / 127.5, values from NumPy', () => {
  const X = prepareImages(new Uint8Array([0, 1, 2, 100, 127, 128, 200, 254, 255, ...new Array(784 - 9).fill(0)]), 1);
  assert.deepEqual(X.shape, [1, 784]);
  assert.equal(X.dtype, 'float32');
  assert.deepEqual([...X.data.subarray(0, 9)], [
    -1.0, -0.9921568632125854, -0.9843137264251709, -0.21568627655506134, -0.003921568859368563,
    0.003921568859368563, 0.5686274766921997, 0.9921568632125854, 1.0,
  ]);
  assert.throws(() => prepareImages(new Uint8Array(784), 2), /1568/);
});

test('shuffleImageSet draws the keys as np.random.shuffle(np.array(range(60000))) after seed 0', () => {
  // NumPy 2.4.6: np.random.seed(0); keys = np.array(range(60000)); np.random.shuffle(keys)
  const keys = [3048, 19563, 58303, 8870, 40228, 31488, 21860, 56864, 845, 25770];
  const shuffled = shuffleImageSet(data.train, new RandomState(0));
  assert.deepEqual([...shuffled.labels.subarray(0, 10)], keys.map((k) => Math.floor(k / 6000)));
  for (const [i, k] of keys.entries()) {
    assert.deepEqual(shuffled.images.subarray(i * 784, (i + 1) * 784), data.train.images.subarray(k * 784, (k + 1) * 784));
  }
  assert.equal(data.train.labels[59999], 9, 'the original is left as it was');
  const { X, y } = prepareImageSet(shuffled);
  assert.deepEqual(X.shape, [60000, 784]);
  assert.equal(y[0], Math.floor(3048 / 6000));
});

test('image sets with the wrong sizes or labels are rejected with a clear message', () => {
  const random = new RandomState(0);
  assert.throws(() => shuffleImageSet({ images: new Uint8Array(784), labels: new Uint8Array(2), count: 1 }, random), /2 labels for 1 images/);
  assert.throws(() => prepareImageSet({ images: new Uint8Array(784), labels: new Uint8Array([10]), count: 1 }), /label 10 of image 0 is out of range/);
});
