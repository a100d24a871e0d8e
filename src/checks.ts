/**
 * Input checks shared by every public function. A wrong argument should fail at once, where it was
 * passed, with a message that says what was wrong and what to give instead, rather than deep inside a
 * loop as "Cannot read properties of undefined" or, worse, as a NaN loss a thousand steps later.
 *
 * The errors are JavaScript's own where they fit: a `TypeError` for a value of the wrong kind (a plain
 * array where a Matrix is expected, a string where a number is), a `RangeError` for a number out of its
 * range (a negative learning rate, a label past the last class, NaN in the data), and `ShapeError` for
 * shapes that do not fit together. The checks are cheap: O(1), except the scans of data and labels,
 * which run once per call of `train`, `evaluate` or `predict`, never per element per step.
 */
import { Matrix, ShapeError, type DType } from './matrix.ts';
import { RandomState } from './random.ts';

/** What a value is, for a message: `a plain array of 3 values`, `the string "10"`, `a (3, 2) Matrix`, `NaN`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 27)}...` : value)}`;
  if (typeof value === 'function') return 'a function';
  if (typeof value !== 'object') return typeof value;
  if (value instanceof Matrix) return `a ${value.shapeText} Matrix`;
  if (Array.isArray(value)) return `a plain array of ${value.length} value${value.length === 1 ? '' : 's'}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as unknown as ArrayLike<number>).length}`;
  const name = value.constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}

/** Throws a TypeError unless `value` is a Matrix; `what` names it (e.g. `Dense.forward: inputs`). */
export function assertMatrix(value: unknown, what: string): asserts value is Matrix {
  if (value instanceof Matrix) return;
  const hint = Array.isArray(value) || ArrayBuffer.isView(value)
    ? ' Wrap the numbers first: Matrix.from([[...], [...]]) for rows of numbers, Matrix.row(values) or Matrix.column(values) for one row or column.'
    : '';
  throw new TypeError(`${what} must be a Matrix, got ${describe(value)}.${hint}`);
}

/** Throws a ShapeError if the matrix has no rows (no samples) or no columns. */
export function assertNotEmpty(m: Matrix, what: string): void {
  if (m.rows === 0 || m.cols === 0) {
    throw new ShapeError(`${what} has shape ${m.shapeText}, so it holds no ${m.rows === 0 ? 'samples' : 'features'}; give at least one row and one column.`);
  }
}

/**
 * Throws a RangeError naming the first NaN or ±Infinity in the matrix and where it is. One pass over
 * the data: call it once per `train`/`evaluate`/`predict`, not per step.
 */
export function assertFinite(m: Matrix, what: string): void {
  const data = m.data;
  // x · 0 is ±0 for every finite x and NaN for NaN and ±Infinity, so the sum is 0 only if all are
  // finite: one pass without a branch (three times faster than testing each value).
  let sum = 0;
  for (let k = 0, n = data.length; k < n; k++) sum += data[k]! * 0;
  if (sum === 0) return;
  const k = data.findIndex((v) => !Number.isFinite(v));
  const row = Math.floor(k / m.cols);
  throw new RangeError(
    `${what} holds ${data[k]} at row ${row}, column ${k - row * m.cols}; every value must be a finite number. ` +
      'Remove or fill in the missing values, and scale very large values, before training.',
  );
}

/**
 * Throws unless `labels` are class indices: a list (an Int32Array or an array of numbers) with one
 * whole number per sample, each from 0 to `classes − 1` (or just ≥ 0 when `classes` is unknown).
 */
export function assertLabels(labels: unknown, samples: number, classes: number | undefined, what: string): asserts labels is ArrayLike<number> {
  if (labels === null || typeof labels !== 'object' || typeof (labels as ArrayLike<number>).length !== 'number') {
    throw new TypeError(`${what}: the labels must be class indices, one per sample (an Int32Array or an array of whole numbers), or a Matrix of targets; got ${describe(labels)}.`);
  }
  const y = labels as ArrayLike<number>;
  if (y.length !== samples) {
    throw new ShapeError(`${what}: ${samples} sample${samples === 1 ? '' : 's'} but ${y.length} label${y.length === 1 ? '' : 's'}; give exactly one label per sample.`);
  }
  for (let i = 0; i < y.length; i++) {
    const c = y[i];
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0 || (classes !== undefined && c >= classes)) {
      const range = classes === undefined ? 'whole numbers >= 0' : `whole numbers from 0 to ${classes - 1} (there are ${classes} outputs, one per class)`;
      throw new RangeError(`${what}: label ${describe(c)} of sample ${i} is out of range; labels must be ${range}.`);
    }
  }
}

/** The limits of `assertNumber`: `min`/`max` are inclusive unless the `…Exclusive` flag is set. */
export interface NumberRange {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /** Only whole numbers. */
  integer?: boolean;
}

/** Throws unless `value` is a finite number (a whole number if `range.integer`) within `range`; returns it. */
export function assertNumber(value: unknown, name: string, owner: string, range: NumberRange = {}): number {
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = range;
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (ok) return value;
  let limits = '';
  if (min !== undefined && max !== undefined) limits = ` in ${minExclusive ? '(' : '['}${min}, ${max}${maxExclusive ? ')' : ']'}`;
  else if (min !== undefined) limits = ` ${minExclusive ? '>' : '>='} ${min}`;
  else if (max !== undefined) limits = ` ${maxExclusive ? '<' : '<='} ${max}`;
  // "in [0, 1)" already says it is a number; a bare bound needs the noun.
  const kind = integer ? 'a whole number' : min !== undefined && max !== undefined ? '' : 'a finite number';
  const error = typeof value === 'number' ? RangeError : TypeError;
  throw new error(`${owner}: ${name} must be ${kind}${kind ? limits : limits.trimStart()}, got ${describe(value)}.`);
}

/** Throws unless `value` is a whole number >= 1; returns it. */
export function assertPositiveInteger(value: unknown, name: string, owner: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  const error = typeof value === 'number' ? RangeError : TypeError;
  throw new error(`${owner}: ${name} must be a positive integer (1, 2, 3, ...), got ${describe(value)}.`);
}

/** Throws a TypeError unless `value` is a RandomState (the generator of the weights, masks and data). */
export function assertRandom(value: unknown, owner: string): asserts value is RandomState {
  if (value instanceof RandomState) return;
  throw new TypeError(`${owner}: random must be a RandomState, got ${describe(value)}; pass { random: new RandomState(0) } (the book's nnfs.init()).`);
}

/** Throws a TypeError unless `value` is 'float32' or 'float64'. */
export function assertDType(value: unknown, owner: string): asserts value is DType {
  if (value === 'float32' || value === 'float64') return;
  throw new TypeError(`${owner}: dtype must be 'float32' (the book's default) or 'float64', got ${describe(value)}.`);
}

/**
 * Throws a TypeError if `options` is not an object, or has a key not in `known`: a misspelt option
 * would otherwise be ignored without a word. The message suggests the intended name when it is close
 * (the book's `batch_size` → `batchSize`, `learningrate` → `learningRate`).
 */
export function assertOptions(options: unknown, known: readonly string[], owner: string): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${owner}: the options must be an object such as { ${known[0]}: … }, got ${describe(options)}.`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    const hint = guess ? `did you mean ${guess}? ` : '';
    throw new TypeError(`${owner}: unknown option "${key}"; ${hint}The options are ${known.join(', ')}.`);
  }
}

/** The known name closest to `key` (snake_case and case ignored, then at most 2 edits), if any. */
function closest(key: string, known: readonly string[]): string | undefined {
  const plain = (s: string) => s.replace(/_/g, '').toLowerCase();
  const exact = known.find((k) => plain(k) === plain(key));
  if (exact) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(plain(key), plain(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions that turn a into b. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The checks of the generated data sets (spiral, vertical): points per class, classes, the generator and the dtype. */
export function assertDataSetOptions(what: string, samples: unknown, classes: unknown, random: unknown, dtype: unknown): void {
  assertPositiveInteger(samples, 'samples (points per class)', what);
  assertPositiveInteger(classes, 'classes', what);
  assertRandom(random, what);
  assertDType(dtype, what);
}
