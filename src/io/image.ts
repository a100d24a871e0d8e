/**
 * Reading photos for prediction (chapter 22), Node only. A photo must become what the network saw in
 * training: 28 × 28 greyscale, light item on a black background, scaled to [-1, 1]. The book does
 * `cv2.imread(path, IMREAD_GRAYSCALE)`, `cv2.resize(image, (28, 28))`, `255 - image`, then the
 * chapter 19 scaling. We decode with `sharp` (PNG, JPEG or WebP; turned upright by its EXIF
 * orientation; transparency flattened onto white), convert to grey with OpenCV's weights, shrink by
 * averaging the area each output pixel covers (what OpenCV's INTER_AREA does: the clean way to shrink
 * a large photo, where the book's default bilinear resize skips most pixels), invert and scale.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import type { Matrix } from '../matrix.ts';
import { FASHION_MNIST_PIXELS, FASHION_MNIST_SIDE, prepareImages } from '../datasets/fashion-mnist.ts';
import { ImageFileError } from './errors.ts';
import { describe } from '../checks.ts';

/** Larger images are refused rather than decoded (a 10,000 × 10,000 photo is 100 megapixels). */
const MAX_PIXELS = 100_000_000;

/**
 * The 784 pixels (0–255) of the image file at `path` as the network expects them: greyscale,
 * 28 × 28, inverted (255 − x) so a dark item on a light background becomes light on black.
 * Throws an ImageFileError for a missing file or one that is not a PNG, JPEG or WebP image.
 */
export async function readImagePixels(path: string): Promise<Uint8Array> {
  if (typeof path !== 'string' || path === '') throw new TypeError(`readImage: the path must be a file name such as 'shirt.png', got ${describe(path)}.`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ImageFileError(code === 'ENOENT' ? `${path}: no such file.` : `${path}: cannot be read (${(error as Error).message}).`);
  }
  if (!isSupported(bytes)) throw new ImageFileError(`${path}: not a PNG, JPEG or WebP image; convert it to PNG or JPEG first.`);
  let decoded: { data: Uint8Array; info: { width: number; height: number; channels: number } };
  try {
    decoded = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate() // upright, following the EXIF orientation of phone photos
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new ImageFileError(`${path}: cannot be decoded (${(error as Error).message}); is the file complete?`);
  }
  const { data, info } = decoded;
  const grey = toGrey(data, info.width * info.height, info.channels);
  const small = resizeArea(grey, info.width, info.height, FASHION_MNIST_SIDE);
  for (let k = 0; k < small.length; k++) small[k] = 255 - small[k]!; // image_data = 255 - image_data
  return small;
}

/** The image file at `path` prepared for the network: a 1 × 784 float32 matrix in [-1, 1], as chapter 22 does. */
export async function readImage(path: string): Promise<Matrix> {
  return prepareImages(await readImagePixels(path), 1);
}

/** Several image files as one batch: an n × 784 matrix, row i from `paths[i]`. */
export async function readImages(paths: readonly string[]): Promise<Matrix> {
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string')) {
    throw new TypeError(`readImages: expected a non-empty list of image paths, got ${describe(paths)}; for one image use readImage(path).`);
  }
  const pixels = new Uint8Array(paths.length * FASHION_MNIST_PIXELS);
  for (const [i, path] of paths.entries()) pixels.set(await readImagePixels(path), i * FASHION_MNIST_PIXELS);
  return prepareImages(pixels, paths.length);
}

/** Greyscale as OpenCV computes it from sRGB: Y = 0.299 R + 0.587 G + 0.114 B, rounded. */
function toGrey(data: Uint8Array, pixels: number, channels: number): Uint8Array {
  if (channels === 1) return data;
  const grey = new Uint8Array(pixels);
  for (let p = 0; p < pixels; p++) {
    const k = p * channels;
    grey[p] = Math.round(0.299 * data[k]! + 0.587 * data[k + 1]! + 0.114 * data[k + 2]!);
  }
  return grey;
}

/**
 * Resizes a `width × height` greyscale image to `size × size` by area averaging: each output pixel
 * is the mean of the source rectangle it covers, partly covered source pixels counting by the
 * fraction covered. Exact on images made of whole `k × k` blocks, such as our samples.
 */
export function resizeArea(src: Uint8Array, width: number, height: number, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  const columns = coverage(width, size);
  const rows = coverage(height, size);
  for (let oy = 0; oy < size; oy++) {
    for (let ox = 0; ox < size; ox++) {
      let sum = 0;
      for (const [sy, wy] of rows[oy]!) {
        for (const [sx, wx] of columns[ox]!) sum += wy * wx * src[sy * width + sx]!;
      }
      out[oy * size + ox] = Math.round(sum);
    }
  }
  return out;
}

/** For each of `size` output cells along an axis of `length` source pixels: [source index, weight] pairs whose weights sum to 1. */
function coverage(length: number, size: number): [number, number][][] {
  const cells: [number, number][][] = [];
  for (let o = 0; o < size; o++) {
    const start = (o * length) / size;
    const end = ((o + 1) * length) / size;
    const cell: [number, number][] = [];
    for (let s = Math.floor(start); s < end; s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) cell.push([s, overlap / (end - start)]);
    }
    cells.push(cell);
  }
  return cells;
}

/** PNG, JPEG or WebP, by their first bytes (anything else, SVG included, is never handed to the decoder). */
function isSupported(bytes: Uint8Array): boolean {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  const png = starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const jpeg = starts(0xff, 0xd8, 0xff);
  const webp = starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50;
  return png || jpeg || webp;
}
