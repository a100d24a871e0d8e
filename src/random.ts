// NumPy's legacy random generator, np.random.RandomState, reproduced bit for bit.
//
// Every "random" number in the book comes from one Mersenne Twister (MT19937): a state of 624
// 32-bit words that is stirred ("twisted") once every 624 draws and read out one word at a time.
// Uniform floats, normals, dropout masks and shuffles are all built from that stream of uint32s,
// each in the exact way NumPy's legacy code builds them, so `np.random.seed(0)` followed by the same
// calls gives the same numbers here. One caveat: `randn` uses `Math.log`, which differs from glibc's
// `log` in the last bit for about 3% of inputs, so a float64 normal may differ from NumPy's in its
// last bit; rounded to float32 (as the book does) every normal matches.

import { wasmBinomial1 } from './kernels/wasm-random.ts';

/** Number of 32-bit words in the Mersenne Twister state. */
const N = 624;
/** Offset of the word mixed into each twisted word. */
const M = 397;

/** A JSON-serialisable copy of the generator, as NumPy's `get_state()` gives it (for checkpoints). */
export interface RandomStateSnapshot {
  /** The 624 words of MT19937 state, each in [0, 2^32). */
  key: number[];
  /** Index of the next word to read; 624 means the next draw twists first. */
  pos: number;
  /** Whether a second normal from the last polar-method pair is waiting. */
  hasGauss: boolean;
  /** That cached normal (0 when there is none). */
  gauss: number;
}

/** NumPy's legacy `RandomState`: MT19937 plus the legacy rand, randn, binomial and shuffle. */
export class RandomState {
  private readonly key = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /** A generator seeded like `np.random.RandomState(seed)`; the default seed is 0. */
  constructor(seed = 0) {
    this.seed(seed);
  }

  /** Re-seed like `np.random.seed(seed)` (MT19937 `init_genrand`); also drops the cached normal. */
  seed(seed: number): void {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      const error = typeof seed === 'number' ? RangeError : TypeError;
      throw new error(`RandomState: seed must be an integer in [0, 2**32 - 1], got ${typeof seed === 'string' ? JSON.stringify(seed) : String(seed)}.`);
    }
    const key = this.key;
    key[0] = seed;
    for (let i = 1; i < N; i++) {
      // key[i] = 1812433253 * (key[i-1] ^ (key[i-1] >> 30)) + i  (mod 2^32); Math.imul keeps the low 32 bits.
      key[i] = Math.imul(1812433253, key[i - 1] ^ (key[i - 1] >>> 30)) + i;
    }
    this.pos = N; // the first draw twists
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** Regenerate all 624 words at once (the "twist"). */
  private twist(): void {
    const key = this.key;
    // The reference's three loops: words past i were already twisted in this pass. The matrix
    // 0x9908B0DF is applied when y is odd, without a branch: -(y & 1) is all ones or all zeros.
    let i = 0;
    for (; i < N - M; i++) {
      const y = (key[i] & 0x80000000) | (key[i + 1] & 0x7fffffff);
      key[i] = key[i + M] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    for (; i < N - 1; i++) {
      const y = (key[i] & 0x80000000) | (key[i + 1] & 0x7fffffff);
      key[i] = key[i + M - N] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    }
    const y = (key[N - 1] & 0x80000000) | (key[0] & 0x7fffffff);
    key[N - 1] = key[M - 1] ^ (y >>> 1) ^ (-(y & 1) & 0x9908b0df);
    this.pos = 0;
  }

  /** The next raw 32-bit output of MT19937, in [0, 2^32). */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.key[this.pos++];
    // Tempering spreads the state bits over the output word.
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One uniform float64 in [0, 1) like `np.random.rand()`: 27 + 26 bits from two draws. */
  rand(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992; // (a * 2^26 + b) / 2^53
  }

  /**
   * One standard normal like `np.random.randn()`: Marsaglia's polar method makes two normals from a
   * point drawn uniformly in the unit disc; it returns one and keeps the other for the next call
   * (until `seed`), even when `rand` or `binomial` are called in between, as NumPy does.
   */
  randn(): number {
    if (this.hasGauss) {
      this.hasGauss = false;
      const cached = this.gauss;
      this.gauss = 0;
      return cached;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2 * this.rand() - 1;
      x2 = 2 * this.rand() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * One draw of `np.random.binomial(n, p)`: the number of successes in n trials of probability p.
   * Only NumPy's inversion branch is modelled (n * min(p, 1 - p) <= 30, which covers dropout's
   * n = 1); it walks up the cumulative distribution until it passes one uniform draw.
   */
  binomial(n: number, p: number): number {
    const out = new Float64Array(1);
    this.binomialFill(out, n, p);
    return out[0]!;
  }

  /**
   * Fills `out` with draws of `binomial(n, p)`, as `np.random.binomial(n, p, size=out.length)`
   * (dropout's masks), each divided by `divisor` (default 1) as `binomial(...) / divisor` would:
   * the same draws as calling `binomial` for each, with the constants of the inversion computed
   * once, as NumPy keeps them while n and p stay the same.
   */
  binomialFill(out: Float32Array | Float64Array, n: number, p: number, divisor = 1): void {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomial: n must be a non-negative integer, got ${n}`);
    if (!(p >= 0 && p <= 1)) throw new RangeError(`binomial: p must be in [0, 1], got ${p}`);
    if (typeof divisor !== 'number' || Number.isNaN(divisor)) throw new TypeError(`binomialFill: divisor must be a number, got ${String(divisor)}`);
    // NumPy draws for the rarer outcome: with p > 0.5 it counts failures and returns n minus them.
    const flip = p > 0.5;
    const pp = flip ? 1 - p : p;
    if (pp * n > 30) {
      throw new RangeError(`binomial: n * min(p, 1 - p) = ${pp * n} > 30 needs NumPy's BTPE algorithm, which is not modelled`);
    }
    // NumPy's `random_binomial_inversion` for p <= 0.5. Even n = 0 or p = 0 consumes one draw, as in legacy NumPy.
    const q = 1 - pp;
    const qn = Math.exp(n * Math.log(q)); // P(X = 0) = q^n
    const np = n * pp;
    // Give up and restart past ~10 standard deviations above the mean (guards against rounding).
    const bound = Math.min(n, Math.trunc(np + 10 * Math.sqrt(np * q + 1)));
    if (n === 1 && out.length >= 64) {
      // Dropout's masks: the same loop in WebAssembly, where P(X = 1) follows from P(X = 0) as below.
      const pos = wasmBinomial1(this.key, this.pos, out, qn, ((n - 1 + 1) * pp * qn) / (1 * q), flip, divisor);
      if (pos !== null) {
        this.pos = pos;
        return;
      }
    }
    for (let i = 0; i < out.length; i++) {
      let x = 0;
      let px = qn;
      let u = this.rand();
      while (u > px) {
        x++;
        if (x > bound) {
          x = 0;
          px = qn;
          u = this.rand();
        } else {
          u -= px;
          px = ((n - x + 1) * pp * px) / (x * q); // P(X = x) from P(X = x - 1)
        }
      }
      out[i] = (flip ? n - x : x) / divisor;
    }
  }

  /**
   * A uniform integer in [0, max], like NumPy's `random_interval`: draw 32 bits, keep the bits
   * below max's highest bit (the mask), and try again while the result exceeds max.
   */
  randomInterval(max: number): number {
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError(`randomInterval: max must be an integer in [0, 2**32 - 1], got ${max}`);
    }
    if (max === 0) return 0; // no draw, as in NumPy
    let mask = max;
    for (let shift = 1; shift < 32; shift *= 2) mask |= mask >>> shift;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** Shuffle in place like `np.random.shuffle` on a 1-D array: Fisher-Yates from the last element down. */
  shuffle<T>(array: { length: number; [i: number]: T }): void {
    if (array === null || typeof array !== 'object' || !Number.isInteger(array.length)) {
      throw new TypeError(`shuffle: expected an array or typed array to shuffle in place, got ${array === null ? 'null' : typeof array}.`);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
  }

  /** `np.random.permutation(n)`: the integers 0..n-1 in shuffled order. */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new RangeError(`permutation: bad length ${n}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    this.shuffle(out);
    return out;
  }

  /**
   * Shuffle the rows of a row-major 2-D array in place, like `np.random.shuffle` on a matrix: NumPy
   * moves whole rows with the same draws as a 1-D shuffle of that many elements.
   */
  shuffleRows(data: Float32Array | Float64Array | Uint8Array | Int32Array, rowLength: number): void {
    if (!Number.isInteger(rowLength) || rowLength <= 0 || data.length % rowLength !== 0) {
      throw new RangeError(`shuffleRows: length ${data.length} is not a whole number of rows of ${rowLength}`);
    }
    const rows = data.length / rowLength;
    const buffer = data.slice(0, rowLength);
    for (let i = rows - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      if (i === j) continue;
      buffer.set(data.subarray(j * rowLength, (j + 1) * rowLength));
      data.copyWithin(j * rowLength, i * rowLength, (i + 1) * rowLength);
      data.set(buffer, i * rowLength);
    }
  }

  /** A copy of the whole generator state (NumPy's `get_state()`), safe to JSON.stringify. */
  getState(): RandomStateSnapshot {
    return { key: Array.from(this.key), pos: this.pos, hasGauss: this.hasGauss, gauss: this.gauss };
  }

  /** Restore a state from `getState()` (NumPy's `set_state()`). */
  setState(s: RandomStateSnapshot): void {
    if (s === null || typeof s !== 'object' || !s.key || s.key.length !== N || !Number.isInteger(s.pos) || !(s.pos >= 0 && s.pos <= N)) {
      throw new RangeError('setState: not an MT19937 state; pass what getState() returned ({ key: 624 words, pos, hasGauss, gauss }).');
    }
    this.key.set(s.key);
    this.pos = s.pos;
    this.hasGauss = s.hasGauss;
    this.gauss = s.hasGauss ? s.gauss : 0;
  }
}

/** n standard normals, like `np.random.randn(n)` (fill any shape row-major with n = rows * cols). */
export function randnArray(rs: RandomState, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rs.randn();
  return out;
}

/** n uniforms in [0, 1), like `np.random.rand(n)`. */
export function randArray(rs: RandomState, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rs.rand();
  return out;
}

/** count binomial draws, like `np.random.binomial(n, p, size=count)` (float64, as dropout uses them). */
export function binomialArray(rs: RandomState, n: number, p: number, count: number): Float64Array {
  const out = new Float64Array(count);
  rs.binomialFill(out, n, p);
  return out;
}
