import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Matrix } from '../matrix.ts';
import { scatterSpec, lineSpec, decisionBoundarySpec } from './charts.ts';
import { scatter, decisionBoundary } from './index.ts';

const X = Matrix.from([
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
]);
const labels = new Int32Array([0, 1, 1, 0]);

/** Points right of x = 0 are class 1, the rest class 0 (as class scores). */
const bySign = (G: Matrix) => {
  const out = new Matrix(G.rows, 2);
  for (let i = 0; i < G.rows; i++) out.set(i, G.get(i, 0) > 0 ? 1 : 0, 1);
  return out;
};

test('a scatter spec holds one point per row, coloured by class when labels are given', () => {
  const spec = scatterSpec(X, { labels, title: 't' }) as unknown as { data: { values: { x: number; y: number; class: string }[] }; encoding: { color: { scale: { domain: string[] } } } };
  assert.deepEqual(spec.data.values[1], { x: 1, y: -1, class: 'class 1' });
  assert.deepEqual(spec.encoding.color.scale.domain, ['class 0', 'class 1']);
  assert.throws(() => scatterSpec(new Matrix(2, 3)), /two columns/);
});

test('a line spec keeps each series with its own name and mark', () => {
  const spec = lineSpec([
    { name: 'a', x: [0, 1], y: [2, 3] },
    { name: 'b', x: [5], y: [6], mark: 'point' },
  ]) as unknown as { data: { values: { series: string; mark: string; x: number }[] } };
  assert.deepEqual(spec.data.values.map((v) => `${v.series}:${v.mark}:${v.x}`), ['a:line:0', 'a:line:1', 'b:point:5']);
  assert.throws(() => lineSpec([{ name: 'bad', x: [1, 2], y: [1] }]), /2 x values but 1 y values/);
});

test('decision regions follow the classifier: one run per class in every grid row', () => {
  const spec = decisionBoundarySpec(bySign, X, labels) as unknown as { layer: { data: { values: { x: number; x2: number; class: string }[] } }[] };
  const regions = spec.layer[0]!.data.values;
  assert.equal(regions.length, 2 * 200);
  for (const r of regions) assert.equal(r.class, r.x >= -1e-12 ? 'class 1' : 'class 0');
  assert.equal(spec.layer[1]!.data.values.length, 4);
  // A single output column is read as the probability of class 1.
  const binary = decisionBoundarySpec((G) => new Matrix(G.rows, 1).map((_, i) => (G.get(i, 1) > 0 ? 0.9 : 0.1)), X, labels) as unknown as typeof spec;
  assert.deepEqual([...new Set(binary.layer[0]!.data.values.map((r) => r.class))], ['class 0', 'class 1']);
});

test('pictures are written as SVG and PNG, and no temporary file is left behind', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'scratchnet-plot-'));
  try {
    const picture = await scatter(X, join(dir, 'sub', 'points.svg'), { labels });
    assert.deepEqual(picture, { svg: join(dir, 'sub', 'points.svg'), png: join(dir, 'sub', 'points.png') });
    assert.match(readFileSync(picture.svg, 'utf8'), /^<svg[\s\S]*class 1[\s\S]*<\/svg>$/);
    assert.deepEqual([...readFileSync(picture.png).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
    const boundary = await decisionBoundary(bySign, X, labels, join(dir, 'boundary.svg'));
    assert.match(readFileSync(boundary.svg, 'utf8'), /<svg/);
    assert.deepEqual(readdirSync(join(dir, 'sub')).sort(), ['points.png', 'points.svg']);
    await assert.rejects(scatter(X, join(dir, 'points.png')), /must end in \.svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
