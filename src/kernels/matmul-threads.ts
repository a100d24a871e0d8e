/**
 * A second thread for large products, where the platform has one to give: Node (worker_threads,
 * found at run time with `process.getBuiltinModule`, so no bundle ever imports a Node module). In a
 * browser this finds nothing and every product stays on one thread. Adam's update of a large
 * parameter runs on it too (wasm-elementwise.ts), as units of the same kind of table.
 *
 * Both threads run the same matmul kernel over the kernels' shared WebAssembly memory (heap.ts).
 * The caller (wasm-matmul.ts) writes a table of units, each a block of rows times one panel of 16
 * columns, and packs the operands before, or lists their packing as the table's first units (a
 * panel of B, or a block of A's terms, each); the two threads take units from a shared counter
 * until none is left, so a busy core simply takes fewer, and a unit after the packing ones waits
 * until all of those are done and the caller has checked them. Each output element is the sum of
 * one unit, added in the same order as on one thread, so the result has the same bits however the
 * units fall.
 *
 * The worker waits in `Atomics.wait` between products and is unref'd: it never keeps a process
 * alive. If it fails (or stays silent for seconds), products go back to one thread, computed anew.
 */
import { matmulFusedWasmBase64, matmulWasmBase64 } from './matmul-wasm.ts';
import { elementwiseWasmBase64 } from './elementwise-wasm.ts';
import type { MatmulKernel } from './wasm-matmul.ts';
import { heapModule, THREADS_BYTES } from './heap.ts';
import { relaxedSimd } from './fused-multiply-add.ts';

/** Words of the control block at address 0 of the shared memory (Int32 indices). */
const GEN = 0; // the number of the current product; the worker sleeps on it
const DONE = 1; // units the worker has finished in the current product
const FAILED = 2; // set by the worker if it stopped
const PACKS = 3; // the current product's packing units: the first PACKS units of the table
const PACKED = 4; // packing units finished (by either thread)
const READY = 5; // the number of the product whose other units may start (all packing done and checked)
/** The claim word (BigInt64 at byte 64): gen << 32 | units << 16 | next unit. */
const CLAIM_AT = 64;
/** Loads of a control word before a thread waiting for the other between packing and products goes to sleep (~10 µs). */
const SPINS = 2000;
/** The table of units: one record of RECORD bytes per unit (see runUnit in matmul.wat). */
export const TABLE_AT = 1024;
export const RECORD = 64;
/** At most this many units per product (the claim word counts them in 16 bits), as many as the kernels' memory keeps room for. */
export const MAX_UNITS = (THREADS_BYTES - TABLE_AT) / RECORD;
/** The record's last word (Int32 index), which the kernels do not read: what the unit runs (UNIT_*). */
export const KIND_FIELD = RECORD / 4 - 1;
/** A unit of a product, on the plain matmul kernel (runUnit). */
export const UNIT_PRODUCT = 0;
/** A unit of a product, on the fused twin. */
export const UNIT_FUSED = 1;
/** A unit of Adam's update (the element-wise module's adamUnit). */
export const UNIT_ADAM = 2;

/** What a unit's kind runs, on the thread's own instances. */
interface Units {
  runUnit(record: number): void;
}

/**
 * The kernel on shared memory (and its fused twin where the engine has relaxed SIMD), what each kind
 * of unit runs on this thread, and the words the two threads coordinate with.
 */
export interface SharedKernel {
  kernel: MatmulKernel;
  fused: MatmulKernel | null;
  kinds: readonly Units[];
  memory: WebAssembly.Memory;
  control: Int32Array;
  claim: BigInt64Array;
}

/** The worker's whole program (plain JavaScript, evaluated by worker_threads: it imports nothing of ours). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, fusedModule, elementwiseModule, memory } = workerData;
const control = new Int32Array(memory.buffer, 0, 16);
const claim = new BigInt64Array(memory.buffer, ${CLAIM_AT}, 1);
const units = new Int32Array(memory.buffer, ${TABLE_AT}, ${MAX_UNITS * (RECORD / 4)});
try {
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const fused = fusedModule && new WebAssembly.Instance(fusedModule, { env: { memory } }).exports;
  const elementwise = new WebAssembly.Instance(elementwiseModule, { env: { memory } }).exports;
  const kinds = [kernel, fused, { runUnit: elementwise.adamUnit }];
  let seen = 0;
  for (;;) {
    Atomics.wait(control, ${GEN}, seen);
    seen = Atomics.load(control, ${GEN});
    for (;;) {
      const c = Atomics.load(claim, 0);
      const next = Number(c & 0xffffn);
      if (Number(c >> 32n) !== seen || next >= Number((c >> 16n) & 0xffffn)) break;
      if (Atomics.compareExchange(claim, 0, c, c + 1n) !== c) continue;
      const packs = Atomics.load(control, ${PACKS});
      // The units after the packing ones wait until the main thread has seen it all done.
      // (spinning a little first: the main thread's last packing unit is short)
      for (let spins = 0; next >= packs && Atomics.load(control, ${READY}) !== seen; spins++) {
        if (spins > ${SPINS}) Atomics.wait(control, ${READY}, Atomics.load(control, ${READY}), 1);
      }
      kinds[units[next * ${RECORD / 4} + ${KIND_FIELD}]].runUnit(${TABLE_AT} + next * ${RECORD});
      if (next < packs) {
        Atomics.add(control, ${PACKED}, 1);
        Atomics.notify(control, ${PACKED});
      }
      Atomics.add(control, ${DONE}, 1);
      Atomics.notify(control, ${DONE});
    }
  }
} catch {
  Atomics.store(control, ${FAILED}, 1);
  Atomics.notify(control, ${DONE});
}
`;

let threads: 1 | 2 = 2;
let shared: SharedKernel | null | undefined;
const stats = { products: 0, updates: 0, units: 0, workerUnits: 0 };

/**
 * How many products and Adam updates ran on two threads, in how many units, and how many of those the
 * worker ran (for tests and measurements).
 */
export function matmulThreadStats(): Readonly<typeof stats> {
  return { ...stats };
}

/**
 * Whether large products may use a second thread (2, the default where there is one) or not (1).
 * For measuring the difference; the results are the same bits either way.
 */
export function setMatmulThreads(count: 1 | 2): void {
  threads = count;
}

/** The kernel on shared memory with its worker running, or null where there is none (or threads are off). */
export function sharedKernel(): SharedKernel | null {
  if (threads === 1) return null;
  if (shared === undefined) shared = start();
  if (shared && Atomics.load(shared.control, FAILED)) shared = null;
  return shared;
}

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => { unref(): void; on(event: string, f: () => void): void };
}

function start(): SharedKernel | null {
  try {
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const workerThreads = getBuiltin?.('node:worker_threads') as WorkerThreads | undefined;
    if (!workerThreads?.Worker || typeof SharedArrayBuffer === 'undefined') return null;
    const compiled = heapModule(matmulWasmBase64);
    const elementwiseModule = heapModule(elementwiseWasmBase64)?.module;
    if (!compiled?.shared || !elementwiseModule) return null;
    const { module, memory } = compiled;
    const fusedModule = relaxedSimd() ? heapModule(matmulFusedWasmBase64)?.module ?? null : null;
    const instance = <T>(m: WebAssembly.Module) => new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as T;
    const kernel = instance<MatmulKernel>(module);
    const fused = fusedModule && instance<MatmulKernel>(fusedModule);
    const { adamUnit } = instance<{ adamUnit(record: number): void }>(elementwiseModule);
    const result: SharedKernel = {
      kernel, fused, kinds: [kernel, fused ?? kernel, { runUnit: adamUnit }],
      memory, control: new Int32Array(memory.buffer, 0, 16), claim: new BigInt64Array(memory.buffer, CLAIM_AT, 1),
    };
    const worker = new workerThreads.Worker(WORKER_SOURCE, { eval: true, workerData: { module, fusedModule, elementwiseModule, memory } });
    worker.unref();
    worker.on('error', () => Atomics.store(result.control, FAILED, 1));
    worker.on('exit', () => Atomics.store(result.control, FAILED, 1));
    return result;
  } catch {
    return null;
  }
}

/**
 * Runs units 0..total-1 of the table on this thread and the worker (each by its KIND_FIELD), and
 * returns once all are done; false if the worker failed (the caller then finishes the work on one
 * thread). The first `packs` units pack the operands: the others start only once those are all done
 * and `ready` (on this thread) has run. `counted` says which of the stats the run adds to.
 */
export function runUnits(
  s: SharedKernel, total: number, packs = 0, ready: () => void = () => {}, counted: 'products' | 'updates' = 'products',
): boolean {
  const { control, claim, kinds } = s;
  const units = new Int32Array(s.memory.buffer, TABLE_AT, total * (RECORD / 4));
  Atomics.store(control, DONE, 0);
  Atomics.store(control, PACKS, packs);
  Atomics.store(control, PACKED, 0);
  const gen = (Atomics.load(control, GEN) + 1) | 0;
  // Without packing units, the others may start at once.
  Atomics.store(control, READY, packs === 0 ? gen : gen - 1);
  Atomics.store(claim, 0, (BigInt(gen) << 32n) | (BigInt(total) << 16n));
  Atomics.store(control, GEN, gen);
  Atomics.notify(control, GEN, 1);
  const start = performance.now();
  // A worker silent for seconds is taken for lost (a unit takes well under a millisecond).
  const lost = () => {
    if (performance.now() - start <= 5000) return false;
    Atomics.store(control, FAILED, 1);
    return true;
  };
  let released = packs === 0;
  const release = (): boolean => {
    // (spinning a little first, as the worker's last packing unit is short)
    for (let spins = 0; Atomics.load(control, PACKED) < packs; spins++) {
      if (Atomics.load(control, FAILED)) return false;
      if (spins > SPINS) {
        Atomics.wait(control, PACKED, Atomics.load(control, PACKED), 1);
        if (lost()) return false;
      }
    }
    ready();
    Atomics.store(control, READY, gen);
    Atomics.notify(control, READY);
    return (released = true);
  };
  let mine = 0;
  for (;;) {
    const c = Atomics.load(claim, 0);
    const next = Number(c & 0xffffn);
    if (next >= total) break;
    if (Atomics.compareExchange(claim, 0, c, c + 1n) !== c) continue;
    if (next >= packs && !released && !release()) return false;
    kinds[units[next * (RECORD / 4) + KIND_FIELD]!]!.runUnit(TABLE_AT + next * RECORD);
    if (next < packs) Atomics.add(control, PACKED, 1);
    mine++;
  }
  if (!released && !release()) return false;
  // The worker's last units: spin a little (they are short), then sleep until it reports.
  for (let spins = 0; ; spins++) {
    const done = Atomics.load(control, DONE);
    if (done >= total - mine) {
      stats[counted]++;
      stats.units += total;
      stats.workerUnits += total - mine;
      return true;
    }
    if (Atomics.load(control, FAILED)) return false;
    if (spins > 2000) {
      Atomics.wait(control, DONE, done, 10);
      if (lost()) return false;
    }
  }
}
