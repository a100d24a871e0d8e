/**
 * The safetensors format (Hugging Face's): how scratchnet stores weights.
 *
 * A file is three parts: 8 bytes giving the header's length N (unsigned, little-endian), N bytes of
 * JSON header, then the raw numbers. The header maps each tensor's name to its element type, its
 * shape and the byte range of its data, and may hold string metadata under `__metadata__`:
 *
 *     {"__metadata__":{"format":"scratchnet"},
 *      "layers.0.weights":{"dtype":"F32","shape":[2,64],"data_offsets":[0,512]}, ...}
 *
 * The data is little-endian and row-major, exactly the bytes of our Float32Arrays. Unlike Python's
 * pickle (the book's chapter 21), reading such a file never runs code from it; and unlike a naive
 * reader, ours checks every number in the header against the bytes actually present before using
 * it, so a damaged or hostile file gets a ModelFileError, never a crash, a hang or a huge allocation.
 * Pure functions on bytes: browser-safe.
 */
import { Matrix } from '../matrix.ts';
import { ModelFileError } from './errors.ts';
import { FORBIDDEN_KEYS, parseJsonStrict } from './strict-json.ts';
import { assertMatrix, describe } from '../checks.ts';

/** Headers longer than this are refused, as the reference implementation does (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of the dtypes we read and write. */
const SUPPORTED = { F32: 4, F64: 8 } as const;

/** Every dtype of the safetensors format; those we do not support get a clearer message than "unknown". */
const KNOWN_DTYPES = new Set(['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']);

/** What a safetensors file holds, as scratchnet sees it. */
export interface SafetensorsContents {
  /** The tensors by name, in the order of their data in the file. 1-D tensors become 1 × n matrices. */
  tensors: Map<string, Matrix>;
  /** The `__metadata__` strings (empty if the file has none). */
  metadata: Map<string, string>;
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes of a safetensors file holding `tensors` (float32 matrices as F32, float64 as F64) and
 * `metadata`. The layout is the reference implementation's: data sorted by dtype size, then by name,
 * and the header padded with spaces to a multiple of 8 bytes so every tensor's data is aligned.
 */
export function encodeSafetensors(
  tensors: ReadonlyMap<string, Matrix>,
  metadata: ReadonlyMap<string, string> | Readonly<Record<string, string>> = new Map(),
): Uint8Array {
  if (!((tensors as unknown) instanceof Map)) throw new TypeError(`encodeSafetensors: tensors must be a Map from names to matrices, got ${describe(tensors)}.`);
  for (const [name, value] of tensors) assertMatrix(value, `encodeSafetensors: tensor ${JSON.stringify(name)}`);
  const entries = [...tensors].sort(([a, x], [b, y]) => elementBytes(y) - elementBytes(x) || compareBytes(utf8.encode(a), utf8.encode(b)));
  // Built with a null prototype and filled with checked names, so no key can reach a prototype.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const meta = metadata instanceof Map ? [...metadata] : Object.entries(metadata);
  if (meta.length > 0) {
    const metaObject: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [key, value] of meta) {
      checkName(key, 'metadata key');
      if (typeof value !== 'string') throw new TypeError(`encodeSafetensors: metadata ${JSON.stringify(key)} must be a string, got ${typeof value}.`);
      metaObject[key] = value;
    }
    header.__metadata__ = metaObject;
  }
  let offset = 0;
  for (const [name, matrix] of entries) {
    checkName(name, 'tensor name');
    if (name === '__metadata__') throw new TypeError('encodeSafetensors: "__metadata__" is reserved and cannot name a tensor.');
    const size = matrix.data.length * elementBytes(matrix);
    header[name] = { dtype: matrix.dtype === 'float32' ? 'F32' : 'F64', shape: [matrix.rows, matrix.cols], data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = utf8.encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const withSpaces = new Uint8Array(padded).fill(0x20);
    withSpaces.set(json);
    json = withSpaces;
  }
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, json.length, true); // the high 32 bits of the u64 stay 0
  out.set(json, 8);
  let at = 8 + json.length;
  for (const [, matrix] of entries) {
    const { data } = matrix;
    if (littleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else data.forEach((x, k) => (data instanceof Float32Array ? view.setFloat32(at + 4 * k, x, true) : view.setFloat64(at + 8 * k, x, true)));
    at += data.byteLength;
  }
  return out;
}

/**
 * Reads a safetensors file. Throws a ModelFileError naming `source` and the problem for: a file
 * too short, a header length beyond the file or above 100 MB, a header that is not UTF-8 JSON
 * starting with `{`, duplicate or forbidden keys, unknown or unsupported dtypes, shapes that are
 * not 1-D or 2-D or do not match their byte ranges, and byte ranges that overlap, leave gaps or
 * run past the end. The data is copied, so the matrices do not share memory with `bytes`.
 */
export function decodeSafetensors(bytes: Uint8Array, source = 'safetensors data'): SafetensorsContents {
  const fail = (message: string): never => {
    throw new ModelFileError(`${source}: ${message}`);
  };
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`decodeSafetensors: expected the file's bytes as a Uint8Array (e.g. from readFileSync), got ${describe(bytes)}.`);
  if (bytes.length < 8) fail(`${bytes.length} bytes is too short for a safetensors file, which starts with an 8-byte header length.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  if (high !== 0 || low > MAX_HEADER_BYTES) {
    fail(`the header length ${high * 2 ** 32 + low} is over the 100 MB limit: this is not a safetensors file, or it is damaged.`);
  }
  if (8 + low > bytes.length) fail(`the header length ${low} runs past the end of the file (${bytes.length} bytes): the file is truncated or not safetensors.`);
  let text = '';
  try {
    text = strictUtf8.decode(bytes.subarray(8, 8 + low));
  } catch {
    fail('the header is not valid UTF-8 text.');
  }
  if (!text.startsWith('{')) fail('the header does not start with "{": this is not a safetensors file.');
  const header = parseJsonStrict(text, source);
  if (!isObject(header)) fail('the header is not a JSON object.');
  const dataLength = bytes.length - 8 - low;

  const metadata = new Map<string, string>();
  const infos: { name: string; dtype: keyof typeof SUPPORTED; shape: number[]; start: number; end: number }[] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (!isObject(entry)) fail('"__metadata__" must be an object of strings.');
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string') fail(`metadata ${JSON.stringify(key)} is a ${typeof value}, but metadata values must be strings.`);
        metadata.set(key, value as string);
      }
      continue;
    }
    const what = `tensor ${JSON.stringify(name)}`;
    if (name === '') fail('a tensor has an empty name.');
    if (!isObject(entry)) fail(`${what} must be described by an object with dtype, shape and data_offsets.`);
    const { dtype, shape, data_offsets: offsets, ...extra } = entry as Record<string, unknown>;
    const unexpected = Object.keys(extra);
    if (unexpected.length > 0) fail(`${what} has unexpected field ${JSON.stringify(unexpected[0])}: only dtype, shape and data_offsets are allowed.`);
    if (typeof dtype !== 'string') fail(`${what} has no dtype string.`);
    if (!Object.hasOwn(SUPPORTED, dtype as string)) {
      if (KNOWN_DTYPES.has(dtype as string)) fail(`${what} has dtype ${dtype}: scratchnet reads only F32 and F64 tensors (convert the weights to float32).`);
      fail(`${what} has unknown dtype ${JSON.stringify(dtype)}.`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) fail(`${what} needs a shape that is a list of non-negative integers.`);
    const dims = shape as number[];
    if (dims.length < 1 || dims.length > 2) fail(`${what} has shape [${dims.join(', ')}]: scratchnet reads only 1-D and 2-D tensors.`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      fail(`${what} needs data_offsets [start, end] of two non-negative integers.`);
    }
    const [start, end] = offsets as [number, number];
    if (start > end) fail(`${what} has data_offsets [${start}, ${end}] that end before they start.`);
    if (end > dataLength) fail(`${what} has data_offsets [${start}, ${end}] past the end of the data (${dataLength} bytes): the file is truncated or damaged.`);
    // At most three factors below 2^53: the product is exact whenever it is small enough to equal a byte count.
    const needed = SUPPORTED[dtype as keyof typeof SUPPORTED] * dims.reduce((a, b) => a * b, 1);
    if (needed !== end - start) {
      fail(`${what} has shape [${dims.join(', ')}] and dtype ${dtype}, which need ${needed} bytes, but its data_offsets [${start}, ${end}] hold ${end - start}.`);
    }
    infos.push({ name, dtype: dtype as keyof typeof SUPPORTED, shape: dims, start, end });
  }

  // The byte ranges, in order, must tile the data exactly: no overlap, no gap, nothing left over.
  infos.sort((a, b) => a.start - b.start || a.end - b.end);
  let covered = 0;
  for (const info of infos) {
    if (info.start < covered) fail(`tensor ${JSON.stringify(info.name)} (bytes ${info.start} to ${info.end}) overlaps the tensor before it, which ends at ${covered}.`);
    if (info.start > covered) fail(`bytes ${covered} to ${info.start} of the data belong to no tensor: the byte ranges must be contiguous.`);
    covered = info.end;
  }
  if (covered !== dataLength) fail(`the data has ${dataLength - covered} bytes after the last tensor that belong to no tensor.`);

  const tensors = new Map<string, Matrix>();
  for (const { name, dtype, shape, start } of infos) {
    const [rows, cols] = shape.length === 2 ? (shape as [number, number]) : [1, shape[0]!];
    const matrix = new Matrix(rows, cols, dtype === 'F32' ? 'float32' : 'float64');
    const from = 8 + low + start;
    const size = matrix.data.byteLength;
    if (littleEndian) new Uint8Array(matrix.data.buffer).set(bytes.subarray(from, from + size));
    else for (let k = 0; k < matrix.data.length; k++) matrix.data[k] = dtype === 'F32' ? view.getFloat32(from + 4 * k, true) : view.getFloat64(from + 8 * k, true);
    tensors.set(name, matrix);
  }
  return { tensors, metadata };
}

/** Bytes per element of a matrix. */
function elementBytes(m: Matrix): number {
  return m.dtype === 'float32' ? 4 : 8;
}

/** Orders names by their UTF-8 bytes, as the reference implementation sorts them. */
function compareBytes(x: Uint8Array, y: Uint8Array): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Throws unless `name` is a usable, safe key. */
function checkName(name: string, what: string): void {
  if (typeof name !== 'string' || name === '') throw new TypeError(`encodeSafetensors: a ${what} must be a non-empty string.`);
  if (FORBIDDEN_KEYS.has(name)) throw new TypeError(`encodeSafetensors: "${name}" cannot be used as a ${what}.`);
}

/** A plain JSON object (not an array, not null). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON number that is a whole, non-negative, exactly representable count. */
function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
