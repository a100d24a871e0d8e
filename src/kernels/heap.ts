/**
 * One WebAssembly memory for every kernel module (products, element-wise, random) and for the
 * matrices a Model keeps between training steps (src/buffers.ts).
 *
 * Why: a kernel can only read its module's memory. With a memory per module, every call copied its
 * operands in and its results out, and in chapter 18 (3,000 × 512 activations in float64) that
 * copying took about a third of each epoch. When the kept matrices live in the kernels' memory
 * themselves, a kernel reads and writes them where they are; any other array is still copied, into
 * scratch space (`scratch`), so every array works, only the kept ones faster.
 *
 * Matrices can only live here where the memory is shared (SharedArrayBuffer: Node, or a
 * cross-origin isolated page): growing an unshared memory detaches every array that views it. An
 * unshared memory still serves all kernels, with copies, as before.
 *
 * Copying into a shared memory is slower, though (V8 copies word by word, so that other threads
 * never see torn values: 400 KB take ~40 µs instead of ~18 µs here). So a kernel call whose arrays
 * are all ordinary ones runs in a second, private and unshared memory instead (`spaceFor`), where
 * the copies are plain ones: the book-style training loops and one-sample inference, which keep no
 * matrices, copy as fast as before.
 */
import { fusedMultiplyAdd } from './fused-multiply-add.ts';

type NumericArray = Float32Array | Float64Array;

/** 64 KB pages at the start, and at most (4 GB, all a 32-bit address reaches). */
const INITIAL_PAGES = 16;
const MAX_PAGES = 65536;
/** Every region starts on a cache line. */
const ALIGN = 64;
/** The first bytes belong to the products' second thread: its control words and table of units (matmul-threads.ts). */
export const THREADS_BYTES = 1024 + 4096 * 64;

interface Heap {
  memory: WebAssembly.Memory;
  /** Whether arrays on it stay valid when it grows (a shared memory). */
  shared: boolean;
  /** Every ArrayBuffer the memory has shown: an array on any of them is in the heap. */
  buffers: WeakSet<ArrayBufferLike>;
  /** The end of the regions handed out so far. */
  top: number;
  /** Regions given back, by size in bytes. */
  free: Map<number, number[]>;
  /** The scratch region for copied operands, and its size. */
  scratchAt: number;
  scratchSize: number;
}

let heap: Heap | null | undefined;

function create(): Heap | null {
  // Shared where the platform allows it (some refuse a shared memory even with SharedArrayBuffer).
  for (const shared of typeof SharedArrayBuffer === 'undefined' ? [false] : [true, false]) {
    try {
      const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES, shared } as WebAssembly.MemoryDescriptor);
      const h: Heap = { memory, shared, buffers: new WeakSet(), top: THREADS_BYTES, free: new Map(), scratchAt: 0, scratchSize: 0 };
      h.buffers.add(memory.buffer);
      return h;
    } catch {
      // try the next kind
    }
  }
  return null;
}

function get(): Heap | null {
  if (heap === undefined) heap = create();
  return heap;
}

/** The kernels' memory, or null where WebAssembly is unavailable. */
export function kernelMemory(): WebAssembly.Memory | null {
  return get()?.memory ?? null;
}

/**
 * A kernel module shipped as base64, compiled to run on the kernels' memory (its own memory section
 * replaced by an import of it), with that memory; null where WebAssembly, its SIMD or the memory
 * is unavailable.
 */
export function heapModule(base64: string): { module: WebAssembly.Module; memory: WebAssembly.Memory; shared: boolean } | null {
  const h = get();
  if (!h) return null;
  try {
    return { module: compile(base64, h.shared), memory: h.memory, shared: h.shared };
  } catch {
    return null;
  }
}

function compile(base64: string, shared: boolean): WebAssembly.Module {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new WebAssembly.Module(withImportedMemory(bytes, INITIAL_PAGES, MAX_PAGES, shared));
}

/**
 * Where a kernel call runs: the kernels' memory (when one of its arrays lives there) or the private
 * one (see the top of this file).
 */
export interface Space {
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is shared (then so is the import each module declares for it). */
  readonly shared: boolean;
  /** An array's byte address in this memory, or -1: then it is copied into scratch space. */
  address(x: NumericArray): number;
  /**
   * Addresses of regions of these many bytes (each on a cache line) for copies and temporaries,
   * valid until the next call; null if the memory cannot hold them.
   */
  scratch(sizes: readonly number[]): number[] | null;
  /** The memory's bytes now, to read or write at an address (views made before `scratch` may be stale). */
  bytes(): ArrayBufferLike;
}

const heapSpace: Space = {
  get memory() {
    return get()!.memory;
  },
  get shared() {
    return get()!.shared;
  },
  address: (x) => heapAddress(x),
  scratch: (sizes) => scratch(sizes),
  bytes: () => heapBytes(),
};

let privateMemory: WebAssembly.Memory | null | undefined;

/** Where the private memory's regions start. */
const PRIVATE_START = 256;

const privateSpace: Space = {
  get memory() {
    return privateMemory!;
  },
  shared: false,
  address: () => -1,
  // Nothing stays in it between calls, so each call's regions start at the same address: not 0,
  // since kernels address some operands from 128 bytes below (longer encodings, matmul.wat).
  scratch(sizes) {
    const lengths = sizes.map((size) => Math.ceil(size / ALIGN) * ALIGN);
    const total = PRIVATE_START + lengths.reduce((sum, size) => sum + size, 0);
    const missing = total - privateMemory!.buffer.byteLength;
    if (missing > 0) {
      try {
        privateMemory!.grow(Math.ceil(missing / 65536));
      } catch {
        return null;
      }
    }
    let at = PRIVATE_START;
    return lengths.map((size) => ((at += size), at - size));
  },
  bytes: () => privateMemory!.buffer,
};

/**
 * The space for a kernel call on these arrays: the kernels' memory if the bytes of those living
 * there are at least half of the others' (or if that memory is unshared anyway), else the private
 * one. (A Dense layer's weights live there: a book-style loop's call on its large ordinary
 * activations and a small weight matrix then copies the weights, not the activations, and plainly.)
 * Null where WebAssembly is unavailable.
 */
export function spaceFor(arrays: readonly NumericArray[]): Space | null {
  const h = get();
  if (!h) return null;
  if (!h.shared) return heapSpace;
  let inHeap = 0;
  let outside = 0;
  for (const x of arrays) {
    if (heapAddress(x) >= 0) inHeap += x.byteLength;
    else outside += x.byteLength;
  }
  if (inHeap > 0 && outside <= 2 * inHeap) return heapSpace;
  if (privateMemory === undefined) {
    try {
      privateMemory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAX_PAGES });
    } catch {
      privateMemory = null;
    }
  }
  return privateMemory ? privateSpace : heapSpace;
}

/**
 * A kernel module, instantiated on each space's memory the first time it runs there; with its fused
 * twin (fused-multiply-add.ts), when it has one, for calls that ask for it where it is available.
 */
export class KernelModule<Exports> {
  /** Instances of the plain module [0] and of the fused twin [1], by space. */
  private readonly instances = [new Map<Space, Exports | null>(), new Map<Space, Exports | null>()] as const;

  constructor(private readonly base64: string, private readonly fusedBase64?: string) {}

  /** The module's exports on the space's memory (the fused twin's if `fused` and available); null where WebAssembly or its SIMD is unavailable. */
  on(space: Space, fused = false): Exports | null {
    const twin = fused && this.fusedBase64 !== undefined && fusedMultiplyAdd();
    const base64 = twin ? this.fusedBase64! : this.base64;
    const instances = this.instances[twin ? 1 : 0];
    let exports = instances.get(space);
    if (exports === undefined) {
      try {
        const instance = new WebAssembly.Instance(compile(base64, space.shared), { env: { memory: space.memory } });
        exports = instance.exports as unknown as Exports;
      } catch {
        exports = null;
      }
      instances.set(space, exports);
    }
    return exports;
  }
}

/** A region of `bytes` bytes: one given back of that size, else a new one at the top (growing the memory). -1 if it cannot grow. */
function claim(h: Heap, bytes: number): number {
  const size = Math.ceil(bytes / ALIGN) * ALIGN;
  const reused = h.free.get(size)?.pop();
  if (reused !== undefined) return reused;
  const at = h.top;
  const missing = at + size - h.memory.buffer.byteLength;
  if (missing > 0) {
    try {
      h.memory.grow(Math.ceil(missing / 65536));
    } catch {
      return -1;
    }
    h.buffers.add(h.memory.buffer);
  }
  h.top = at + size;
  return at;
}

function release(h: Heap, at: number, bytes: number): void {
  const size = Math.ceil(bytes / ALIGN) * ALIGN;
  const list = h.free.get(size);
  if (list) list.push(at);
  else h.free.set(size, [at]);
}

/** Regions of arrays handed out by `heapArray`, given back when the array is garbage-collected. */
const collected = new FinalizationRegistry<{ at: number; bytes: number }>(({ at, bytes }) => {
  if (heap) release(heap, at, bytes);
});

/**
 * A zeroed array of `length` elements in the kernels' memory, so kernels use it in place; null where
 * the memory is not shared (or full): then the caller makes an ordinary array. Its region is reused
 * once the array is garbage-collected (so a `subarray` of it must not be kept longer than the
 * array itself; scratchnet keeps none). It is padded to whole cache lines, so a kernel that works two
 * or four elements at a time may write past its last element.
 */
export function heapArray(length: number, dtype: 'float32' | 'float64'): NumericArray | null {
  const h = get();
  if (!h?.shared) return null;
  const size = dtype === 'float32' ? 4 : 8;
  const bytes = length * size + 16;
  const at = claim(h, bytes);
  if (at < 0) return null;
  const array = dtype === 'float32' ? new Float32Array(h.memory.buffer, at, length) : new Float64Array(h.memory.buffer, at, length);
  array.fill(0);
  collected.register(array, { at, bytes });
  return array;
}

/** The byte address of x in the kernels' memory, or -1 when x is an ordinary array. */
export function heapAddress(x: NumericArray): number {
  return heap && heap.buffers.has(x.buffer) ? x.byteOffset : -1;
}

/**
 * Addresses of regions of these many bytes (each on a cache line) in the scratch space, valid until
 * the next call; null if the memory cannot hold them.
 */
export function scratch(sizes: readonly number[]): number[] | null {
  const h = get();
  if (!h) return null;
  const lengths = sizes.map((s) => Math.ceil(s / ALIGN) * ALIGN);
  const total = lengths.reduce((sum, s) => sum + s, 0);
  if (total > h.scratchSize) {
    if (h.scratchSize) release(h, h.scratchAt, h.scratchSize);
    // Room to spare, so a slightly larger call next time does not move it again.
    const size = Math.ceil((total * 1.25) / ALIGN) * ALIGN;
    const at = claim(h, size);
    if (at < 0) {
      h.scratchSize = 0;
      return null;
    }
    h.scratchAt = at;
    h.scratchSize = size;
  }
  let at = h.scratchAt;
  return lengths.map((s) => ((at += s), at - s));
}

/** The memory's current bytes, to read or write at an address (create views after `scratch`, which may grow it). */
export function heapBytes(): ArrayBufferLike {
  return get()!.memory.buffer;
}

/**
 * Where a kernel call finds its arrays, in the space `spaceFor` picks for them: arrays in its memory
 * in place, others copied into scratch space (inputs before the call, outputs back by `done`). An
 * array that is both an input and an output (updated in place) has one place. Null if they do not
 * fit (or WebAssembly is unavailable).
 */
export function operands(inputs: readonly NumericArray[], outputs: readonly NumericArray[]): { space: Space; at: number[]; done(): void } | null {
  const own = outputs.filter((x) => !inputs.includes(x));
  const all = [...inputs, ...own];
  const space = spaceFor(all);
  if (!space) return null;
  const placed = all.map((x) => space.address(x));
  const copied = all.filter((_, i) => placed[i]! < 0);
  const room = space.scratch(copied.map((x) => x.byteLength));
  if (!room) return null;
  let next = 0;
  const at = placed.map((address) => (address >= 0 ? address : room[next++]!));
  const bytes = space.bytes();
  inputs.forEach((x, i) => {
    if (placed[i]! < 0) copyIn(bytes, at[i]!, x);
  });
  const where = outputs.map((x) => all.indexOf(x));
  return {
    space,
    at: [...inputs.map((_, i) => at[i]!), ...where.map((i) => at[i]!)],
    done() {
      const after = space.bytes();
      outputs.forEach((x, o) => {
        const i = where[o]!;
        if (placed[i]! < 0) new Uint8Array(x.buffer, x.byteOffset, x.byteLength).set(new Uint8Array(after, at[i]!, x.byteLength));
      });
    },
  };
}

/** Copies a typed array's bytes to address `at` of a memory. */
export function copyIn(memory: ArrayBufferLike, at: number, x: NumericArray): void {
  new Uint8Array(memory, at, x.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}

/**
 * The same module with its memory imported (`(import "env" "memory" (memory min max [shared]))`)
 * instead of defined: the memory section is dropped and an import section put after the type
 * section. Function, memory and export indices do not change (the module imports nothing else).
 */
export function withImportedMemory(bytes: Uint8Array, minPages: number, maxPages: number, shared: boolean): Uint8Array<ArrayBuffer> {
  const leb = (n: number): number[] => {
    const out: number[] = [];
    do {
      let b = n & 0x7f;
      n >>>= 7;
      if (n) b |= 0x80;
      out.push(b);
    } while (n);
    return out;
  };
  const text = (s: string): number[] => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
  const entry = [1, ...text('env'), ...text('memory'), 0x02, shared ? 0x03 : 0x01, ...leb(minPages), ...leb(maxPages)];
  const importSection = [0x02, ...leb(entry.length), ...entry];
  const out: number[] = Array.from(bytes.subarray(0, 8)); // magic and version
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    let size = 0;
    let shift = 0;
    let p = at + 1;
    for (;;) {
      const b = bytes[p++]!;
      size |= (b & 0x7f) << shift;
      shift += 7;
      if (!(b & 0x80)) break;
    }
    const end = p + size;
    if (id === 2) throw new Error('withImportedMemory: the module already imports something');
    if (id !== 5) out.push(...bytes.subarray(at, end));
    if (id === 1) out.push(...importSection);
    at = end;
  }
  return Uint8Array.from(out);
}
