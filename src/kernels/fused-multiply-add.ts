/**
 * Whether the products may run their fused twins (scripts/fuse-multiply-add.ts): one relaxed-SIMD
 * fused multiply-add per two terms instead of a multiply and an add, about 12% more training
 * throughput on the MLP. The twin gives the same bits as the plain kernel for float32 operands
 * (their products are exact in float64), so the callers use it only for those.
 *
 * Relaxed SIMD is on by default in V8 11.4+ (Node 22, current browsers). Node 20's V8 (11.3) has it
 * behind a flag that can be turned on while running: it only lets modules use the new instructions,
 * so turning it on changes nothing else. Set SCRATCHNET_FMA=0 (or call `setFusedMultiplyAdd(false)`)
 * to keep the plain kernels, e.g. to measure the difference.
 */

/** The smallest module using f64x2.relaxed_madd: (func (param v128 v128 v128) (result v128) ...). */
const PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b, // type: (v128 v128 v128) → v128
  0x03, 0x02, 0x01, 0x00, // one function of that type
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x87, 0x02, 0x0b, // local.get ×3, f64x2.relaxed_madd, end
]);

let available: boolean | undefined;
let wanted = readSetting();

function readSetting(): boolean {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  return env?.SCRATCHNET_FMA !== '0';
}

function detect(): boolean {
  try {
    if (WebAssembly.validate(PROBE)) return true;
    // Node 20: turn V8's flag on (process.getBuiltinModule finds node:v8 at run time, so bundles for
    // the browser import nothing of Node), then ask again.
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
    const v8 = getBuiltin?.('node:v8') as { setFlagsFromString(flags: string): void } | undefined;
    if (!v8) return false;
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
    return WebAssembly.validate(PROBE);
  } catch {
    return false;
  }
}

/** Whether this engine runs relaxed SIMD (on Node 20, after turning its flag on). */
export function relaxedSimd(): boolean {
  available ??= detect();
  return available;
}

/** Whether the fused twins are used (for float32 operands): available here, and not switched off. */
export function fusedMultiplyAdd(): boolean {
  return wanted && relaxedSimd();
}

/** Switches the fused twins off (false) or back on where available; the results are the same bits either way. */
export function setFusedMultiplyAdd(on: boolean): void {
  wanted = on;
}
