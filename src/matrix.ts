/**
 * The matrix: scratchnet's stand-in for a 2-D NumPy array.
 *
 * A Matrix is `rows × cols` numbers stored row-major in one typed array. Its dtype is float32 (the
 * book's `nnfs.init()` default: `Float32Array` rounds every stored value, which is exactly what
 * NumPy's float32 arithmetic does after each operation) or float64 (plain NumPy, used by Part I and
 * by the book's dropout masks). Operations follow NumPy's rules, listed in BOOK-SEMANTICS.md:
 *
 * - an element-wise result is float64 if either operand is, else float32;
 * - a matrix product accumulates in float64 and rounds once; it is float64 only if both sides are;
 * - sums use NumPy's pairwise summation, rounded at every addition for float32.
 *
 * Element-wise callbacks receive and return plain JavaScript numbers (doubles). A callback that
 * does more than one arithmetic step on float32 values must round each step with `Math.fround`
 * itself, as NumPy would between two array operations.
 */
import { matmul, matmulTogether, sumColumnsFloat32, sumColumnsFloat64 } from './kernels.ts';
import { formatArray } from './format.ts';

/** The element type of a matrix. */
export type DType = 'float32' | 'float64';

/** The typed array behind a matrix. */
export type Storage = Float32Array | Float64Array;

/** Allocates `length` zeros of the given dtype. */
export function allocate(length: number, dtype: DType): Storage {
  return dtype === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** NumPy's type promotion for two arrays: float64 wins. */
export function promote(a: DType, b: DType): DType {
  return a === 'float64' || b === 'float64' ? 'float64' : 'float32';
}

/** Raised when two shapes do not fit together; the message names both. */
export class ShapeError extends Error {
  override name = 'ShapeError';
}

/** Rounds like the dtype does: float32 values go through `Math.fround`. */
export function roundTo(dtype: DType): (x: number) => number {
  return dtype === 'float32' ? Math.fround : (x: number) => x;
}

/** A 2-D array of numbers, row-major. */
export class Matrix {
  /** Number of rows (samples in a batch). */
  readonly rows: number;
  /** Number of columns (features, neurons or classes). */
  readonly cols: number;
  /** Element type: float32 under book semantics, float64 for plain NumPy. */
  readonly dtype: DType;
  /** The values, row-major: element (i, j) is `data[i * cols + j]`. */
  readonly data: Storage;

  /** Wraps `data` (not copied) or allocates zeros. */
  constructor(rows: number, cols: number, data?: Storage | DType) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new ShapeError(`A matrix needs non-negative integer dimensions, got (${rows}, ${cols}).`);
    }
    this.rows = rows;
    this.cols = cols;
    if (data === undefined || typeof data === 'string') {
      if (data !== undefined && data !== 'float32' && data !== 'float64') {
        throw new TypeError(`A matrix's dtype must be 'float32' or 'float64', got ${JSON.stringify(data)}.`);
      }
      this.dtype = data ?? 'float32';
      this.data = allocate(rows * cols, this.dtype);
    } else {
      if (!(data instanceof Float32Array || data instanceof Float64Array)) {
        throw new TypeError(`A matrix wraps a Float32Array or Float64Array, got ${Array.isArray(data) ? 'a plain array' : typeof data}; use Matrix.from([[...], [...]]) for nested arrays.`);
      }
      if (data.length !== rows * cols) {
        throw new ShapeError(`${data.length} values cannot fill a (${rows}, ${cols}) matrix: it needs ${rows * cols}.`);
      }
      this.dtype = data instanceof Float64Array ? 'float64' : 'float32';
      this.data = data;
    }
  }

  /** A matrix of zeros, like `np.zeros((rows, cols))`. */
  static zeros(rows: number, cols: number, dtype: DType = 'float32'): Matrix {
    return new Matrix(rows, cols, dtype);
  }

  /** A matrix from nested arrays, like `np.array([[...], [...]])`. All rows must have the same length. */
  static from(values: readonly (readonly number[])[], dtype: DType = 'float32'): Matrix {
    if (!Array.isArray(values) || !(values as unknown[]).every((row) => Array.isArray(row) || ArrayBuffer.isView(row))) {
      throw new TypeError('Matrix.from takes a list of rows, each a list of numbers: Matrix.from([[1, 2], [3, 4]]) (use Matrix.row for a single row).');
    }
    const rows = values.length;
    const cols = rows ? values[0]!.length : 0;
    const m = new Matrix(rows, cols, dtype);
    values.forEach((row, i) => {
      if (row.length !== cols) {
        throw new ShapeError(`Row ${i} has ${row.length} values but row 0 has ${cols}: every row needs the same length.`);
      }
      for (let j = 0; j < cols; j++) {
        const x: unknown = row[j];
        if (typeof x !== 'number') throw new TypeError(`Matrix.from: the value at row ${i}, column ${j} is ${JSON.stringify(x) ?? String(x)}, not a number.`);
      }
      m.data.set(row, i * cols);
    });
    return m;
  }

  /** A 1 × n matrix, the shape of a bias vector. */
  static row(values: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    const m = new Matrix(1, values.length, dtype);
    m.data.set(values);
    return m;
  }

  /** An n × 1 matrix (a column of targets, as in `y.reshape(-1, 1)`). */
  static column(values: ArrayLike<number>, dtype: DType = 'float32'): Matrix {
    const m = new Matrix(values.length, 1, dtype);
    m.data.set(values);
    return m;
  }

  /** `[rows, cols]`, as NumPy's `.shape`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** The shape written as NumPy writes it: `(300, 2)`. */
  get shapeText(): string {
    return `(${this.rows}, ${this.cols})`;
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    if (!this.holds(i, j)) this.outside('get', i, j);
    return this.data[i * this.cols + j]!;
  }

  /** Sets element (i, j), rounding to the dtype. */
  set(i: number, j: number, value: number): void {
    if (!this.holds(i, j)) this.outside('set', i, j);
    this.data[i * this.cols + j] = value;
  }

  /** Whether (i, j) is an element: whole numbers within the shape. */
  private holds(i: number, j: number): boolean {
    return i === (i | 0) && j === (j | 0) && i >= 0 && j >= 0 && i < this.rows && j < this.cols;
  }

  private outside(method: string, i: number, j: number): never {
    throw new RangeError(`Matrix.${method}: (${i}, ${j}) is not an element of a ${this.shapeText} matrix; rows go from 0 to ${this.rows - 1} and columns from 0 to ${this.cols - 1}.`);
  }

  /** Row i as a plain array. */
  rowValues(i: number): number[] {
    return Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
  }

  /** The values as nested arrays. */
  toArray(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => this.rowValues(i));
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  /** The same values in another dtype, like `.astype()`. */
  astype(dtype: DType): Matrix {
    const m = new Matrix(this.rows, this.cols, dtype);
    m.data.set(this.data);
    return m;
  }

  /** Rows `start` to `end` (exclusive), sharing no memory: `X[start:end]`. */
  sliceRows(start: number, end: number): Matrix {
    if (!Number.isInteger(start) || !Number.isInteger(end)) throw new TypeError(`sliceRows: start and end must be whole numbers, got ${start} and ${end}.`);
    const s = Math.max(0, Math.min(start, this.rows));
    const e = Math.max(s, Math.min(end, this.rows));
    return new Matrix(e - s, this.cols, this.data.slice(s * this.cols, e * this.cols));
  }

  /** The transpose, copied (`dot` can use a transpose without copying: see its options). */
  transpose(): Matrix {
    const t = new Matrix(this.cols, this.rows, this.dtype);
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) t.data[j * this.rows + i] = this.data[i * this.cols + j]!;
    }
    return t;
  }

  /** Applies `fn` to every element; the result keeps this dtype. */
  map(fn: (x: number, i: number, j: number) => number): Matrix {
    const out = new Matrix(this.rows, this.cols, this.dtype);
    const { data, cols } = this;
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < cols; j++) out.data[i * cols + j] = fn(data[i * cols + j]!, i, j);
    }
    return out;
  }

  /** Combines two matrices of the same shape element by element; the dtype is promoted as NumPy does. */
  zip(other: Matrix, fn: (a: number, b: number) => number): Matrix {
    if (!(other instanceof Matrix)) throw new TypeError(`zip: the other operand must be a Matrix, got ${Array.isArray(other) ? 'a plain array' : typeof other}.`);
    assertSameShape(this, other, 'combine element-wise');
    const out = new Matrix(this.rows, this.cols, promote(this.dtype, other.dtype));
    const a = this.data;
    const b = other.data;
    for (let k = 0; k < a.length; k++) out.data[k] = fn(a[k]!, b[k]!);
    return out;
  }

  /** Adds a 1 × cols row vector to every row (NumPy broadcasting of biases), rounding once. */
  addRow(vector: Matrix): Matrix {
    if (!(vector instanceof Matrix)) throw new TypeError(`addRow: the row vector must be a (1, ${this.cols}) Matrix, got ${Array.isArray(vector) ? 'a plain array' : typeof vector}; use Matrix.row(values).`);
    if (vector.rows !== 1 || vector.cols !== this.cols) {
      throw new ShapeError(`Cannot add a row vector of shape ${vector.shapeText} to every row of a ${this.shapeText} matrix: it needs shape (1, ${this.cols}).`);
    }
    const out = new Matrix(this.rows, this.cols, promote(this.dtype, vector.dtype));
    const { cols } = this;
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < cols; j++) out.data[i * cols + j] = this.data[i * cols + j]! + vector.data[j]!;
    }
    return out;
  }

  /** Limits every value to [lo, hi], like `np.clip`. */
  clip(lo: number, hi: number): Matrix {
    const round = roundTo(this.dtype);
    const l = round(lo);
    const h = round(hi);
    return this.map((x) => (x < l ? l : x > h ? h : x));
  }

  /** The largest value of each row, as a rows × 1 matrix (`np.max(x, axis=1, keepdims=True)`). */
  maxRows(): Matrix {
    const out = new Matrix(this.rows, 1, this.dtype);
    for (let i = 0; i < this.rows; i++) {
      let best = -Infinity;
      for (let j = 0; j < this.cols; j++) {
        const x = this.data[i * this.cols + j]!;
        if (x > best || Number.isNaN(x)) best = x;
        if (Number.isNaN(best)) break;
      }
      out.data[i] = best;
    }
    return out;
  }

  /** The index of the largest value in each row, the first on ties (`np.argmax(x, axis=1)`). */
  argmaxRows(): Int32Array {
    const out = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) {
      let best = 0;
      for (let j = 1; j < this.cols; j++) {
        if (this.data[i * this.cols + j]! > this.data[i * this.cols + best]!) best = j;
      }
      out[i] = best;
    }
    return out;
  }

  /** The sum of each row, pairwise as NumPy sums, as a rows × 1 matrix (`np.sum(x, axis=1, keepdims=True)`). */
  sumRows(): Matrix {
    const out = new Matrix(this.rows, 1, this.dtype);
    for (let i = 0; i < this.rows; i++) out.data[i] = pairwiseSum(this.data, i * this.cols, this.cols, this.dtype);
    return out;
  }

  /**
   * The sum of each column, as a 1 × cols matrix (`np.sum(x, axis=0, keepdims=True)`, every `dbiases`).
   * NumPy adds whole rows one after another here, except for a single column, which it sums pairwise.
   * With `out` (1 × cols, this dtype: a Model's kept matrix) the sums are written there.
   */
  sumColumns(out = new Matrix(1, this.cols, this.dtype)): Matrix {
    if (out.rows !== 1 || out.cols !== this.cols || out.dtype !== this.dtype) {
      throw new ShapeError(`sumColumns: out is (${out.rows}, ${out.cols}) ${out.dtype} but the column sums of ${this.shapeText} ${this.dtype} are (1, ${this.cols}) ${this.dtype}.`);
    }
    const acc = out.data;
    if (this.cols === 1) {
      acc[0] = pairwiseSum(this.data, 0, this.rows, this.dtype);
      return out;
    }
    if (this.data instanceof Float32Array && acc instanceof Float32Array) {
      sumColumnsFloat32(this.data, this.rows, this.cols, acc); // the same sums, four columns at a time
      return out;
    }
    if (this.data instanceof Float64Array && acc instanceof Float64Array) {
      sumColumnsFloat64(this.data, this.rows, this.cols, acc); // the same sums, two columns at a time
      return out;
    }
    for (let j = 0; j < this.cols; j++) acc[j] = -0;
    for (let i = 0; i < this.rows; i++) {
      for (let j = 0; j < this.cols; j++) acc[j] = acc[j]! + this.data[i * this.cols + j]!;
    }
    return out;
  }

  /** The sum of all elements, pairwise (`np.sum(x)`), rounded to the dtype. */
  sum(): number {
    return pairwiseSum(this.data, 0, this.data.length, this.dtype);
  }

  /** The mean of all elements (`np.mean(x)`): the pairwise sum divided by the count, rounded to the dtype. */
  mean(): number {
    if (this.data.length === 0) throw new ShapeError('Cannot take the mean of an empty matrix.');
    return roundTo(this.dtype)(this.sum() / this.data.length);
  }

  /** NumPy's printout of this matrix. */
  toString(): string {
    return formatArray(this.data, [this.rows, this.cols], this.dtype);
  }
}

/** Throws a ShapeError naming both shapes unless `a` and `b` have the same shape. */
export function assertSameShape(a: Matrix, b: Matrix, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`Cannot ${what} matrices of shapes ${a.shapeText} and ${b.shapeText}: they must have the same shape.`);
  }
}

/** Which sides of a product to read transposed. */
export interface DotOptions {
  /** Use aᵀ instead of a, without copying. */
  transposeA?: boolean;
  /** Use bᵀ instead of b, without copying. */
  transposeB?: boolean;
  /**
   * Write the product into this matrix (NumPy's `out=`) instead of a new one: it must have the
   * result's shape and dtype, and must not be a or b.
   */
  out?: Matrix;
}

/** The dtype of `dot(a, b)`: float64 only when both sides are (the book's `np.dot` rounds to float32 otherwise). */
export function productDType(a: Matrix, b: Matrix): DType {
  return a.dtype === 'float64' && b.dtype === 'float64' ? 'float64' : 'float32';
}

/**
 * The matrix product `a · b` (`np.dot`), with either side optionally read transposed.
 * Products accumulate in float64 and round once, as the book's `nnfs.init()` makes `np.dot` do.
 * The result is float64 only when both sides are.
 */
export function dot(a: Matrix, b: Matrix, options: DotOptions = {}): Matrix {
  const { out, m, k, n, ta, tb } = product(a, b, options, 'dot');
  matmul(a.data, b.data, out.data, m, k, n, ta, tb);
  return out;
}

/**
 * Independent products `dot(a, b, options)`, computed together: where the kernel runs them on two
 * threads, both threads share all of them at once (a layer's dweights and dinputs). The same results
 * as one `dot` after the other. No output may be an operand of any of them.
 */
export function dots(calls: readonly (readonly [Matrix, Matrix, DotOptions?])[]): Matrix[] {
  const products = calls.map(([a, b, options]) => ({ a, b, ...product(a, b, options ?? {}, 'dots') }));
  for (const { out } of products) {
    if (products.some(({ a, b }) => a === out || b === out)) {
      throw new Error('dots: an output is an operand of another product (they run at the same time); pass another matrix.');
    }
  }
  matmulTogether(products.map(({ a, b, out, m, k, n, ta, tb }) => ({ a: a.data, b: b.data, out: out.data, m, k, n, ta, tb })));
  return products.map(({ out }) => out);
}

/** Checks the operands of `a · b` and returns its output (given or new) and dimensions. */
function product(a: Matrix, b: Matrix, options: DotOptions, caller: string): { out: Matrix; m: number; k: number; n: number; ta: boolean; tb: boolean } {
  if (!(a instanceof Matrix) || !(b instanceof Matrix)) {
    const [side, value] = a instanceof Matrix ? ['second', b] : ['first', a];
    throw new TypeError(`${caller}: the ${side} operand must be a Matrix, got ${Array.isArray(value) ? 'a plain array' : typeof value}; wrap arrays with Matrix.from([[...], ...]).`);
  }
  const ta = options.transposeA ?? false;
  const tb = options.transposeB ?? false;
  const m = ta ? a.cols : a.rows;
  const k = ta ? a.rows : a.cols;
  const kb = tb ? b.cols : b.rows;
  const n = tb ? b.rows : b.cols;
  if (k !== kb) {
    const an = ta ? `the transpose of a ${a.shapeText} matrix, (${m}, ${k})` : `a ${a.shapeText} matrix`;
    const bn = tb ? `the transpose of a ${b.shapeText} matrix, (${kb}, ${n})` : `a ${b.shapeText} matrix`;
    throw new ShapeError(`Cannot multiply ${an} by ${bn}: the inner dimensions ${k} and ${kb} must be equal.`);
  }
  const dtype = productDType(a, b);
  const out = options.out ?? new Matrix(m, n, dtype);
  if (options.out) {
    if (!(out instanceof Matrix)) throw new TypeError(`${caller}: out must be a Matrix of shape (${m}, ${n}), got ${typeof out}.`);
    if (out.rows !== m || out.cols !== n || out.dtype !== dtype) {
      throw new ShapeError(`${caller}: out is a ${out.shapeText} ${out.dtype} matrix, but the product is (${m}, ${n}) ${dtype}; pass a matrix of that shape and dtype, or leave out out.`);
    }
    if (out === a || out === b) throw new Error(`${caller}: out must not be one of the operands (the product reads them while it writes out); pass another matrix.`);
  }
  return { out, m, k, n, ta, tb };
}

/**
 * NumPy's pairwise summation of `n` values starting at `offset`: exact to the last bit of its
 * float32 (or float64) result. Below 8 values it adds left to right; up to 128 it keeps eight
 * running sums; above that it splits the range in two at a multiple of 8 and recurses.
 */
export function pairwiseSum(data: ArrayLike<number>, offset: number, n: number, dtype: DType): number {
  const r = roundTo(dtype);
  if (n < 8) {
    let s = -0;
    for (let i = 0; i < n; i++) s = r(s + data[offset + i]!);
    return s;
  }
  if (n <= 128) {
    const acc = new Array<number>(8);
    for (let k = 0; k < 8; k++) acc[k] = data[offset + k]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let k = 0; k < 8; k++) acc[k] = r(acc[k]! + data[offset + i + k]!);
    }
    let s = r(r(r(acc[0]! + acc[1]!) + r(acc[2]! + acc[3]!)) + r(r(acc[4]! + acc[5]!) + r(acc[6]! + acc[7]!)));
    for (; i < n; i++) s = r(s + data[offset + i]!);
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return r(pairwiseSum(data, offset, n2, dtype) + pairwiseSum(data, offset + n2, n - n2, dtype));
}
