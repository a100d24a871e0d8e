/**
 * Fashion-MNIST: 70,000 greyscale photos of clothing, 28 × 28 pixels each, in ten classes (chapter 19).
 * It replaced the handwritten digits of MNIST as the "first real data set" because it is harder:
 * a shirt and a T-shirt look alike at this size.
 *
 * This file holds the browser-safe parts: the class names and the book's preparation of the
 * pixels. Reading the data from disk (and its cache) lives in `src/io/fashion-mnist.ts`.
 */
import { Matrix, ShapeError } from '../matrix.ts';
import type { RandomState } from '../random.ts';
import { assertRandom, describe } from '../checks.ts';

/** The class names in label order: label 0 is a T-shirt/top, label 9 an ankle boot. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/** Width and height of every image, in pixels. */
export const FASHION_MNIST_SIDE = 28;

/** Pixels per image (28 × 28), the width of a flattened sample. */
export const FASHION_MNIST_PIXELS = FASHION_MNIST_SIDE * FASHION_MNIST_SIDE;

/** A set of images as stored: `count` images of 784 bytes (0 = black, 255 = white), row by row, and one label each. */
export interface ImageSet {
  /** `count × 784` pixel values 0–255; image i is `images.subarray(i * 784, (i + 1) * 784)`. */
  images: Uint8Array;
  /** The class of each image, 0–9 (an index into `FASHION_MNIST_CLASSES`). */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
}

/** The two halves of the data set: 60,000 images to train on, 10,000 to test with. */
export interface FashionMnist {
  /** 6,000 images per class, ordered by class (shuffle before training, as chapter 19 does). */
  train: ImageSet;
  /** 1,000 images per class, ordered by class. */
  test: ImageSet;
}

/** Throws unless `set` really holds `count` images of 784 pixels with a label 0–9 each. */
export function checkImageSet(set: ImageSet, what = 'image set'): void {
  if (set === null || typeof set !== 'object' || !(set.images instanceof Uint8Array) || !(set.labels instanceof Uint8Array)) {
    throw new TypeError(`${what}: expected an image set { images: Uint8Array, labels: Uint8Array, count } (as loadFashionMnist returns), got ${describe(set)}.`);
  }
  const { images, labels, count } = set;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${what}: count must be a non-negative integer, got ${count}.`);
  if (images.length !== count * FASHION_MNIST_PIXELS) {
    throw new ShapeError(`${what}: ${images.length} pixels cannot be ${count} images of 28 × 28: that needs ${count * FASHION_MNIST_PIXELS}.`);
  }
  if (labels.length !== count) throw new ShapeError(`${what}: ${labels.length} labels for ${count} images: give one label per image.`);
  const bad = labels.findIndex((label) => label >= FASHION_MNIST_CLASSES.length);
  if (bad >= 0) throw new RangeError(`${what}: label ${labels[bad]} of image ${bad} is out of range: labels are 0 to 9.`);
}

/**
 * Flattens and scales images as chapter 19 does, `(X.reshape(n, -1).astype(np.float32) - 127.5) / 127.5`:
 * a `count × 784` float32 matrix with values in [-1, 1] (0 → -1, 255 → 1).
 */
export function prepareImages(images: Uint8Array, count: number): Matrix {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`prepareImages: count must be a non-negative integer, got ${count}.`);
  if (images.length !== count * FASHION_MNIST_PIXELS) {
    throw new ShapeError(`prepareImages: ${images.length} pixels cannot be ${count} images of 28 × 28: that needs ${count * FASHION_MNIST_PIXELS}.`);
  }
  const X = new Matrix(count, FASHION_MNIST_PIXELS, 'float32');
  // x − 127.5 is exact in float32; the division rounds once when stored.
  for (let k = 0; k < images.length; k++) X.data[k] = (images[k]! - 127.5) / 127.5;
  return X;
}

/**
 * Shuffles images and labels together, as chapter 19 does:
 * `keys = np.array(range(n)); np.random.shuffle(keys); X = X[keys]; y = y[keys]`.
 * Returns new arrays; `set` is left as it was. The draws are NumPy's, so the same seed gives the book's order.
 */
export function shuffleImageSet(set: ImageSet, random: RandomState): ImageSet {
  checkImageSet(set, 'shuffleImageSet');
  assertRandom(random, 'shuffleImageSet');
  const keys = new Int32Array(set.count);
  for (let i = 0; i < set.count; i++) keys[i] = i;
  random.shuffle(keys);
  const images = new Uint8Array(set.images.length);
  const labels = new Uint8Array(set.count);
  for (let i = 0; i < set.count; i++) {
    const k = keys[i]!;
    images.set(set.images.subarray(k * FASHION_MNIST_PIXELS, (k + 1) * FASHION_MNIST_PIXELS), i * FASHION_MNIST_PIXELS);
    labels[i] = set.labels[k]!;
  }
  return { images, labels, count: set.count };
}

/** An image set ready for a network: X scaled to [-1, 1] (`prepareImages`) and y as class indices. */
export function prepareImageSet(set: ImageSet): { X: Matrix; y: Int32Array } {
  checkImageSet(set, 'prepareImageSet');
  return { X: prepareImages(set.images, set.count), y: Int32Array.from(set.labels) };
}
