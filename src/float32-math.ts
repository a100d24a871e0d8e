/**
 * float32 `exp` and `log` exactly as NumPy computes them under the book's semantics.
 *
 * With AVX2/AVX-512 kernels disabled, NumPy's float32 `np.exp`/`np.log` call glibc's `expf`/`logf`.
 * Those are not correctly rounded (chapter 18's softmax meets 4 differing inputs of 9,000 in an
 * epoch), so `Math.fround(Math.exp(x))` parts from NumPy. Here we port glibc's routines (the ARM
 * "optimized-routines" algorithms, also in musl):
 *
 * - expf: x·32/ln2 = k + r (k integer, |r| ≤ 1/2); exp(x) = 2^(k/32) · 2^(r/32), the first factor
 *   from a 32-entry table scaled by 2^(k>>5), the second a degree-3 polynomial in r, all in double,
 *   then one rounding to float32.
 * - logf: x = 2^k · z with z in [0.699, 1.398); z's 16-entry subinterval gives c ≈ z with 1/c and
 *   log c tabulated; log(x) = log1p(z/c − 1) + log c + k·ln2, log1p a degree-3 polynomial in double.
 *
 * On x86-64 CPUs with FMA, glibc runs a build of these compiled with `-mfma -mavx2` in which every
 * `a·b + c` is a fused multiply-add (read from the disassembly of `__expf_fma`/`__logf_fma`, then
 * checked against glibc on every float32): in expf `k = round(x·32/ln2)` and `r = x·32/ln2 − k`
 * (each one fused) and the three polynomial steps; in logf `r = z·(1/c) − 1`, `k·ln2 + log c` and
 * the three polynomial steps (the `y0 + r` and `r·r` are plain).
 *
 * JavaScript has no FMA. The fast path computes with plain doubles: `r` is still exact (the
 * constant is split so both partial products are exact, and the subtraction is exact), and the
 * other fused steps differ from plain ones by a few units in the last place of the double, at
 * most ~2^-50 relative to the result. When the double lies within 2^-40 (relative) of a float32
 * rounding boundary — about one input in 30,000 — we recompute the fused steps exactly (BigInt
 * products, one rounding), so the float32 result is glibc's bit for bit (checked on all 2^32
 * float32 inputs of each function). No Node imports: this file runs in the browser too.
 *
 * Not used by the layers: the book's reference (book_numpy.py, the oracle of the lesson tests)
 * replaces float32 np.exp/np.log by the float64 ones rounded once, which `Math.fround(Math.exp(x))`
 * equals for every float32 x (all 2,242,117,632 with |x| < 105 checked). These two give what
 * plain NumPy computes without that replacement (chapter 18 with them matches such a NumPy run).
 */

const view = new DataView(new ArrayBuffer(8));
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The double with IEEE-754 bit pattern `hex` (16 hex digits). */
function fromBits(hex: string): number {
  view.setBigUint64(0, BigInt('0x' + hex));
  return view.getFloat64(0);
}

/** The float32 with bit pattern `bits`. */
function float32FromBits(bits: number): number {
  u32[0] = bits;
  return f32[0]!;
}

/** `x` with the low `bits` bits of its significand cleared (the high part of a Veltkamp-style split). */
function truncateLowBits(x: number, bits: number): number {
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) & ~((1n << BigInt(bits)) - 1n));
  return view.getFloat64(0);
}

/** 2^e as a double, for −1022 ≤ e ≤ 1023. */
function pow2(e: number): number {
  view.setBigUint64(0, BigInt(e + 1023) << 52n);
  return view.getFloat64(0);
}

/** x = m · 2^e exactly, m a signed BigInt (x finite). */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let e = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  return [bits >> 63n ? -m : m, e];
}

/**
 * fma(a, b, c) = a·b + c rounded once to the nearest double (ties to even), for finite arguments
 * whose result is a normal double (true of every call below). The exact sum is a BigInt times a
 * power of two; `Number(bigint)` rounds to nearest-even and scaling by a power of two is exact.
 */
export function fmaExact(a: number, b: number, c: number): number {
  const [ma, ea] = decompose(a);
  const [mb, eb] = decompose(b);
  const [mc, ec] = decompose(c);
  const mp = ma * mb;
  const ep = ea + eb;
  if (mp === 0n) return a * b + c; // a·b is ±0, so this is exact
  if (mc === 0n) return a * b; // c is ±0: one rounding of the product
  const e = Math.min(ep, ec);
  const sum = (mp << BigInt(ep - e)) + (mc << BigInt(ec - e));
  if (sum === 0n) return 0;
  // Number(sum) is correctly rounded; keep the scaling within the normal range by two steps.
  const half = Math.trunc(e / 2);
  return Number(sum) * pow2(half) * pow2(e - half);
}

/** Are all numbers within `v·(1 ± 2^-40)` rounded to the same float32? (Then fusing cannot change it.) */
function farFromFloat32Boundary(v: number): boolean {
  return Math.fround(v * (1 + 2 ** -40)) === Math.fround(v * (1 - 2 ** -40));
}

// ---------------------------------------------------------------------------------------------
// expf

/** 32/ln2, glibc's `invln2_scaled`, split so that x·HI and x·LO are exact for any float32 x. */
const INVLN2N = fromBits('40471547652b82fe');
const INVLN2N_HI = truncateLowBits(INVLN2N, 27);
const INVLN2N_LO = INVLN2N - INVLN2N_HI;
/** 1.5·2^52: adding and subtracting it rounds a double of magnitude < 2^51 to an integer, ties to even. */
const SHIFT = fromBits('4338000000000000');
/** The polynomial 2^(r/32) ≈ 1 + C2·r + C1·r² + C0·r³ (glibc's `poly_scaled`). */
const EXP_C0 = fromBits('3ebc6af84b912394');
const EXP_C1 = fromBits('3f2ebfce50fac4f3');
const EXP_C2 = fromBits('3f962e42ff0c52d6');
/** glibc's `__exp2f_data.tab`: bits of 2^(i/32) minus i << 47. */
const EXP2F_TAB = [
  '3ff0000000000000', '3fefd9b0d3158574', '3fefb5586cf9890f', '3fef9301d0125b51',
  '3fef72b83c7d517b', '3fef54873168b9aa', '3fef387a6e756238', '3fef1e9df51fdee1',
  '3fef06fe0a31b715', '3feef1a7373aa9cb', '3feedea64c123422', '3feece086061892d',
  '3feebfdad5362a27', '3feeb42b569d4f82', '3feeab07dd485429', '3feea47eb03a5585',
  '3feea09e667f3bcd', '3fee9f75e8ec5f74', '3feea11473eb0187', '3feea589994cce13',
  '3feeace5422aa0db', '3feeb737b0cdc5e5', '3feec49182a3f090', '3feed503b23e255d',
  '3feee89f995ad3ad', '3feeff76f2fb5e47', '3fef199bdd85529c', '3fef3720dcef9069',
  '3fef5818dcfba487', '3fef7c97337b9b5f', '3fefa4afa2a490da', '3fefd0765b6e4540',
];
/** 2^(i/32) as glibc rounds it: the table entry with i << 47 added back. */
const EXP2_I_32 = new Float64Array(EXP2F_TAB.map((hex, i) => {
  view.setBigUint64(0, BigInt('0x' + hex) + (BigInt(i) << 47n));
  return view.getFloat64(0);
}));
/** 2^m for m = k >> 5, k in the range expf's arguments reach (m from −160 to 139). */
const POW2_OFFSET = 160;
const POW2_M = new Float64Array(300).map((_, j) => pow2(j - POW2_OFFSET));

/** Thresholds of glibc's special cases (float32 values). */
const EXP_OVERFLOW = float32FromBits(0x42b17217); // above: +Infinity (≈ 88.72)
const EXP_UNDERFLOW = float32FromBits(0xc2cff1b4); // below: +0 (≈ −103.97)
const EXP_MAY_UNDERFLOW = float32FromBits(0xc2ce8ecf); // below: the smallest subnormal (≈ −103.28)
const FLOAT32_MIN_SUBNORMAL = float32FromBits(1);

/** e^x for a float32 x, as the float32 glibc's `expf` returns on x86-64 with FMA. */
export function expf(x: number): number {
  if (!(Math.abs(x) < 88)) {
    if (x === -Infinity) return 0;
    if (!(Math.abs(x) < Infinity)) return x + x; // +Infinity or NaN
    if (x > EXP_OVERFLOW) return Infinity;
    if (x < EXP_UNDERFLOW) return 0;
    if (x < EXP_MAY_UNDERFLOW) return FLOAT32_MIN_SUBNORMAL;
  }
  // z = x·32/ln2 exactly equals a + b; k = round(z) ties to even; r = z − k rounded once.
  const a = x * INVLN2N_HI;
  const b = x * INVLN2N_LO;
  let kd = a + b + SHIFT - SHIFT;
  let r = a - kd + b; // a − kd is exact (|a − kd| < 1 on the grid of a)
  if (Math.abs(r) >= 0.5) {
    // (a + b) rounded to an integer differently from the exact z: decide on the exact residual.
    const hi = a - kd;
    const err = b - (r - hi); // r + err = hi + b exactly (Fast2Sum, |hi| ≥ |b|)
    const odd = Math.abs(kd % 2) === 1;
    if (r > 0.5 || (r === 0.5 && (err > 0 || (err === 0 && odd)))) kd += 1;
    else if (r < -0.5 || (r === -0.5 && (err < 0 || (err === 0 && odd)))) kd -= 1;
    r = a - kd + b;
  }
  const s = EXP2_I_32[kd & 31]! * POW2_M[(kd >> 5) + POW2_OFFSET]!;
  const r2 = r * r;
  const y = (EXP_C0 * r + EXP_C1) * r2 + (EXP_C2 * r + 1);
  const result = y * s;
  if (farFromFloat32Boundary(result)) return Math.fround(result);
  // Near a float32 rounding boundary: the fused steps exactly as glibc does them.
  const zf = fmaExact(EXP_C0, r, EXP_C1);
  const yf = fmaExact(zf, r2, fmaExact(EXP_C2, r, 1));
  return Math.fround(yf * s);
}

// ---------------------------------------------------------------------------------------------
// logf

/** glibc's `__logf_data.tab`: 1/c and log(c) for the 16 subintervals. */
const LOGF_TAB = [
  ['3ff661ec79f8f3be', 'bfd57bf7808caade'], ['3ff571ed4aaf883d', 'bfd2bef0a7c06ddb'],
  ['3ff49539f0f010b0', 'bfd01eae7f513a67'], ['3ff3c995b0b80385', 'bfcb31d8a68224e9'],
  ['3ff30d190c8864a5', 'bfc6574f0ac07758'], ['3ff25e227b0b8ea0', 'bfc1aa2bc79c8100'],
  ['3ff1bb4a4a1a343f', 'bfba4e76ce8c0e5e'], ['3ff12358f08ae5ba', 'bfb1973c5a611ccc'],
  ['3ff0953f419900a7', 'bfa252f438e10c1e'], ['3ff0000000000000', '0000000000000000'],
  ['3fee608cfd9a47ac', '3faaa5aa5df25984'], ['3feca4b31f026aa0', '3fbc5e53aa362eb4'],
  ['3feb2036576afce6', '3fc526e57720db08'], ['3fe9c2d163a1aa2d', '3fcbc2860d224770'],
  ['3fe886e6037841ed', '3fd1058bc8a07ee1'], ['3fe767dcf5534862', '3fd4043057b6ee09'],
] as const;
const INVC = new Float64Array(LOGF_TAB.map(([invc]) => fromBits(invc)));
const LOGC = new Float64Array(LOGF_TAB.map(([, logc]) => fromBits(logc)));
/** 1/c split so that z·HI (24 + 29 bits) and z·LO (24 + 24 bits) are exact for a float32 z. */
const INVC_HI = INVC.map((v) => truncateLowBits(v, 24));
const INVC_LO = INVC.map((v, i) => v - INVC_HI[i]!);
const LN2 = fromBits('3fe62e42fefa39ef');
/** log1p(r) ≈ r + A2·r² + A1·r³ + A0·r⁴. */
const LOG_A0 = fromBits('bfd00ea348b88334');
const LOG_A1 = fromBits('3fd5575b0be00b6a');
const LOG_A2 = fromBits('bfdffffef20a4123');
/** Bits of the start of the first subinterval (≈ 0.699). */
const OFF = 0x3f330000;

/** ln x for a float32 x, as the float32 glibc's `logf` returns on x86-64 with FMA. */
export function logf(x: number): number {
  f32[0] = x;
  let ix = u32[0]!;
  if (ix === 0x3f800000) return 0;
  if (((ix - 0x00800000) >>> 0) >= 0x7f000000) {
    // x < 2^-126 (zero, subnormal or negative), +Infinity or NaN.
    if ((ix & 0x7fffffff) === 0) return -Infinity;
    if (ix === 0x7f800000) return x;
    if (ix >= 0x80000000 || ix > 0x7f800000) return NaN;
    f32[0] = x * 8388608; // a subnormal times 2^23 is exact and normal
    ix = u32[0]! - (23 << 23);
  }
  const tmp = ix - OFF; // ix ≥ 2^23 here, so tmp fits an int32 (k < 0 below 0.699)
  const i = (tmp >>> 19) & 15;
  const k = tmp >> 23;
  u32[0] = ix - (tmp & 0xff800000);
  const z = f32[0]!;
  // r = z/c − 1 as the fused z·(1/c) − 1: z·HI − 1 is exact (z·HI is within [0.5, 2]).
  const r = z * INVC_HI[i]! - 1 + z * INVC_LO[i]!;
  const logc = LOGC[i]!;
  const y0 = k * LN2 + logc;
  const r2 = r * r;
  const p = LOG_A0 * r2 + (LOG_A1 * r + LOG_A2);
  const result = p * r2 + (y0 + r);
  if (farFromFloat32Boundary(result)) return Math.fround(result);
  const y0f = fmaExact(k, LN2, logc);
  const pf = fmaExact(LOG_A0, r2, fmaExact(LOG_A1, r, LOG_A2));
  return Math.fround(fmaExact(pf, r2, y0f + r));
}

