import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../random.ts';
import { xorData } from './xor.ts';

test('the first point comes from the first two uniform draws of seed 0', () => {
  const { X, y } = xorData(1, 0, new RandomState(0));
  // np.random.seed(0); np.random.rand(2) → 0.5488135039273248, 0.7151893663724195; both positive → class 0
  const u = 0.06 + 0.94 * (2 * 0.5488135039273248 - 1);
  const v = 0.06 + 0.94 * (2 * 0.7151893663724195 - 1);
  assert.equal(X.get(0, 0), Math.fround(u));
  assert.equal(X.get(0, 1), Math.fround(v));
  assert.equal(y[0], 0);
});

test('without noise the class is the XOR of the signs and points keep 0.06 from the axes', () => {
  const { X, y } = xorData(500, 0, new RandomState(1));
  for (let i = 0; i < 500; i++) {
    const [u, v] = [X.get(i, 0), X.get(i, 1)];
    assert.ok(Math.abs(u) >= 0.06 - 1e-7 && Math.abs(v) >= 0.06 - 1e-7 && Math.abs(u) <= 1 && Math.abs(v) <= 1);
    assert.equal(y[i], Math.sign(u) === Math.sign(v) ? 0 : 1);
  }
  const ones = y.filter((c) => c === 1).length;
  assert.ok(ones > 200 && ones < 300, `${ones} of 500 in class 1`);
});

test('the same seed gives the same points', () => {
  assert.deepEqual(xorData(40, 0.2, new RandomState(9)).X.data, xorData(40, 0.2, new RandomState(9)).X.data);
});
