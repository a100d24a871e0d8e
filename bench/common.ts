/**
 * What every system's benchmark shares: the workloads' sizes, the synthetic data, the timing rules
 * and the one-line report each child process prints for bench/run.ts.
 */

/** The workloads, in the order they run. */
export const WORKLOADS = ['matmul', 'mlp', 'ch10', 'inference'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** Workload 1: the products m × k × n timed (op(A) is m × k, op(B) k × n). */
export const MATMUL_SHAPES: readonly [number, number, number][] = [[128, 784, 128], [128, 128, 10], [512, 512, 512]];

/** Workload 2: the Fashion-MNIST MLP, trained on synthetic data of the same shape. */
export const MLP = { inputs: 784, hidden: 128, classes: 10, batch: 128, batches: 20 } as const;

/**
 * Workloads 1, 2 and 4 are timed in rounds, the systems taking turns `count` times (bench/run.ts):
 * this machine's speed moves by a quarter or more within seconds, so rounds close in time are the
 * fair comparison. `seconds`: about how long one round of one figure lasts (workload 4's rounds are
 * INFERENCE.calls calls instead).
 */
export const ROUNDS: Partial<Record<Workload, { count: number; seconds?: number }>> = {
  matmul: { count: 8, seconds: 0.2 },
  mlp: { count: 20, seconds: 0.5 },
  inference: { count: 8 },
};

/**
 * Workload 3: the book's chapter 10 (Adam, learning rate 0.05, decay 5e-7, on spiral_data(100, 3)).
 * A system still running after `budgetSeconds` stops there and its time for all epochs is extrapolated.
 */
export const CH10 = { epochs: 10_001, samples: 100, classes: 3, hidden: 64, learningRate: 0.05, decay: 5e-7, budgetSeconds: 40 } as const;

/** The figures of a chapter 10 run that ran `epochs` epochs in `seconds` (extrapolated to all epochs if it stopped early). */
export function ch10Metrics(epochs: number, seconds: number): Record<string, number> {
  return { 's for 10,001 epochs': (seconds * CH10.epochs) / epochs, 'epochs/s': epochs / seconds };
}

/** Workload 4: single-sample forward passes through the MLP, timed one by one, `calls` a round. */
export const INFERENCE = { calls: 500 } as const;

/** One system's measurement of one workload, as the child process reports it. */
export interface Result {
  system: string;
  workload: Workload;
  /** The figures, e.g. `{ 'samples/s': 12000 }`; names carry their unit. */
  metrics: Record<string, number>;
  /** Anything worth printing beside the figures (final loss, backend details). */
  notes?: string;
  /** The child process's peak resident memory. */
  peakMB: number;
  /** Each figure of every round, in the order the rounds ran (bench/run.ts adds them). */
  rounds?: Record<string, number[]>;
}

/** Prints the result line that bench/run.ts reads, with the process's peak memory. */
export function report(result: Omit<Result, 'peakMB'>): void {
  const peakMB = process.resourceUsage().maxRSS / 1024;
  console.log('RESULT ' + JSON.stringify({ ...result, peakMB }));
}

/** A deterministic uniform generator (mulberry32) for synthetic data, the same for every JS system. */
export function uniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Synthetic Fashion-MNIST-shaped data: pixels uniform in [-1, 1) (the book's scaling), labels 0..9. */
export function syntheticImages(count: number, seed = 1): { X: Float32Array; y: Int32Array } {
  const random = uniform(seed);
  const X = new Float32Array(count * MLP.inputs);
  for (let i = 0; i < X.length; i++) X[i] = random() * 2 - 1;
  const y = new Int32Array(count);
  for (let i = 0; i < count; i++) y[i] = Math.floor(random() * MLP.classes);
  return { X, y };
}

/**
 * How many calls of `fn` last about `roundSeconds` (at least one), after a warm-up call: the size of
 * a timed round.
 */
function callsPerRound(fn: () => void, roundSeconds: number): number {
  fn(); // warm up (compilation, first allocations)
  let calls = 1;
  for (;;) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    const s = (performance.now() - t) / 1000;
    if (s >= roundSeconds / 4 || calls > 1e6) return Math.max(1, Math.ceil((calls * roundSeconds) / Math.max(s, 1e-6)));
    calls *= 4;
  }
}

/** Figures taken round by round: each name (its unit in it, e.g. `samples/s`) with a function that runs one round and returns the figure. */
export type Measures = Record<string, () => number>;

/** Rounds of about `seconds` of `fn`, sized now (after a warm-up): each call of the result times one round, in seconds per call of `fn`. */
export function timedRounds(fn: () => void, seconds: number): () => number {
  const calls = callsPerRound(fn, seconds);
  return () => {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    return (performance.now() - t) / 1000 / calls;
  };
}

/** Whether a larger figure is better (a rate) or worse (a time). */
export const higherIsBetter = (metric: string) => metric.split(' (')[0]!.endsWith('/s');

/**
 * Takes the figures and prints the RESULT line. With `--serve` (bench/run.ts, which interleaves the
 * systems): `READY`, then for each `round` line on standard input one round of every figure, printed
 * as `ROUND <the figures as JSON>`, until `end`; the RESULT line then carries only the peak memory.
 * Alone: five rounds, and the best of each figure.
 */
export async function reportRounds(system: string, workload: Workload, measures: Measures): Promise<void> {
  if (!process.argv.includes('--serve')) {
    const metrics: Record<string, number> = {};
    for (let r = 0; r < 5; r++) {
      for (const [name, measure] of Object.entries(measures)) {
        const v = measure();
        const best = metrics[name];
        metrics[name] = best === undefined || (higherIsBetter(name) ? v > best : v < best) ? v : best;
      }
    }
    report({ system, workload, metrics });
    return;
  }
  console.log('READY');
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'end') break;
    console.log(`ROUND ${JSON.stringify(Object.fromEntries(Object.entries(measures).map(([name, measure]) => [name, measure()])))}`);
  }
  report({ system, workload, metrics: {} });
}

/** The median of per-call times of `fn` over `calls` calls, in seconds, after a warm-up. */
export function medianSecondsPerCall(fn: () => void, calls: number): number {
  for (let i = 0; i < Math.min(200, calls); i++) fn();
  const times = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const t = performance.now();
    fn();
    times[i] = (performance.now() - t) / 1000;
  }
  times.sort();
  return times[calls >> 1]!;
}

/** The workload named on the command line. */
export function workloadArgument(): Workload {
  const w = process.argv[2] as Workload;
  if (!WORKLOADS.includes(w)) throw new Error(`usage: <system> ${WORKLOADS.join('|')}`);
  return w;
}
