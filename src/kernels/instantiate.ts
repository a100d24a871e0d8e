/** Compiles a WebAssembly module shipped as base64; null where WebAssembly (or its SIMD) is unavailable. */
export function instantiate<Exports>(base64: string): Exports | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as Exports;
  } catch {
    return null;
  }
}
