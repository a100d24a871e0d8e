import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../random.ts';
import { circleData } from './circle.ts';

test('the first point comes from the first two uniform draws of seed 0', () => {
  const { X, y } = circleData(4, 0, new RandomState(0));
  // np.random.seed(0); np.random.rand(2) → 0.5488135039273248, 0.7151893663724195
  const r = 0.5 * 0.5488135039273248;
  const angle = 2 * Math.PI * 0.7151893663724195;
  assert.equal(X.get(0, 0), Math.fround(r * Math.sin(angle)));
  assert.equal(X.get(0, 1), Math.fround(r * Math.cos(angle)));
  assert.deepEqual(Array.from(y), [0, 0, 1, 1]);
});

test('without noise class 0 lies inside radius 0.5 and class 1 between 0.7 and 1', () => {
  const { X, y } = circleData(301, 0, new RandomState(7));
  assert.equal(y.filter((c) => c === 0).length, 151);
  for (let i = 0; i < 301; i++) {
    const r = Math.hypot(X.get(i, 0), X.get(i, 1));
    if (y[i] === 0) assert.ok(r < 0.5 + 1e-6, `point ${i} at radius ${r}`);
    else assert.ok(r >= 0.7 - 1e-6 && r < 1 + 1e-6, `point ${i} at radius ${r}`);
  }
});

test('the same seed gives the same points, and noise moves them', () => {
  const a = circleData(50, 0.1, new RandomState(3));
  const b = circleData(50, 0.1, new RandomState(3));
  const clean = circleData(50, 0, new RandomState(3));
  assert.deepEqual(a.X.data, b.X.data);
  assert.notDeepEqual(a.X.data, clean.X.data);
  assert.equal(a.X.dtype, 'float32');
});
