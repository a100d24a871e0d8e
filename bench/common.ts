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
 * Workload 2 is timed in rounds of about `seconds` each, the systems taking turns `count` times
 * (bench/run.ts): this machine's speed moves by a quarter or more within seconds, so rounds close
 * in time are the fair comparison.
 */
export const MLP_ROUNDS = { count: 20, seconds: 0.5 } as const;

/**
 * Workload 3: the book's chapter 10 (Adam, learning rate 0.05, decay 5e-7, on spiral_data(100, 3)).
 * A system still running after `budgetSeconds` stops there and its time for all epochs is extrapolated.
 */
export const CH10 = { epochs: 10_001, samples: 100, classes: 3, hidden: 64, learningRate: 0.05, decay: 5e-7, budgetSeconds: 40 } as const;

/** The figures of a chapter 10 run that ran `epochs` epochs in `seconds` (extrapolated to all epochs if it stopped early). */
export function ch10Metrics(epochs: number, seconds: number): Record<string, number> {
  return { 's for 10,001 epochs': (seconds * CH10.epochs) / epochs, 'epochs/s': epochs / seconds };
}

/** Workload 4: single-sample forward passes through the MLP. */
export const INFERENCE = { calls: 2000 } as const;

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
  /** Workload 2: samples/s of every round, in the order the rounds ran (bench/run.ts adds them). */
  rounds?: number[];
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

/**
 * The fastest of several timed rounds, in seconds per call of `fn`: each round runs `fn` enough times
 * to last about `roundSeconds`. Best-of is the figure least disturbed by other work on a shared machine.
 */
export function bestSecondsPerCall(fn: () => void, rounds = 5, roundSeconds = 0.4): number {
  const calls = callsPerRound(fn, roundSeconds);
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    best = Math.min(best, (performance.now() - t) / 1000 / calls);
  }
  return best;
}

/**
 * Timed rounds on request, for bench/run.ts to interleave the systems finely: after sizing a round
 * (`callsPerRound`) it prints `READY`, then for each `round` line on standard input runs one round
 * and prints `ROUND <seconds per call>`, until `end`. Resolves when standard input ends.
 */
export async function servedRounds(fn: () => void, roundSeconds: number): Promise<void> {
  const calls = callsPerRound(fn, roundSeconds);
  console.log('READY');
  const { createInterface } = await import('node:readline');
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'end') break;
    const t = performance.now();
    for (let i = 0; i < calls; i++) fn();
    console.log(`ROUND ${(performance.now() - t) / 1000 / calls}`);
  }
}

/** Whether bench/run.ts asked for served rounds (`--serve`) rather than one measurement. */
export const served = process.argv.includes('--serve');

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
