import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { expf, fmaExact, logf } from './float32-math.ts';

// glibc's expf/logf (= NumPy's float32 np.exp/np.log under the book's semantics) on stored inputs,
// written by test/reference/float32_math_reference.py: header [nExp, nLog], then (input, output) bit pairs.
const words = new Uint32Array(new Uint8Array(readFileSync(new URL('../test/reference/float32-math.bin', import.meta.url))).buffer);
const nExp = words[0]!;
const nLog = words[1]!;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
function fromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}
function bitsOf(x: number): number {
  f32[0] = x;
  return u32[0]!;
}
const isNaNBits = (bits: number): boolean => (bits & 0x7fffffff) > 0x7f800000;

function checkAll(f: (x: number) => number, offset: number, count: number): string[] {
  const failures: string[] = [];
  for (let j = 0; j < count; j++) {
    const input = words[offset + 2 * j]!;
    const want = words[offset + 2 * j + 1]!;
    const got = bitsOf(f(fromBits(input)));
    if (got !== want && !(isNaNBits(got) && isNaNBits(want))) {
      failures.push(`${fromBits(input)} (0x${input.toString(16)}): got ${fromBits(got)}, glibc ${fromBits(want)}`);
    }
  }
  return failures;
}

test('the reference file holds many values', () => {
  assert.ok(nExp > 20000 && nLog > 20000);
  assert.equal(words.length, 2 + 2 * (nExp + nLog));
});

test('expf equals glibc bit for bit on every stored input', () => {
  assert.deepEqual(checkAll(expf, 2, nExp).slice(0, 10), []);
});

test('logf equals glibc bit for bit on every stored input', () => {
  assert.deepEqual(checkAll(logf, 2 + 2 * nExp, nLog).slice(0, 10), []);
});

test("expf: chapter 18's inputs where glibc is not correctly rounded", () => {
  const cases: [number, number][] = [
    [-0.8342560529708862, 0.4341973662376404],
    [-4.295135021209717, 0.013634731061756611],
    [-18.294885635375977, 1.134049831819084e-8],
    [-19.880300521850586, 2.323246039992455e-9],
  ];
  for (const [x, y] of cases) assert.equal(expf(x), y);
  // the correctly rounded value differs for the first one
  assert.equal(Math.fround(Math.exp(-0.8342560529708862)), 0.43419739603996277);
});

test('special cases', () => {
  assert.equal(expf(0), 1);
  assert.equal(expf(-0), 1);
  assert.equal(expf(Infinity), Infinity);
  assert.equal(expf(-Infinity), 0);
  assert.ok(Number.isNaN(expf(NaN)));
  assert.equal(expf(100), Infinity);
  assert.equal(expf(-110), 0);
  assert.equal(expf(-103.5), fromBits(1)); // glibc returns the smallest subnormal here
  assert.equal(logf(1), 0);
  assert.equal(logf(0), -Infinity);
  assert.equal(logf(-0), -Infinity);
  assert.equal(logf(Infinity), Infinity);
  assert.ok(Number.isNaN(logf(-1)));
  assert.ok(Number.isNaN(logf(-Infinity)));
  assert.ok(Number.isNaN(logf(NaN)));
  assert.equal(logf(fromBits(1)), -103.2789306640625); // the smallest subnormal (glibc)
});

test('fmaExact rounds a·b + c once', () => {
  // (1 + 2^-30)² − 1 = 2^-29 + 2^-60: the plain product loses the 2^-60
  const a = 1 + 2 ** -30;
  assert.equal(fmaExact(a, a, -1), 2 ** -29 + 2 ** -60);
  assert.equal(a * a - 1, 2 ** -29);
  assert.equal(fmaExact(3, 0, 2.5), 2.5);
  assert.equal(fmaExact(3, 5, 0), 15);
});
