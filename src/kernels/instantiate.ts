/** Compiles a WebAssembly module shipped as base64; null where WebAssembly (or its SIMD) is unavailable. */
export function instantiate<Exports>(base64: string): Exports | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    return null;
  }
}

/**
 * Room in a module's memory for regions of these many bytes, one after another from address 0,
 * each starting on a multiple of `align`: their addresses. Grows the memory when it is too small.
 */
export function reserve(memory: WebAssembly.Memory, sizes: readonly number[], align = 16): number[] {
  const at: number[] = [];
  let top = 0;
  for (const size of sizes) {
    at.push(top);
    top += Math.ceil(size / align) * align;
  }
  const grow = Math.ceil((top - memory.buffer.byteLength) / 65536);
  if (grow > 0) memory.grow(grow);
  return at;
}

/** Copies a typed array's bytes to address `at` of a module's memory. */
export function copyIn(memory: ArrayBufferLike, at: number, x: Float32Array | Float64Array): void {
  new Uint8Array(memory, at, x.byteLength).set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
}
