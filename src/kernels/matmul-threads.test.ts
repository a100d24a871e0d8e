// Products split between two threads (matmul-threads.ts) against the plain loop, bit for bit: random
// shapes whose rows and columns do not fall evenly into blocks and panels, every transpose and dtype,
// zeros, and values that are not finite; then the worker must really have taken part, and a process
// that used it must still exit on its own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { matmul, matmulLoop, matmulTogether, type MatmulCall, type NumericArray } from '../kernels.ts';
import { matmulThreadStats, setMatmulThreads, sharedKernel } from './matmul-threads.ts';
import { withImportedMemory } from './heap.ts';
import { matmulWasmBase64 } from './matmul-wasm.ts';
import { generator, values, differences } from './test-operands.ts';

test('this platform (Node) gets a second thread for large products', () => {
  assert.ok(sharedKernel(), 'no shared-memory kernel with a worker');
});

test('products on two threads give the plain loop\'s bits on random ragged shapes (transposes, dtypes, zeros, ∞ and NaN)', () => {
  const random = generator(2026);
  const before = matmulThreadStats();
  let cases = 0;
  while (cases < 60) {
    // Shapes of 1M to ~8M multiply-adds, most of them ragged: m and n rarely multiples of 16 or of a block.
    const m = 17 + Math.floor(random() * 400);
    const n = 9 + Math.floor(random() * 400);
    const k = 4 + Math.floor(random() * 381); // at most 384 terms: one of NumPy's blocks, so one product (see dotBlocks)
    if (m * k * n < 1 << 20 || m * k * n > 8e6) continue;
    cases++;
    const ta = random() < 0.5;
    const tb = random() < 0.5;
    const f64a = random() < 0.25;
    const f64b = random() < 0.25;
    const share = () => [0, 0.5, 0.9, random()][Math.floor(random() * 4)]!;
    const a = values(random, m * k, share(), f64a);
    const b = values(random, k * n, share(), f64b);
    if (cases % 10 === 0) {
      // a few values that are not finite: zeros must not be skipped against them
      b[Math.floor(random() * b.length)] = [Infinity, -Infinity, NaN][cases % 3]!;
    }
    const f64 = f64a && f64b;
    const expected = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
    const actual = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
    matmulLoop(a, b, expected, m, k, n, ta, tb);
    matmul(a, b, actual, m, k, n, ta, tb);
    assert.equal(differences(expected, actual), 0, `case ${cases}: ${m}×${k}×${n} ta=${ta} tb=${tb} f64a=${f64a} f64b=${f64b}`);
  }
  const after = matmulThreadStats();
  assert.equal(after.products - before.products, cases, 'every case ran on the threaded path');
});

test('the worker takes part: over a few large products it runs some of the units, and the bits do not change', () => {
  const random = generator(7);
  const [m, k, n] = [384, 512, 400];
  const a = values(random, m * k, 0.3, false);
  const b = values(random, k * n, 0, false);
  const one = new Float32Array(m * n);
  const two = new Float32Array(m * n);
  setMatmulThreads(1);
  matmul(a, b, one, m, k, n, false, false);
  setMatmulThreads(2);
  const before = matmulThreadStats();
  for (let i = 0; i < 40 && matmulThreadStats().workerUnits === before.workerUnits; i++) {
    two.fill(0);
    matmul(a, b, two, m, k, n, false, false);
    assert.equal(differences(one, two), 0);
  }
  assert.ok(matmulThreadStats().workerUnits > before.workerUnits, 'the worker never ran a unit');
});

test('products computed together share one table and each gives the plain loop\'s bits (blocks, dtypes, zeros, ∞, ordinary arrays)', () => {
  const random = generator(31);
  const before = matmulThreadStats();
  let together = 0;
  for (let c = 0; c < 24; c++) {
    const calls: MatmulCall[] = [];
    const expected: NumericArray[] = [];
    for (let i = 0; i < 2 + (c % 2); i++) {
      // 128 × 128 × 128 (a layer's dweights and dinputs), others ragged, some of 784 terms (NumPy's blocks)
      const [m, k, n] = c < 4 ? [128, 128, 128] : [20 + Math.floor(random() * 200), c % 5 === 0 ? 784 : 8 + Math.floor(random() * 300), 12 + Math.floor(random() * 200)];
      const [ta, tb, f64a, f64b] = [random() < 0.5, random() < 0.5, random() < 0.2, random() < 0.2];
      const a = values(random, m * k, [0, 0.5, 0.9][Math.floor(random() * 3)]!, f64a);
      const b = values(random, k * n, [0, 0.5][Math.floor(random() * 2)]!, f64b);
      if (c % 6 === 5) b[Math.floor(random() * b.length)] = [Infinity, NaN][c % 2]!;
      const f64 = f64a && f64b;
      const out = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
      const want = f64 ? new Float64Array(m * n) : new Float32Array(m * n);
      matmulLoop(a, b, want, m, k, n, ta, tb);
      calls.push({ a, b, out, m, k, n, ta, tb });
      expected.push(want);
    }
    const products = matmulThreadStats().products;
    matmulTogether(calls);
    if (matmulThreadStats().products === products + 1) together++;
    calls.forEach(({ out, m, k, n, ta, tb }, i) => assert.equal(differences(expected[i]!, out), 0, `case ${c}, product ${i}: ${m}×${k}×${n} ta=${ta} tb=${tb}`));
  }
  assert.ok(together >= 12, `only ${together} of 24 sets ran together in one table`);
  assert.ok(matmulThreadStats().workerUnits > before.workerUnits, 'the worker never ran a unit');
});

test('a process that used the worker exits on its own', () => {
  const kernels = fileURLToPath(new URL('../kernels.ts', import.meta.url));
  const script = `import { matmul } from ${JSON.stringify(kernels)};
    const a = new Float32Array(256 * 256).fill(0.5); const out = new Float32Array(256 * 256);
    matmul(a, a, out, 256, 256, 256, false, false); console.log(out[0]);`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(child.signal, null, 'the process had to be killed: the worker kept it alive');
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), '64');
});

test('withImportedMemory turns the kernel\'s own memory into an imported shared one', () => {
  const bytes = Uint8Array.from(atob(matmulWasmBase64), (c) => c.charCodeAt(0));
  const module = new WebAssembly.Module(withImportedMemory(bytes, 2, 100, true));
  assert.deepEqual(WebAssembly.Module.imports(module), [{ module: 'env', name: 'memory', kind: 'memory' }]);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name), WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name));
  const memory = new WebAssembly.Memory({ initial: 2, maximum: 100, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  assert.equal(instance.exports.memory, memory);
});

// Last in this file: it turns the second thread off for the rest of the process.
test('when the worker has failed, large products go back to one thread with the same bits', () => {
  const random = generator(11);
  const [m, k, n] = [200, 300, 150];
  const a = values(random, m * k, 0.5, false);
  const b = values(random, k * n, 0, false);
  const expected = new Float32Array(m * n);
  const actual = new Float32Array(m * n);
  matmulLoop(a, b, expected, m, k, n, false, false);
  Atomics.store(sharedKernel()!.control, 2, 1); // what the worker does when it stops (FAILED)
  const before = matmulThreadStats();
  matmul(a, b, actual, m, k, n, false, false);
  assert.equal(differences(expected, actual), 0);
  assert.equal(matmulThreadStats().products, before.products, 'the product still went to the worker');
  assert.equal(sharedKernel(), null);
});
