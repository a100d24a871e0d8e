/**
 * Matrices a layer writes afresh at every training step, kept from one step to the next.
 *
 * Why: a new large array is cheap to ask for but slow to fill the first time, because the operating
 * system maps its pages in as they are first written. On these machines a fresh 12 MB array (the
 * 3,000 × 512 float64 activations of chapter 18) takes ~7 ms to fill the first time and ~1.5 ms
 * after that: more than the arithmetic done in it.
 *
 * Reuse is off unless the owner turns it on: then a layer's forward pass (while training) and its
 * backward pass return the same matrices as last time, overwritten. A Model turns it on for its
 * layers, since it reads each step's results before the next step. Anyone calling a layer directly
 * gets fresh matrices every time, as NumPy gives fresh arrays.
 *
 * Kept matrices live in the kernels' WebAssembly memory where it is shared (src/kernels/heap.ts), so
 * the kernels work on them in place instead of copying them in and out at every call.
 */
import { Matrix, type DType } from './matrix.ts';
import { heapArray } from './kernels/heap.ts';

/** A layer's kept matrices, by what they hold. */
export class Buffers {
  /** Whether matrices are kept and handed out again. */
  reuse = false;
  /** The kept matrices, by use, shape and dtype. */
  private readonly kept = new Map<string, Matrix>();

  /**
   * A rows × cols matrix of `dtype` for `use` (e.g. 'output'), to be overwritten entirely: when
   * reuse is on, the one handed out last time for that use, shape and dtype (an epoch's last,
   * smaller batch keeps its own), else a new one.
   */
  matrix(use: string, rows: number, cols: number, dtype: DType): Matrix {
    if (!this.reuse) return new Matrix(rows, cols, dtype);
    const key = `${use} ${rows}×${cols} ${dtype}`;
    let kept = this.kept.get(key);
    if (!kept) this.kept.set(key, (kept = heapMatrix(rows, cols, dtype)));
    return kept;
  }

  /** Turns reuse on or off; off also lets go of the kept matrices. */
  setReuse(on: boolean): void {
    this.reuse = on;
    if (!on) this.kept.clear();
  }
}

/**
 * A zeroed rows × cols matrix in the kernels' memory where it is shared (else an ordinary one), so
 * kernels use it in place: for the matrices that live as long as a layer or an optimizer and are
 * worked on at every step (parameters, Adam's averages, kept results).
 *
 * Such a matrix's `data` is a view into the kernels' memory, not an array of its own:
 * `data.buffer` is that whole memory (a SharedArrayBuffer) and `data.byteOffset` is not 0, so code
 * reading its bytes must go through `new Uint8Array(data.buffer, data.byteOffset, data.byteLength)`
 * (as the safetensors writer does); and a `subarray` of it must not be kept longer than the matrix,
 * whose region is reused once it is garbage-collected (heap.ts).
 */
export function heapMatrix(rows: number, cols: number, dtype: DType): Matrix {
  return new Matrix(rows, cols, heapArray(rows * cols, dtype) ?? dtype);
}
