/**
 * Correctly rounded sin, cos, exp, log and pow: the double nearest to the true value.
 *
 * NumPy and Python call the C library's functions; glibc's are almost always correctly rounded
 * (within 0.52 to 0.55 of a unit in the last place). JavaScript's `Math` functions are only
 * promised to be close, and V8's differ from glibc's in the last bit often enough to show:
 * 29 of the 1000 sine-data targets, 9 of the 600 float64 spiral coordinates, and `e ** 1.21`
 * in the softmax lesson, which Python prints in full. A training run amplifies such a bit until
 * the losses part. Where the book's numbers need glibc's doubles, we compute the true value far
 * beyond double precision and round it once:
 *
 * - numbers are fixed point, BigInts counting units of 2^-F (F = 256 bits, twice what the hardest
 *   doubles to round are known to need);
 * - sin and cos reduce x = k · π/2 + r (|r| ≤ π/4) with π to as many bits as x's size calls for
 *   (up to 1400), then sum Taylor series;
 * - log writes x = y · 2^k with y near 1 and sums ln y = 2 · atanh((y − 1) / (y + 1));
 * - exp writes x = k · ln 2 + r and sums the Taylor series of e^r;
 * - pow(a, b) is exp(b · ln a), both in fixed point.
 *
 * These agree with glibc on every value the lessons print; glibc itself is one unit off the true
 * value at rare inputs (2 of the 1000 sine targets), and there we keep the true value. A call costs
 * some microseconds: right for data sets and printed examples, wrong for a training loop.
 */

/** Fractional bits of the fixed-point numbers. */
const F = 256n;
const ONE = 1n << F;
/** Fractional bits of our π/2: F plus room for the largest exponent (reduction needs more bits for larger x). */
const P = F + 1100n;

/** The product of two fixed-point numbers, truncated toward zero like the divisions below. */
function mul(a: bigint, b: bigint): bigint {
  return (a * b) / ONE;
}

/** atanh(1/n) · 2^bits = Σ 1 / ((2k+1) · n^(2k+1)), each term truncated. */
function atanhInverse(n: bigint, bits: bigint): bigint {
  let power = (1n << bits) / n;
  let sum = power;
  const n2 = n * n;
  for (let k = 1n; power !== 0n; k++) {
    power /= n2;
    sum += power / (2n * k + 1n);
  }
  return sum;
}

/** arctan(1/n) · 2^bits = Σ (−1)^k / ((2k+1) · n^(2k+1)). */
function arctanInverse(n: bigint, bits: bigint): bigint {
  let power = (1n << bits) / n;
  let sum = power;
  const n2 = n * n;
  for (let k = 1n; power !== 0n; k++) {
    power /= n2;
    const term = power / (2n * k + 1n);
    sum += k % 2n ? -term : term;
  }
  return sum;
}

/** π/2 · 2^P, from Machin's formula π = 16·arctan(1/5) − 4·arctan(1/239), with 64 guard bits. */
const HALF_PI = (16n * arctanInverse(5n, P + 64n) - 4n * arctanInverse(239n, P + 64n)) >> 65n;
/** ln 2 · 2^F = 2 · atanh(1/3), with 64 guard bits. */
const LN2 = (2n * atanhInverse(3n, F + 64n)) >> 64n;
/** √2 · 2^F, the integer square root of 2 · 2^(2F). */
const SQRT2 = integerSqrt(2n << (2n * F));

function integerSqrt(n: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  // Newton's method from a close start; stop once it no longer shrinks.
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next >= x && x * x <= n) return x;
    x = next;
  }
}

/** |x| = mantissa · 2^exponent exactly (x finite and non-zero). */
function decompose(x: number): { mantissa: bigint; exponent: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const word = view.getBigUint64(0);
  const biased = (word >> 52n) & 0x7ffn;
  const fraction = word & ((1n << 52n) - 1n);
  // Normal numbers have an implicit leading 1; subnormals (biased exponent 0) do not.
  return biased === 0n ? { mantissa: fraction, exponent: -1074n } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075n };
}

/** x as a fixed-point number with `bits` fractional bits (truncated toward zero below 2^-bits). */
function toFixed(x: number, bits: bigint): bigint {
  if (x === 0) return 0n;
  const { mantissa, exponent } = decompose(x);
  const shift = exponent + bits;
  const magnitude = shift >= 0n ? mantissa << shift : mantissa >> -shift;
  return x < 0 ? -magnitude : magnitude;
}

function bitLength(n: bigint): bigint {
  return BigInt(n.toString(2).length);
}

/** Rounds fixed · 2^-bits to the nearest double (ties to even), once, subnormals and overflow included. */
function toDouble(fixed: bigint, bits: bigint): number {
  if (fixed === 0n) return 0;
  const sign = fixed < 0n ? -1 : 1;
  const n = fixed < 0n ? -fixed : fixed;
  const length = bitLength(n);
  const leading = length - 1n - bits; // the value lies in [2^leading, 2^(leading+1))
  // 53 significant bits for a normal result, fewer below 2^-1022.
  const keep = leading >= -1022n ? 53n : 53n - (-1022n - leading);
  const shift = length - keep;
  let q = n;
  if (shift > 0n) {
    q = n >> shift;
    const rest = n - (q << shift);
    const half = 1n << (shift - 1n);
    if (rest > half || (rest === half && q % 2n === 1n)) q += 1n;
  }
  // q · 2^(shift − bits) is exactly representable; multiply by powers of two in two safe steps.
  const exponent = Number((shift > 0n ? shift : 0n) - bits);
  const first = Math.max(exponent, -1000);
  return sign * Number(q) * 2 ** first * 2 ** (exponent - first);
}

/** sin r and cos r for |r| ≤ π/4 (F fractional bits), by their Taylor series. */
function sinCosSeries(r: bigint): { sin: bigint; cos: bigint } {
  const r2 = mul(r, r);
  let sinTerm = r; // r^(2k+1) / (2k+1)!
  let cosTerm = ONE; // r^(2k) / (2k)!
  let sin = sinTerm;
  let cos = cosTerm;
  for (let k = 1n; sinTerm !== 0n || cosTerm !== 0n; k++) {
    cosTerm = -mul(cosTerm, r2) / ((2n * k - 1n) * (2n * k));
    sinTerm = -mul(sinTerm, r2) / (2n * k * (2n * k + 1n));
    cos += cosTerm;
    sin += sinTerm;
  }
  return { sin, cos };
}

/** Writes |x| = k · π/2 + r and returns the quadrant k mod 4 with sin r and cos r. */
function reduceQuarterTurns(x: number): { quadrant: number; sin: bigint; cos: bigint } {
  // k has about exponent(x) bits, so π/2 needs that many more bits (and 64 spare) than r keeps.
  const bits = F + 64n + BigInt(Math.max(0, Math.ceil(Math.log2(Math.abs(x)))));
  const halfPi = HALF_PI >> (P - bits);
  const fixed = toFixed(Math.abs(x), bits);
  const k = (2n * fixed + halfPi) / (2n * halfPi); // nearest integer to |x| / (π/2)
  const r = (fixed - k * halfPi) >> (bits - F);
  return { quadrant: Number(k % 4n), ...sinCosSeries(r) };
}

/** The correctly rounded sine of x (what glibc's `sin`, so `np.sin`, gives but for its rare misses). */
export function sin(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 2 ** -27) return x; // sin x = x − x³/6 rounds to x
  const { quadrant, sin: s, cos: c } = reduceQuarterTurns(x);
  // sin(kπ/2 + r) cycles through sin r, cos r, −sin r, −cos r; sin is odd.
  const value = [s, c, -s, -c][quadrant]!;
  return toDouble(x < 0 ? -value : value, F);
}

/** The correctly rounded cosine of x. */
export function cos(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  if (Math.abs(x) < 2 ** -27) return 1; // cos x = 1 − x²/2 rounds to 1
  const { quadrant, sin: s, cos: c } = reduceQuarterTurns(x);
  // cos(kπ/2 + r) cycles through cos r, −sin r, −cos r, sin r; cos is even.
  return toDouble([c, -s, -c, s][quadrant]!, F);
}

/** ln x for a positive finite double, in fixed point (F bits). */
function logFixed(x: number): bigint {
  const { mantissa, exponent } = decompose(x);
  // x = y · 2^k with y in [1, 2), then y in [√2/2, √2) so that the series below converges fast.
  const length = bitLength(mantissa);
  let k = exponent + length - 1n;
  let y = (mantissa << F) >> (length - 1n);
  if (y > SQRT2) {
    y >>= 1n;
    k += 1n;
  }
  // ln y = 2 · (z + z³/3 + z⁵/5 + …) with z = (y − 1) / (y + 1), |z| < 0.18.
  const z = ((y - ONE) << F) / (y + ONE);
  const z2 = mul(z, z);
  let power = z;
  let sum = z;
  for (let n = 3n; power !== 0n; n += 2n) {
    power = mul(power, z2);
    sum += power / n;
  }
  return k * LN2 + 2n * sum;
}

/** e^t for a fixed-point t (F bits), returned as a double rounded once. */
function expFixed(t: bigint): number {
  // t = k · ln 2 + r with |r| ≤ ln 2 / 2, so e^t = e^r · 2^k.
  const k = (2n * t + (t < 0n ? -LN2 : LN2)) / (2n * LN2);
  const r = t - k * LN2;
  let term = ONE;
  let sum = ONE;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * r) / (n << F);
    sum += term;
  }
  return toDouble(sum, F - k);
}

/** The correctly rounded natural logarithm (what glibc's `log`, `math.log` and `np.log` give). */
export function log(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  return toDouble(logFixed(x), F);
}

/** The correctly rounded e^x (what glibc's `exp` and `np.exp` on float64 give). */
export function exp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 710) return Infinity;
  if (x < -746) return 0;
  return expFixed(toFixed(x, F));
}

/**
 * The correctly rounded a^b, what Python's `a ** b` on floats (glibc's `pow`) gives, e.g.
 * `pow(Math.E, 1.21)` = 3.353484652549023 where JavaScript's `Math.E ** 1.21` gives …0236.
 */
export function pow(a: number, b: number): number {
  if (b === 0 || a === 1) return 1; // C's pow: even pow(NaN, 0) and pow(1, NaN) are 1
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  if (Number.isNaN(a) || Number.isNaN(b) || !Number.isFinite(a) || !Number.isFinite(b) || a === 0) return Math.pow(a, b);
  if (b === 1) return a;
  if (b === 2) return a * a; // one IEEE multiplication is already the correctly rounded square
  let sign = 1;
  if (a < 0) {
    if (!Number.isInteger(b)) return NaN;
    if (Math.abs(b) < 2 ** 53 && Math.abs(b) % 2 === 1) sign = -1;
    a = -a;
  }
  // Far outside the double range the answer is 0 or infinity; no need for big shifts.
  const magnitude = b * Math.log2(a);
  if (magnitude > 1100) return sign * Infinity;
  if (magnitude < -1200) return sign * 0;
  const t = mul(toFixed(b, F), logFixed(a));
  return sign * expFixed(t);
}

/** The correctly rounded functions, as one object for the public API (`correctlyRounded.pow(e, x)`). */
export const correctlyRounded = { sin, cos, exp, log, pow };
