// `npm run bench [-- <workload>...] [--systems=a,b]`: scratchnet against TF.js (cpu and wasm backends) and NumPy, side by side.
// Every system runs every workload in a child process of its own, so each peak memory figure is that
// system's alone. With all workloads it writes bench/RESULTS.md; `npm run bench -- mlp` runs workload 2 only.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/io/atomic-write.ts';
import { WORKLOADS, MLP, ROUNDS, CH10, INFERENCE, higherIsBetter, type Result, type Workload } from './common.ts';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

interface System {
  name: string;
  /** What it is, for the results' legend. */
  about: string;
  command: (workload: Workload) => [string, string[]];
}

const tsx = (file: string, ...args: string[]) => (workload: Workload): [string, string[]] =>
  [process.execPath, ['--import', 'tsx', here(file), workload, ...args]];

const python = (...args: string[]) => (workload: Workload): [string, string[]] =>
  ['python3', [here('numpy/bench.py'), workload, ...args]];

const numpyVersion = (() => {
  const probe = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], { encoding: 'utf8' });
  return probe.status === 0 ? probe.stdout.trim() : undefined;
})();

const ALL_SYSTEMS: System[] = [
  { name: 'scratchnet', about: 'this library (WebAssembly SIMD kernel, float64 sums, products of 2²⁰+ multiply-adds on 2 threads; the MLP step is Model.train\'s)', command: tsx('systems/scratchnet.ts') },
  { name: 'tfjs-cpu', about: 'TF.js 4.22, cpu backend (plain JavaScript)', command: tsx('systems/tfjs.ts', 'cpu') },
  { name: 'tfjs-wasm', about: 'TF.js 4.22, wasm backend (XNNPACK, SIMD, 1 thread)', command: tsx('systems/tfjs.ts', 'wasm') },
  ...(numpyVersion ? [
    { name: 'numpy', about: `NumPy ${numpyVersion}, the book's code under nnfs.init() (float64 np.dot, 1 BLAS thread)`, command: python() },
    { name: 'numpy-float32', about: `NumPy ${numpyVersion}, the same code with float32 np.dot (not the book's digits; 1 BLAS thread)`, command: python('--float32') },
  ] : []),
];

// `--systems=scratchnet,numpy` runs only those (a full run writes RESULTS.md only with all of them).
const only = process.argv.find((a) => a.startsWith('--systems='))?.slice(10).split(',');
const SYSTEMS = only ? ALL_SYSTEMS.filter((s) => only.includes(s.name)) : ALL_SYSTEMS;

/** Single-thread BLAS for NumPy; nothing else reads these. */
const childEnv = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

/** A system's child process for one workload, read line by line. */
class Child {
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderr = '';
  private readonly exited: Promise<number | string>;

  constructor(system: System, workload: Workload, extra: string[] = []) {
    const [command, args] = system.command(workload);
    this.process = spawn(command, [...args, ...extra], { env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr.on('data', (d: Buffer) => (this.stderr += d));
    this.exited = new Promise((resolve) => {
      this.process.on('error', (e) => resolve(e.message));
      this.process.on('close', (code) => resolve(code ?? 'killed'));
    });
    this.lines = createInterface({ input: this.process.stdout })[Symbol.asyncIterator]();
  }

  /** The next line that starts with `prefix` (others are skipped), or why there is none. */
  async next(prefix: string): Promise<string | { failed: string }> {
    for (;;) {
      const { value, done } = await this.lines.next();
      if (done) return { failed: await this.failure() };
      if (value.startsWith(prefix)) return value.slice(prefix.length);
    }
  }

  send(line: string): void {
    this.process.stdin.write(`${line}\n`);
  }

  /** Its RESULT line once it exits (standard input closed), or why it failed. */
  async result(): Promise<Result | string> {
    this.process.stdin.end();
    const line = await this.next('RESULT ');
    if (typeof line !== 'string') return line.failed;
    return (await this.exited) === 0 ? (JSON.parse(line) as Result) : this.failure();
  }

  private async failure(): Promise<string> {
    const code = await this.exited;
    return `exit ${code}: ${(this.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`;
  }
}

/** Runs one system on one workload; resolves to its result, or to the reason it failed. */
function measure(system: System, workload: Workload): Promise<Result | string> {
  return new Child(system, workload).result();
}

/**
 * A workload in rounds (ROUNDS): every system's child process sizes its rounds and waits; then the
 * systems take turns, one round each, `count` times (each turn starting with the next system), so
 * every system meets the machine's fast and slow seconds alike. Each result holds its figures round
 * by round (`rounds`), the best round's and the median round's.
 */
async function measureInRounds(workload: Workload, systems: readonly System[], count: number): Promise<Map<string, Result | string>> {
  const children = new Map<string, Child>();
  const rounds = new Map<string, Record<string, number>[]>();
  const failed = new Map<string, string>();
  for (const system of systems) {
    process.stdout.write(`${workload}: ${system.name} warming up … `);
    const child = new Child(system, workload, ['--serve']);
    const ready = await child.next('READY');
    if (typeof ready === 'string') {
      children.set(system.name, child);
      rounds.set(system.name, []);
      console.log('ready');
    } else {
      failed.set(system.name, ready.failed);
      console.log(`failed (${ready.failed})`);
    }
  }
  for (let r = 0; r < count; r++) {
    const turn = systems.map((_, i) => systems[(i + r) % systems.length]!).filter((s) => children.has(s.name));
    process.stdout.write(`${workload}: round ${r + 1} of ${count}:`);
    for (const system of turn) {
      const child = children.get(system.name)!;
      child.send('round');
      const line = await child.next('ROUND ');
      if (typeof line === 'string') {
        const figures = JSON.parse(line) as Record<string, number>;
        rounds.get(system.name)!.push(figures);
        process.stdout.write(` ${system.name} ${Object.values(figures).map(format).join('/')}`);
      } else {
        failed.set(system.name, line.failed);
        children.delete(system.name);
      }
    }
    console.log();
  }
  const results = new Map<string, Result | string>();
  for (const system of systems) {
    const child = children.get(system.name);
    if (!child) {
      results.set(system.name, failed.get(system.name)!);
      continue;
    }
    child.send('end');
    const result = await child.result();
    if (typeof result === 'string') {
      results.set(system.name, result);
      continue;
    }
    const byMetric: Record<string, number[]> = {};
    for (const figures of rounds.get(system.name)!) {
      for (const [metric, v] of Object.entries(figures)) (byMetric[metric] ??= []).push(v);
    }
    const metrics: Record<string, number> = {};
    for (const [metric, values] of Object.entries(byMetric)) {
      metrics[metric] = higherIsBetter(metric) ? Math.max(...values) : Math.min(...values);
      metrics[`${metric} (median of ${values.length} rounds)`] = median(values);
    }
    results.set(system.name, { ...result, metrics, rounds: byMetric });
  }
  return results;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const half = sorted.length >> 1;
  return sorted.length % 2 ? sorted[half]! : (sorted[half - 1]! + sorted[half]!) / 2;
}

/** How a workload in rounds is read: the best round, the median round, and turn by turn. */
const inRounds = (workload: Workload) =>
  `${ROUNDS[workload]!.count} rounds per system, the systems taking turns round by round: the best round, the median round, and the median over the turns of scratchnet's speed ÷ the peer's`;

const TITLES: Record<Workload, string> = {
  matmul: `Workload 1: matrix products (float32 inputs; µs per product, each round ~${ROUNDS.matmul!.seconds!} s of one product; ${inRounds('matmul')})`,
  mlp: `Workload 2: training the Fashion-MNIST MLP 784-128-128-10 (ReLU, softmax + cross-entropy, Adam, batch ${MLP.batch}; synthetic data of Fashion-MNIST's shape; samples/s, each round ~${ROUNDS.mlp!.seconds!} s of training steps; ${inRounds('mlp')})`,
  ch10: `Workload 3: the book's chapter 10 (${CH10.epochs.toLocaleString('en-US')} epochs of Adam on spiral_data(100, 3), Dense(2, 64), ReLU, Dense(64, 3), the loss and accuracy of every epoch; seconds, one run; a run longer than ${CH10.budgetSeconds} s stops there and its time is extrapolated)`,
  inference: `Workload 4: inference latency, one sample through the MLP (µs, each round the median of ${INFERENCE.calls} calls timed one by one; ${inRounds('inference')})`,
};

function format(x: number): string {
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A Markdown table of one workload: each metric per system, the ratios to scratchnet, and peak memory. */
function table(workload: Workload, results: Map<string, Result | string>): string {
  const names = SYSTEMS.map((s) => s.name);
  const ok = (name: string) => {
    const r = results.get(name);
    return typeof r === 'object' ? r : undefined;
  };
  const metrics = [...new Set(names.flatMap((n) => Object.keys(ok(n)?.metrics ?? {})))]
    .filter((m) => !(workload === 'ch10' && m === 'epochs/s'));
  const rows = [`| | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  const ours = ok('scratchnet');
  for (const metric of metrics) {
    rows.push(`| ${metric} | ${names.map((n) => {
      const v = ok(n)?.metrics[metric];
      return v === undefined ? '–' : format(v);
    }).join(' | ')} |`);
    const base = ours?.metrics[metric];
    if (base === undefined) continue;
    // speed-up of scratchnet over the peer: > 1 means scratchnet is faster
    rows.push(`| ↳ scratchnet's speed ÷ this | ${names.map((n) => {
      const v = ok(n)?.metrics[metric];
      if (v === undefined) return '–';
      return `${(higherIsBetter(metric) ? base / v : v / base).toFixed(2)}×`;
    }).join(' | ')} |`);
    const mine = metric.includes('(median of') ? ours?.rounds?.[metric.split(' (')[0]!] : undefined;
    if (mine) {
      // turn by turn: scratchnet's round and the peer's of the same turn, seconds apart
      rows.push(`| ↳ scratchnet's speed ÷ this, turn by turn (median) | ${names.map((n) => {
        const theirs = ok(n)?.rounds?.[metric.split(' (')[0]!];
        if (!theirs || theirs.length !== mine.length) return '–';
        return `${median(theirs.map((v, i) => (higherIsBetter(metric) ? mine[i]! / v : v / mine[i]!))).toFixed(2)}×`;
      }).join(' | ')} |`);
    }
  }
  rows.push(`| peak memory (MB) | ${names.map((n) => {
    const r = results.get(n);
    return typeof r === 'object' ? r.peakMB.toFixed(0) : '–';
  }).join(' | ')} |`);
  const notes = names.flatMap((n) => {
    const r = results.get(n);
    if (typeof r === 'string') return [`- ${n} failed: ${r}`];
    return r?.notes ? [`- ${n}: ${r.notes}`] : [];
  });
  return [...rows, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

const requested = process.argv.slice(2).filter((a) => !a.startsWith('--')) as Workload[];
for (const w of requested) {
  if (!WORKLOADS.includes(w)) {
    console.error(`Unknown workload "${w}": choose from ${WORKLOADS.join(', ')}.`);
    process.exit(2);
  }
}
const workloads = requested.length ? WORKLOADS.filter((w) => requested.includes(w)) : [...WORKLOADS];
const started = new Date();
const loadBefore = loadavg()[0]!;
if (!numpyVersion) console.log('python3 with numpy not found: NumPy is left out.');

const sections: string[] = [];
const all = new Map<Workload, Map<string, Result | string>>();
for (const workload of workloads) {
  let results = new Map<string, Result | string>();
  const rounds = ROUNDS[workload];
  if (rounds) {
    results = await measureInRounds(workload, SYSTEMS, rounds.count);
  } else {
    for (const system of SYSTEMS) {
      process.stdout.write(`${workload}: ${system.name} … `);
      const t = performance.now();
      const result = await measure(system, workload);
      results.set(system.name, result);
      console.log(typeof result === 'string' ? `failed (${result})` : `${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  all.set(workload, results);
  const section = `### ${TITLES[workload]}\n\n${table(workload, results)}`;
  sections.push(section);
  console.log(`\n${section}\n`);
}
const loadAfter = loadavg()[0]!;

if (requested.length === 0 && !only) {
  const text = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.versions.node}${numpyVersion ? `, NumPy ${numpyVersion}` : ''}; load average ${loadBefore.toFixed(1)} at the start and ${loadAfter.toFixed(1)} at the end (other work on the machine slows every system; compare within one run).`,
    '',
    'Systems, each in a child process of its own (peak memory is that process\'s maximum resident set):',
    '',
    ...SYSTEMS.map((s) => `- **${s.name}**: ${s.about}`),
    '',
    'The ratio rows give scratchnet\'s speed divided by the peer\'s: above 1 scratchnet is faster. TF.js runs tfjs-core only, with the backward pass written out in TF.js ops as the book writes it in NumPy, and Adam from `tf.train.adam` (no learning-rate decay). Every system does the same work per training step: forward, loss, the gradients of every layer, and Adam. NumPy runs the book\'s loop, which also computes the gradient of the first layer\'s inputs and throws it away (about a quarter of the multiply-adds); scratchnet times its Model\'s step, which skips it (and adds the accuracy), and TF.js skips it too.',
    '',
    ...sections.flatMap((s) => [s, '']),
  ].join('\n');
  writeFileAtomic(here('RESULTS.md'), text);
  console.log(`wrote ${here('RESULTS.md')}`);
}

const mlp = all.get('mlp')?.get('scratchnet');
if (mlp !== undefined) {
  console.log(`mlp-784-128-128-10 samples/s: ${typeof mlp === 'object' ? Math.round(mlp.metrics['samples/s']!) : 'failed'}`);
}
