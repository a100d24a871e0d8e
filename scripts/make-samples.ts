// Writes samples/tshirt.png and samples/pants.png, the two images chapter 22 predicts, made from
// Fashion-MNIST's test set so the lesson runs offline: the first T-shirt/top and the first Trouser
// of our test split, inverted (a photo shows a dark item on a light background, and the book's
// preparation inverts it back) and enlarged 10× (each pixel a 10 × 10 block), like a small photo.
//
//   npx tsx scripts/make-samples.ts
import sharp from 'sharp';
import { loadFashionMnist } from '../src/io/fashion-mnist.ts';
import { FASHION_MNIST_PIXELS, FASHION_MNIST_SIDE } from '../src/datasets/fashion-mnist.ts';

const SCALE = 10;
const { test } = loadFashionMnist();

for (const [file, index] of [['samples/tshirt.png', 0], ['samples/pants.png', 1000]] as const) {
  const pixels = test.images.subarray(index * FASHION_MNIST_PIXELS, (index + 1) * FASHION_MNIST_PIXELS);
  const side = FASHION_MNIST_SIDE * SCALE;
  const big = new Uint8Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) big[y * side + x] = 255 - pixels[Math.floor(y / SCALE) * FASHION_MNIST_SIDE + Math.floor(x / SCALE)]!;
  }
  await sharp(big, { raw: { width: side, height: side, channels: 1 } }).png({ compressionLevel: 9 }).toFile(file);
  console.log(`${file}: test image ${index} (label ${test.labels[index]}), ${side} × ${side}`);
}
