// Loads test/reference/library.json (computed with NumPy under the book's semantics by
// test/reference/library_reference.py) and compares matrices with it bit for bit.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import type { Matrix } from '../../src/index.ts';

/** A NumPy array pinned by the SHA-256 of its bytes. */
export interface Digest {
  dtype: string;
  shape: number[];
  sha256: string;
  first: number[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const reference: any = JSON.parse(readFileSync(new URL('../reference/library.json', import.meta.url), 'utf8'));

/** Asserts that `m` has NumPy's dtype, shape and every bit of every value (a 1-D NumPy array is compared with a 1 × n or n × 1 matrix). */
export function assertSameBits(m: Matrix, expected: Digest, what: string): void {
  assert.equal(m.dtype, expected.dtype, `${what}: dtype`);
  assert.equal(m.rows * m.cols, expected.shape.reduce((a, b) => a * b, 1), `${what}: size`);
  assert.deepEqual(Array.from(m.data.subarray(0, 3)), expected.first, `${what}: first values`);
  const bytes = Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength);
  assert.equal(createHash('sha256').update(bytes).digest('hex'), expected.sha256, `${what}: some value differs in some bit`);
}
