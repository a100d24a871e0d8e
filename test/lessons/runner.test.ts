import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CURRICULUM } from '../../lessons/curriculum.ts';
import { captureLesson, closestIds, editDistance, lessonFile, lessonIds, lessonTitle } from '../../lessons/runner.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PART_I_AND_CHAPTERS_2_TO_7 = CURRICULUM.slice(0, 23).map((l) => l.id);

test('all 17 Part I lessons and chapters 2 to 7 exist and are listed in curriculum order', () => {
  assert.equal(PART_I_AND_CHAPTERS_2_TO_7[16], 'visualisations/1-derivative-tangents');
  assert.equal(PART_I_AND_CHAPTERS_2_TO_7[22], 'book/ch07-derivatives');
  assert.deepEqual(lessonIds().slice(0, 23), PART_I_AND_CHAPTERS_2_TO_7);
  const order = CURRICULUM.map((l) => l.id);
  const listed = lessonIds().filter((id) => order.includes(id));
  assert.deepEqual(listed, [...listed].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
});

test('every lesson starts with the header (TITLE, Source, THEORY, THIS SCRIPT) and imports the library only from its public entries', () => {
  for (const id of lessonIds()) {
    const text = readFileSync(lessonFile(id), 'utf8');
    const header = /^\/\*\*\n([\s\S]*?)\*\//.exec(text)?.[1] ?? '';
    assert.match(lessonTitle(id), /^[A-Z0-9 ,:'()\-–—&/+.]+$/, `${id}: the title is the header's first line, in capitals`);
    for (const part of [/^ \* Source: /m, /^ \* THEORY$/m, /^ \* THIS SCRIPT$/m]) assert.match(header, part, `${id}: header needs ${part}`);
    for (const [, from] of text.matchAll(/^import [^;]*? from '([^']+)';/gm)) {
      // src/index.ts, src/io/index.ts for reading and writing files (Node only), or a lessons/ helper such as options.ts
      const allowed = from!.startsWith('node:') || /^(\.\.\/)+src\/(io\/)?index\.ts$/.test(from!) || /^\.\.\/[\w-]+\.ts$/.test(from!);
      assert.ok(allowed, `${id} imports ${from}`);
    }
  }
});

test('titles come from the header', () => {
  assert.equal(lessonTitle('neurons/1-single-neuron'), 'A SINGLE NEURON');
  assert.equal(lessonTitle('book/ch06-random-search'), 'OPTIMIZATION BY RANDOM SEARCH');
});

test('the closest ids to a mistyped one are found by containment, then edit distance', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(closestIds('ch3-dense')[0], 'book/ch03-dense-layer');
  assert.equal(closestIds('neuron1')[0], 'neurons/1-single-neuron');
  assert.equal(closestIds('activation6_Softmax')[0], 'activation/6-network-forward-pass');
  assert.deepEqual(closestIds('softmax'), ['activation/3-softmax-by-hand', 'activation/4-softmax-vectorized', 'activation/5-softmax-batch']);
  assert.equal(closestIds('book/ch05-loss-and-acuracy')[0], 'book/ch05-loss-and-accuracy');
});

test('a lesson runs afresh every time it is captured', async () => {
  const first = await captureLesson('activation/3-softmax-by-hand');
  const second = await captureLesson('activation/3-softmax-by-hand');
  assert.deepEqual(second, first);
  assert.equal(first.length, 2);
});

test('npm run lesson: --list lists ids in order; an unknown id is a one-line error naming the closest, exit code 2', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'lessons/run.ts', ...args], { cwd: root, encoding: 'utf8' });
  const list = run('--list');
  assert.equal(list.status, 0);
  const lines = list.stdout.trim().split('\n');
  assert.deepEqual(lines.map((line) => line.split(/ {2,}/)[0]), lessonIds());
  assert.deepEqual(lines[0]!.split(/ {2,}/), ['neurons/1-single-neuron', 'A SINGLE NEURON']);

  const unknown = run('ch3-dense');
  assert.equal(unknown.status, 2);
  assert.equal(unknown.stdout, '');
  assert.equal(unknown.stderr.trim().split('\n').length, 1);
  assert.match(unknown.stderr, /no lesson "ch3-dense"; closest: book\/ch03-dense-layer, /);

  const lesson = run('neurons/1-single-neuron');
  assert.equal(lesson.status, 0);
  assert.equal(lesson.stdout, '2.3\n');
});
