/**
 * NumPy-style printing. The book shows every result the way NumPy 2 prints it, so to hold our output
 * next to the book's we print numbers digit for digit the same way. A float is turned into decimal
 * digits by Dragon4, the algorithm NumPy uses: it finds the shortest digits that still identify the
 * float among its neighbours (float32 neighbours for float32, which is why a float32 loss prints
 * `1.0986104` and not JavaScript's `1.0986104011535645`), optionally cut off at a given precision.
 * Arrays then follow NumPy's default print options: at most 8 digits, scientific notation when the
 * values span too wide a range, columns padded to line up, 75-character lines, and arrays of more
 * than 1000 elements summarised with `...`.
 */

/** The element types we print; `int` covers every integer dtype. */
export type PrintDType = 'float32' | 'float64' | 'int';

type FloatDType = 'float32' | 'float64';

/** NumPy's default print options (`np.get_printoptions()`). */
const PRECISION = 8;
const LINE_WIDTH = 75;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

// ---------------------------------------------------------------------------------------------
// Dragon4: exact binary-to-decimal digits, ported from NumPy's dragon4.c with BigInt arithmetic.

/** A positive float as `mantissa · 2^exponent`, with what Dragon4 needs to know about its neighbours. */
interface BinaryFloat {
  mantissa: bigint;
  exponent: number;
  /** Index of the highest set bit of the mantissa. */
  mantissaBit: number;
  /** At a power of two the float below is twice as close as the float above. */
  unequalMargins: boolean;
}

/** Splits |x| into its IEEE fields (x is finite and already rounded to the dtype). */
function decompose(x: number, dtype: FloatDType): BinaryFloat {
  const view = new DataView(new ArrayBuffer(8));
  let fraction: bigint, biased: number, fractionBits: number, bias: number;
  if (dtype === 'float32') {
    view.setFloat32(0, x);
    const bits = view.getUint32(0);
    fraction = BigInt(bits & 0x7fffff);
    biased = (bits >>> 23) & 0xff;
    fractionBits = 23;
    bias = 127;
  } else {
    view.setFloat64(0, x);
    const bits = view.getBigUint64(0);
    fraction = bits & 0xfffffffffffffn;
    biased = Number((bits >> 52n) & 0x7ffn);
    fractionBits = 52;
    bias = 1023;
  }
  if (biased === 0) {
    // subnormal: no hidden bit, fixed smallest exponent
    return {
      mantissa: fraction,
      exponent: 1 - bias - fractionBits,
      mantissaBit: fraction === 0n ? 0 : fraction.toString(2).length - 1,
      unequalMargins: false,
    };
  }
  return {
    mantissa: fraction | (1n << BigInt(fractionBits)),
    exponent: biased - bias - fractionBits,
    mantissaBit: fractionBits,
    unequalMargins: fraction === 0n && biased > 1,
  };
}

/** Decimal digits `d.ddd × 10^exponent` (the exponent is that of the first digit). */
interface Digits {
  digits: string;
  exponent: number;
}

/**
 * The shortest digits that read back as the same float ("unique" mode), but no more than
 * `cutoffMax` and, if more are needed to reach `cutoffMin`, extra exact digits. The cutoffs count
 * digits in total (`total`) or after the decimal point (`fraction`); -1 means no cutoff.
 */
function dragon4(f: BinaryFloat, mode: 'total' | 'fraction', cutoffMax: number, cutoffMin: number): Digits {
  if (f.mantissa === 0n) return { digits: '0', exponent: 0 };
  // Ties between neighbours round to the even mantissa, so an even float owns its boundaries.
  const isEven = (f.mantissa & 1n) === 0n;

  // value = scaledValue / scale; the margins are half the gaps to the neighbouring floats. All
  // four are scaled by 4 · 2^-exponent so that they are integers.
  const up = f.exponent > 0 ? 1n << BigInt(f.exponent) : 1n;
  let scale = 4n << BigInt(Math.max(-f.exponent, 0));
  let scaledValue = 4n * f.mantissa * up;
  let marginHigh = 2n * up;
  let marginLow = f.unequalMargins ? up : 2n * up;

  // Estimate floor(log10(value)) + 1 from the binary exponent: correct or one too low.
  let digitExponent = Math.ceil((f.mantissaBit + f.exponent) * 0.3010299956639812 - 0.69);
  // A value below the fractional cutoff only needs its rounding digit.
  if (cutoffMax >= 0 && mode === 'fraction' && digitExponent <= -cutoffMax) {
    digitExponent = -cutoffMax + 1;
  }
  // Divide the value by 10^digitExponent.
  if (digitExponent > 0) {
    scale *= 10n ** BigInt(digitExponent);
  } else if (digitExponent < 0) {
    const pow10 = 10n ** BigInt(-digitExponent);
    scaledValue *= pow10;
    marginLow *= pow10;
    marginHigh *= pow10;
  }
  if (scaledValue >= scale) {
    digitExponent += 1; // the estimate was one too low
  } else {
    scaledValue *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }

  let cutoffMaxExponent = -Infinity;
  if (cutoffMax >= 0) cutoffMaxExponent = mode === 'total' ? digitExponent - cutoffMax : -cutoffMax;
  let cutoffMinExponent = digitExponent;
  if (cutoffMin >= 0) {
    cutoffMinExponent = Math.min(cutoffMinExponent, mode === 'total' ? digitExponent - cutoffMin : -cutoffMin);
  }
  let exponent = digitExponent - 1;

  // Emit digits until the remainder is within a margin of the value (any longer digit string would
  // also identify the float), or the cutoff is reached.
  const digits: number[] = [];
  let digit = 0;
  let low = false;
  let high = false;
  for (;;) {
    digitExponent -= 1;
    digit = Number(scaledValue / scale);
    scaledValue %= scale;
    low = isEven ? scaledValue <= marginLow : scaledValue < marginLow;
    high = isEven ? scaledValue + marginHigh >= scale : scaledValue + marginHigh > scale;
    if (((low || high) && digitExponent <= cutoffMinExponent) || digitExponent === cutoffMaxExponent) break;
    digits.push(digit);
    scaledValue *= 10n;
    marginLow *= 10n;
    marginHigh *= 10n;
  }

  // Round the last digit: down if only rounding down stays unique, up if only up does, and to the
  // nearest (ties to an even digit) when both or neither do.
  let roundDown = low;
  if (low === high) {
    const twice = 2n * scaledValue;
    roundDown = twice < scale || (twice === scale && digit % 2 === 0);
  }
  if (roundDown) {
    digits.push(digit);
  } else if (digit < 9) {
    digits.push(digit + 1);
  } else {
    // carry: drop trailing nines and bump the digit before them (999 becomes 1 at the next exponent)
    while (digits.length > 0 && digits[digits.length - 1] === 9) digits.pop();
    if (digits.length === 0) {
      digits.push(1);
      exponent += 1;
    } else {
      digits[digits.length - 1] += 1;
    }
  }
  return { digits: digits.join(''), exponent };
}

// ---------------------------------------------------------------------------------------------
// One float as a string: NumPy's format_float_positional / format_float_scientific.

/**
 * What happens to trailing zeros: `k` keeps them, `.` trims them but keeps the point (`2.`),
 * `0` leaves one zero (`2.0`), `-` trims the point too (`2`).
 */
type Trim = 'k' | '.' | '0' | '-';

interface FloatOptions {
  /** Most digits after the point (positional) or after the first digit (scientific); -1: all. */
  precision?: number;
  /** Fewest such digits: more exact digits are printed to reach it; -1: none. */
  minDigits?: number;
  trim: Trim;
  /** Pad with spaces to this many characters left of the point. */
  padLeft?: number;
  /** Pad with spaces to this many characters right of the point (positional only). */
  padRight?: number;
  /** Pad the exponent with zeros to this many digits (scientific only); -1 means 2. */
  expDigits?: number;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/** Shared last step: NumPy strips trailing zeros after rounding unless trim is 'k'. */
function trimFraction(fraction: string, trim: Trim, minDigits: number): string {
  if (trim === '0' && fraction === '') return '0';
  if (trim === 'k') return fraction.padEnd(Math.max(minDigits, 0), '0');
  const trimmed = fraction.replace(/0+$/, '');
  return trimmed === '' && trim === '0' ? '0' : trimmed;
}

/** `ddd.ddd`, like `np.format_float_positional(x, fractional=True)`. */
function formatPositional(x: number, dtype: FloatDType, options: FloatOptions): string {
  const { precision = -1, minDigits = -1, trim, padLeft = -1, padRight = -1 } = options;
  const sign = isNegative(x) ? '-' : '';
  const { digits, exponent } = dragon4(decompose(Math.abs(x), dtype), 'fraction', precision, minDigits);
  let whole: string, fraction: string;
  if (exponent >= 0) {
    whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    fraction = digits.slice(exponent + 1);
  } else {
    whole = '0';
    fraction = '0'.repeat(-exponent - 1) + digits;
  }
  fraction = trimFraction(fraction, trim, minDigits);
  let s = sign + whole + (trim === '-' && fraction === '' ? '' : '.') + fraction;
  if (padRight >= fraction.length) {
    s += (trim === '-' && fraction === '' ? ' ' : '') + ' '.repeat(padRight - fraction.length);
  }
  return ' '.repeat(Math.max(padLeft - whole.length - sign.length, 0)) + s;
}

/** `d.ddde±XX`, like `np.format_float_scientific(x)`. */
function formatScientific(x: number, dtype: FloatDType, options: FloatOptions): string {
  const { precision = -1, minDigits = -1, trim, padLeft = -1, expDigits = -1 } = options;
  const sign = isNegative(x) ? '-' : '';
  const { digits, exponent } = dragon4(
    decompose(Math.abs(x), dtype),
    'total',
    precision < 0 ? -1 : precision + 1,
    minDigits < 0 ? -1 : minDigits + 1,
  );
  const fraction = trimFraction(digits.slice(1), trim, minDigits);
  // NumPy writes the point whenever digits follow the first one, even if they are trimmed away.
  const point = digits.length > 1 || trim !== '-' ? '.' : '';
  const exponentDigits = String(Math.abs(exponent)).padStart(expDigits < 0 ? 2 : Math.min(expDigits, 5), '0');
  const s = sign + digits[0] + point + fraction + 'e' + (exponent < 0 ? '-' : '+') + exponentDigits;
  return ' '.repeat(Math.max(padLeft - 1 - sign.length, 0)) + s;
}

// ---------------------------------------------------------------------------------------------
// Scalars

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x < 0 ? '-inf' : 'inf';
}

/**
 * A float scalar as `str(np.float32(x))` / `repr(float(x))`: shortest digits, positional with at
 * least one fractional digit inside [1e-4, upper), else scientific without trailing zeros.
 */
function formatScalar(x: number, dtype: FloatDType): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  // NumPy 2 switches at 10^(decimal precision of the type): 1e6 for float32, 1e16 for float64
  // (the latter is also Python's rule for repr(float)).
  const upper = dtype === 'float32' ? 1e6 : 1e16;
  const size = Math.abs(x);
  // Here Python's repr and JavaScript's toString write the same digits (the fewest that read back
  // as x, the closest of them) positionally; only integral values differ ('1.0' / '1'). ~0.3 µs
  // against Dragon4's ~16: a training log formats the learning rate at every step.
  if (dtype === 'float64' && size >= 1e-4 && size < upper) {
    const text = String(x);
    return text.includes('.') ? text : `${text}.0`;
  }
  return size === 0 || (size >= 1e-4 && size < upper)
    ? formatPositional(x, dtype, { trim: '0' })
    : formatScientific(x, dtype, { trim: '-' });
}

/**
 * Shortest repr of a float32 value, as NumPy prints np.float32 scalars:
 * `1.0986104`, `0.34`, `1e-07`, `-0.0`, `nan`, `inf`. The argument is rounded to float32 first.
 */
export function formatFloat32(x: number): string {
  return formatScalar(Math.fround(x), 'float32');
}

/**
 * Shortest repr of a double, as Python's `repr(float)`: `2e-08`, `0.1`, `1.0`, `1e+16`,
 * `0.04975126853296942` (integral floats keep `.0`, exponents have at least two digits).
 */
export function formatFloat64(x: number): string {
  return formatScalar(x, 'float64');
}

/**
 * `x` with `digits` digits after the point, as Python's `f'{x:.3f}'` writes it (the book's training
 * logs): the exact binary value rounded half to even (`0.0625` → `0.062`, where JavaScript's
 * `toFixed` rounds ties up), `-0.000` for negative values that round to zero, and `nan`/`inf`.
 * A float32 value formats as its exact value, as NumPy hands it to Python's formatting.
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 20) throw new RangeError(`formatFixed: digits must be an integer from 0 to 20, got ${digits}.`);
  if (!Number.isFinite(x)) return nonFinite(x);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const size = Math.abs(x);
  if (size >= 1e21) return sign + BigInt(size).toString() + (digits ? '.' + '0'.repeat(digits) : '');
  let text = size.toFixed(digits); // exact, except that ties round up
  // Only a tie needs the exact digits below: then x · 10^digits ends in .5, exactly so below 2^52.
  const scaled = size * 10 ** digits;
  if (scaled < 2 ** 52 && scaled % 1 !== 0.5) return sign + text;
  // A tie's exact value ends in a 5 right after the kept digits; 100 digits show every tie in full.
  const exact = size.toFixed(100);
  const point = exact.indexOf('.');
  if (/^50*$/.test(exact.slice(point + 1 + digits))) {
    // Round half to even: keep the truncated digits when their last digit is even.
    const truncated = exact.slice(0, digits ? point + 1 + digits : point);
    const lastDigit = Number(truncated[truncated.length - 1]);
    if (lastDigit % 2 === 0) text = truncated;
  }
  return sign + text;
}

// ---------------------------------------------------------------------------------------------
// Arrays: NumPy's array2string with the default options.

/** Formats every element of one array the same width, as NumPy's FloatingFormat (floatmode 'maxprec'). */
class FloatFormat {
  private exponential = false;
  private precision = PRECISION;
  private minDigits = -1;
  private trim: Trim = '.';
  private padLeft = 0;
  private padRight = 0;
  private expSize = -1;

  /** `values` are the elements that will be shown (the corners of a summarised array). */
  constructor(
    values: readonly number[],
    private readonly dtype: FloatDType,
  ) {
    const finite = values.filter(Number.isFinite);
    const sizes = finite.filter((v) => v !== 0).map(Math.abs);
    if (sizes.length > 0) {
      const max = Math.max(...sizes);
      const min = Math.min(...sizes);
      // Scientific when the values are large, tiny, or span more than three decades. For float32
      // the limits and the ratio are float32 too (NEP 50), and large means 1e6 rather than 1e8.
      this.exponential =
        dtype === 'float32'
          ? max >= 1e6 || min < Math.fround(1e-4) || Math.fround(max / min) > 1000
          : max >= 1e8 || min < 1e-4 || max / min > 1000;
    }

    // Print every value once, shortest digits up to `precision`, to learn the widths.
    if (finite.length > 0 && this.exponential) {
      const parts = finite.map((x) => {
        const [mantissa, exponent] = formatScientific(x, dtype, { precision: PRECISION, trim: '.' }).split('e');
        const [whole, fraction] = mantissa.split('.');
        return { whole, fraction, exponent };
      });
      this.expSize = Math.max(...parts.map((p) => p.exponent.length)) - 1;
      // every element gets as many digits as the longest one needs, zero-padded: 1.5000000e-05
      this.precision = Math.max(...parts.map((p) => p.fraction.length));
      this.minDigits = this.precision;
      this.trim = 'k';
      this.padLeft = Math.max(...parts.map((p) => p.whole.length));
      this.padRight = this.expSize + 2 + this.precision;
    } else if (finite.length > 0) {
      const parts = finite.map((x) => formatPositional(x, dtype, { precision: PRECISION, trim: '.' }).split('.'));
      this.padLeft = Math.max(...parts.map(([whole]) => whole.length));
      this.padRight = Math.max(...parts.map(([, fraction]) => fraction.length));
      this.minDigits = 0;
    }

    // nan and inf are right-aligned in the same width, which they may widen
    if (finite.length < values.length) {
      const negativeInf = values.some((v) => v === -Infinity) ? 1 : 0;
      const offset = this.padRight + 1;
      this.padLeft = Math.max(this.padLeft, 3 - offset, 3 + negativeInf - offset);
    }
  }

  format(x: number): string {
    if (!Number.isFinite(x)) return nonFinite(x).padStart(this.padLeft + this.padRight + 1);
    const options = {
      precision: this.precision,
      minDigits: this.minDigits,
      trim: this.trim,
      padLeft: this.padLeft,
    };
    return this.exponential
      ? formatScientific(x, this.dtype, { ...options, expDigits: this.expSize })
      : formatPositional(x, this.dtype, { ...options, padRight: this.padRight });
  }
}

/** Integers right-aligned to the widest of the shown values, as NumPy's IntegerFormat. */
function integerFormat(values: readonly number[]): (x: number) => string {
  const text = (x: number) => (Number.isInteger(x) ? BigInt(x).toString() : String(x));
  const width = values.length === 0 ? 0 : Math.max(...values.map((v) => text(v).length));
  return (x) => text(x).padStart(width);
}

/** The dtype of a typed array; plain arrays print as float64, like Python floats in np.array. */
function inferDType(data: ArrayLike<number>): PrintDType {
  if (data instanceof Float32Array) return 'float32';
  if (
    data instanceof Int8Array || data instanceof Uint8Array || data instanceof Uint8ClampedArray ||
    data instanceof Int16Array || data instanceof Uint16Array || data instanceof Int32Array ||
    data instanceof Uint32Array
  ) {
    return 'int';
  }
  return 'float64';
}

/** The indices shown along one axis: all of them, or the first and last EDGE_ITEMS when summarising. */
function shownIndices(length: number, summarise: boolean): number[] {
  const all = Array.from({ length }, (_, i) => i);
  return summarise && length > 2 * EDGE_ITEMS ? [...all.slice(0, EDGE_ITEMS), ...all.slice(-EDGE_ITEMS)] : all;
}

/**
 * An array as NumPy's `str()` / `print()` shows it with the default print options, e.g.
 * `[0.  2.  3.3 0. ]` or `[[ 0.0000000e+00 ...]\n [-1.0475188e-04 ...]]`.
 * `data` is row-major with the given `shape` (any number of dimensions; `[]` is a scalar). The
 * dtype defaults to that of a typed array, else float64; float32 values are rounded with fround.
 */
export function formatArray(data: ArrayLike<number>, shape: readonly number[], dtype?: PrintDType): string {
  const type = dtype ?? inferDType(data);
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new RangeError(`formatArray: ${data.length} values do not fill shape [${shape.join(', ')}]`);
  }
  const value = (i: number) => (type === 'float32' ? Math.fround(data[i]) : data[i]);

  // A 0-d array prints as its scalar; an empty one as [].
  if (shape.length === 0) {
    return type === 'int' ? integerFormat([value(0)])(value(0)) : formatScalar(value(0), type);
  }
  if (size === 0) return '[]';

  // strides[k]: how far apart in `data` consecutive indices along axis k are
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const summarise = size > THRESHOLD;

  // Only the elements that will be shown decide the format (widths, scientific or not).
  let offsets = [0];
  shape.forEach((length, axis) => {
    const shown = shownIndices(length, summarise);
    offsets = offsets.flatMap((offset) => shown.map((i) => offset + i * strides[axis]));
  });
  const shownValues = offsets.map(value);
  let formatElement: (x: number) => string;
  if (type === 'int') {
    formatElement = integerFormat(shownValues);
  } else {
    const float = new FloatFormat(shownValues, type);
    formatElement = (x) => float.format(x);
  }

  // NumPy's _formatArray: each nesting level adds one space of indent and takes one character of
  // width for its closing bracket.
  function nest(axis: number, offset: number, indent: string, width: number): string {
    if (axis === shape.length) return formatElement(value(offset));
    const length = shape[axis];
    const child = (i: number) => nest(axis + 1, offset + i * strides[axis], indent + ' ', width - 1);
    const shown = shownIndices(length, summarise);
    const gapAfter = shown.length < length ? EDGE_ITEMS - 1 : -1;

    let s = '';
    if (axis === shape.length - 1) {
      // the innermost axis: elements separated by spaces, wrapped to the width
      let line = indent;
      const add = (word: string) => {
        // wrap unless the line holds nothing but the indent (wrapping would not help)
        if (line.length + word.length > width - 1 && line.length > indent.length) {
          s += line.trimEnd() + '\n';
          line = indent;
        }
        line += word;
      };
      shown.forEach((i, n) => {
        add(child(i));
        if (n < shown.length - 1) line += ' ';
        if (n === gapAfter) {
          add('...');
          line += ' ';
        }
      });
      s += line;
    } else {
      // outer axes: one sub-array per line, with a blank line between blocks of 3-D and up
      const separator = '\n'.repeat(shape.length - axis - 1);
      const rows = shown.map((i) => indent + child(i));
      if (gapAfter >= 0) rows.splice(gapAfter + 1, 0, indent + '...');
      s = rows.join(separator);
    }
    return '[' + s.slice(indent.length) + ']';
  }
  return nest(0, 0, ' ', LINE_WIDTH);
}
