import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix } from '../matrix.ts';
import { RandomState } from '../random.ts';
import { ModelFileError } from './errors.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** A file made of an 8-byte length, the given header text (unpadded) and `data` bytes. */
function rawFile(header: string, data: number | Uint8Array = 0): Uint8Array {
  const json = new TextEncoder().encode(header);
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

// Written by test/reference/safetensors_oracle.py (an independent NumPy writer following the spec):
// layers.0.weights = (arange(6).reshape(2, 3) - 2.5) / 3 and layers.0.biases = [[0.5, -1, 2]] (float32),
// layers.2.weights = [[1/3], [-2], [1e-8]] (float64), layers.10.biases = [[7, -0]] (float32), metadata {format: scratchnet}.
const ORACLE =
  '48010000000000007b225f5f6d657461646174615f5f223a7b22666f726d6174223a22736372617463686e6574227d2c226c61796572732e322e77656967687473223a7b226474797065223a22463634222c227368617065223a5b332c315d2c22646174615f6f666673657473223a5b302c32345d7d2c226c61796572732e302e626961736573223a7b226474797065223a22463332222c227368617065223a5b312c335d2c22646174615f6f666673657473223a5b32342c33365d7d2c226c61796572732e302e77656967687473223a7b226474797065223a22463332222c227368617065223a5b322c335d2c22646174615f6f666673657473223a5b33362c36305d7d2c226c61796572732e31302e626961736573223a7b226474797065223a22463332222c227368617065223a5b312c325d2c22646174615f6f666673657473223a5b36302c36385d7d7d2020555555555555d53f00000000000000c03a8c30e28e79453e0000003f000080bf00000040555555bf000000bfabaa2abeabaa2a3e0000003f5555553f0000e04000000080';

function oracleTensors(): Map<string, Matrix> {
  const weights = new Matrix(2, 3, 'float32');
  for (let k = 0; k < 6; k++) weights.data[k] = Math.fround(k - 2.5) / 3;
  return new Map([
    ['layers.0.weights', weights],
    ['layers.0.biases', Matrix.from([[0.5, -1, 2]])],
    ['layers.2.weights', Matrix.from([[1 / 3], [-2], [1e-8]], 'float64')],
    ['layers.10.biases', Matrix.from([[7, -0]])],
  ]);
}

test('encodeSafetensors writes exactly the bytes of an independent writer that follows the spec', () => {
  assert.equal(hex(encodeSafetensors(oracleTensors(), { format: 'scratchnet' })), ORACLE);
});

test('decodeSafetensors reads the independent writer\'s file back, values and dtypes intact', () => {
  const { tensors, metadata } = decodeSafetensors(fromHex(ORACLE));
  assert.deepEqual([...metadata], [['format', 'scratchnet']]);
  assert.deepEqual([...tensors.keys()], ['layers.2.weights', 'layers.0.biases', 'layers.0.weights', 'layers.10.biases']);
  for (const [name, expected] of oracleTensors()) {
    const got = tensors.get(name)!;
    assert.equal(got.dtype, expected.dtype, name);
    assert.deepEqual(got.shape, expected.shape, name);
    assert.deepEqual(got.data, expected.data, name);
  }
  assert.ok(Object.is(tensors.get('layers.10.biases')!.data[1], -0), 'negative zero survives');
});

test('the reference implementation\'s own test vectors: empty files, with and without metadata', () => {
  // From huggingface/safetensors tensor.rs, test_empty.
  const empty = [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32];
  const withMetadata = [40, 0, 0, 0, 0, 0, 0, 0, 123, 34, 95, 95, 109, 101, 116, 97, 100, 97, 116, 97, 95, 95, 34, 58, 123, 34, 102, 114, 97, 109, 101, 119, 111, 114, 107, 34, 58, 34, 112, 116, 34, 125, 125, 32, 32, 32, 32, 32];
  assert.deepEqual([...encodeSafetensors(new Map())], empty);
  assert.deepEqual([...encodeSafetensors(new Map(), { framework: 'pt' })], withMetadata);
  assert.equal(decodeSafetensors(new Uint8Array(empty)).tensors.size, 0);
  assert.equal(decodeSafetensors(new Uint8Array(withMetadata)).metadata.get('framework'), 'pt');
});

test('a 3-D tensor (the reference\'s test_serialization vector) is refused with a clear message', () => {
  const vector = rawFile('{"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}}', 24);
  assert.throws(() => decodeSafetensors(vector, 'attn.safetensors'), {
    name: 'ModelFileError',
    message: 'attn.safetensors: tensor "attn.0" has shape [1, 2, 3]: scratchnet reads only 1-D and 2-D tensors.',
  });
});

test('a 1-D tensor is read as a 1 × n row, and header padding with spaces is accepted', () => {
  const data = new Uint8Array(new Float32Array([1.5, -2]).buffer);
  const { tensors } = decodeSafetensors(rawFile('{"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}      ', data));
  assert.deepEqual(tensors.get('b')!.shape, [1, 2]);
  assert.deepEqual([...tensors.get('b')!.data], [1.5, -2]);
});

test('a float32 model round-trips bit for bit, NaN payloads and all', () => {
  const random = new RandomState(1);
  const w = new Matrix(784, 128, 'float32');
  for (let k = 0; k < w.data.length; k++) w.data[k] = random.randn();
  w.data[5] = NaN;
  w.data[6] = -Infinity;
  const tensors = new Map([['layers.0.weights', w], ['layers.0.biases', Matrix.zeros(1, 128)]]);
  const bytes = encodeSafetensors(tensors);
  const back = decodeSafetensors(bytes).tensors;
  assert.deepEqual(new Uint8Array(back.get('layers.0.weights')!.data.buffer), new Uint8Array(w.data.buffer));
  assert.equal((bytes.length - 8 - new DataView(bytes.buffer).getUint32(0, true)) % 8, 0);
  assert.equal(new DataView(bytes.buffer).getUint32(0, true) % 8, 0, 'the header is padded to 8 bytes');
});

const F32 = (offsets: string, shape = '[1,2]', dtype = '"F32"') => `{"a":{"dtype":${dtype},"shape":${shape},"data_offsets":${offsets}}}`;

const badFiles: [string, Uint8Array, RegExp][] = [
  ['an empty file', new Uint8Array(0), /0 bytes is too short/],
  ['a file of 7 bytes', new Uint8Array(7), /7 bytes is too short/],
  ['a header length beyond the file', (() => { const f = rawFile(F32('[0,8]'), 8); new DataView(f.buffer).setUint32(0, f.length - 7, true); return f; })(), /runs past the end of the file/],
  ['a file truncated inside its data', rawFile(F32('[0,8]'), 8).subarray(0, 70), /past the end of the data|runs past the end/],
  ['a header length over 100 MB', (() => { const f = rawFile('{}'); new DataView(f.buffer).setUint32(0, 100_000_001, true); return f; })(), /over the 100 MB limit/],
  ['a header length above 2^32', (() => { const f = rawFile('{}'); f[4] = 1; return f; })(), /over the 100 MB limit/],
  ['a header that is not UTF-8', (() => { const f = rawFile('{"\u00e9":1}'); f[11] = 0xff; return f; })(), /not valid UTF-8/],
  ['a header that does not start with {', rawFile(' {}'), /does not start with "\{"/],
  ['invalid JSON', rawFile('{"a":'), /not valid JSON/],
  ['a header that is a JSON array', rawFile('{}').fill(0x5b, 8, 9).fill(0x5d, 9, 10), /does not start with/],
  ['an unknown dtype', rawFile(F32('[0,8]', '[1,2]', '"F33"'), 8), /unknown dtype "F33"/],
  ['a dtype scratchnet does not read', rawFile(F32('[0,4]', '[1,2]', '"F16"'), 4), /dtype F16: scratchnet reads only F32 and F64/],
  ['a shape that does not match its offsets', rawFile(F32('[0,8]', '[2,2]'), 8), /need 16 bytes, but its data_offsets \[0, 8\] hold 8/],
  ['a shape with a huge dimension', rawFile(F32('[0,8]', '[9007199254740991,9007199254740991]'), 8), /which need .* bytes/],
  ['a negative dimension', rawFile(F32('[0,8]', '[-1,2]'), 8), /list of non-negative integers/],
  ['a fractional dimension', rawFile(F32('[0,8]', '[1.5,2]'), 8), /list of non-negative integers/],
  ['a 0-D shape', rawFile(F32('[0,4]', '[]'), 4), /shape \[\]: scratchnet reads only 1-D and 2-D/],
  ['offsets past the data', rawFile(F32('[0,8]'), 4), /past the end of the data \(4 bytes\)/],
  ['offsets that end before they start', rawFile(F32('[8,0]'), 8), /end before they start/],
  ['offsets that are not two numbers', rawFile(F32('[0]'), 8), /data_offsets \[start, end\]/],
  ['overlapping tensors', rawFile('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}', 12), /"b" \(bytes 4 to 12\) overlaps/],
  ['two tensors on the same bytes', rawFile('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', 8), /overlaps/],
  ['a gap between tensors', rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), /bytes 0 to 4 of the data belong to no tensor/],
  ['bytes after the last tensor', rawFile(F32('[0,8]'), 12), /4 bytes after the last tensor/],
  ['a duplicate tensor name', rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), /key "a" appears twice/],
  ['a duplicate field in a tensor', rawFile('{"a":{"dtype":"F64","dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), /key "dtype" appears twice/],
  ['a duplicate hidden by an escape', rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"\\u0061":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', 8), /key "a" appears twice/],
  ['a tensor named __proto__', rawFile('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), /key "__proto__" is not allowed/],
  ['__proto__ spelled with an escape', rawFile('{"\\u005f_proto__":{"polluted":true}}'), /key "__proto__" is not allowed/],
  ['constructor in the metadata', rawFile('{"__metadata__":{"constructor":"x"}}'), /key "constructor" is not allowed/],
  ['prototype deep inside', rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":[{"prototype":1}]}}', 4), /key "prototype" is not allowed/],
  ['metadata that is not a string', rawFile('{"__metadata__":{"epochs":10}}'), /metadata "epochs" is a number/],
  ['an unexpected field', rawFile('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"code":"rm -rf"}}', 4), /unexpected field "code"/],
  ['an empty tensor name', rawFile('{"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4), /empty name/],
  ['a tensor described by a number', rawFile('{"a":5}'), /must be described by an object/],
];

for (const [what, bytes, message] of badFiles) {
  test(`decodeSafetensors rejects ${what} with a ModelFileError`, () => {
    assert.throws(() => decodeSafetensors(bytes, 'model.safetensors'), (error: unknown) => {
      assert.ok(error instanceof ModelFileError, `expected a ModelFileError, got ${String(error)}`);
      assert.match(error.message, /^model\.safetensors: /);
      assert.match(error.message, message);
      return true;
    });
  });
}

test('decoding never touches Object.prototype, whatever the header holds', () => {
  assert.throws(() => decodeSafetensors(rawFile('{"__proto__":{"polluted":"yes"}}')), ModelFileError);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('encodeSafetensors refuses names that could not be read back safely', () => {
  assert.throws(() => encodeSafetensors(new Map([['__proto__', Matrix.zeros(1, 1)]])), /cannot be used as a tensor name/);
  assert.throws(() => encodeSafetensors(new Map([['__metadata__', Matrix.zeros(1, 1)]])), /reserved/);
  assert.throws(() => encodeSafetensors(new Map([['', Matrix.zeros(1, 1)]])), /non-empty string/);
  assert.throws(() => encodeSafetensors(new Map(), { constructor: 'x' }), /cannot be used as a metadata key/);
});

/** One random mutation of a valid file: byte flips, truncations, length edits or header text edits. */
function mutate(valid: Uint8Array, headerLength: number, random: RandomState): Uint8Array {
  const pick = (n: number) => Math.floor(random.rand() * n);
  const kind = pick(8);
  let bytes = valid.slice();
  if (kind <= 2) {
    // Flip 1–4 random bits, mostly in the header where they matter.
    for (let i = 0, n = 1 + pick(4); i < n; i++) bytes[kind === 0 ? pick(bytes.length) : 8 + pick(headerLength)]! ^= 1 << pick(8);
  } else if (kind === 3) {
    bytes = bytes.slice(0, pick(bytes.length));
  } else if (kind === 4) {
    const view = new DataView(bytes.buffer);
    const choices = [0, 1, headerLength - 1, headerLength + 1, bytes.length, 0xffffffff, 100_000_001, pick(1 << 20)];
    view.setUint32(0, choices[pick(choices.length)]!, true);
    if (random.rand() < 0.2) view.setUint32(4, 1 + pick(5), true);
  } else {
    // Edit the header as text: swap numbers, dtypes, names; duplicate or cut pieces.
    let text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
    const numbers = ['0', '-1', '1.5', '1e300', '4294967296', '9007199254740993', '"8"', 'null', '[]', '{}'];
    const edits = [
      () => text.replace(/\d+/g, (m) => (random.rand() < 0.3 ? numbers[pick(numbers.length)]! : m)),
      () => text.replace(/"F32"/, ['"F16"', '"f32"', '"F64"', '"I8"', '""', '1'][pick(6)]!),
      () => text.replace(/"layers\.\d\.\w+"/, ['"layers.0.weights"', '"__proto__"', '"constructor"', '"__metadata__"', '""'][pick(5)]!),
      () => {
        const a = pick(text.length);
        return text.slice(0, a) + text.slice(a, a + pick(40)) + text.slice(a);
      },
      () => {
        const a = pick(text.length);
        return text.slice(0, a) + text.slice(a + 1 + pick(20));
      },
      () => text.replace(/\[(\d+),(\d+)\]/, (_m, x, y) => (random.rand() < 0.5 ? `[${y},${x}]` : `[${x},${y},1]`)),
    ];
    text = edits[pick(edits.length)]!();
    const json = new TextEncoder().encode(text);
    const data = bytes.subarray(8 + headerLength);
    bytes = new Uint8Array(8 + json.length + data.length);
    new DataView(bytes.buffer).setUint32(0, json.length, true);
    bytes.set(json, 8);
    bytes.set(data, 8 + json.length);
  }
  return bytes;
}

test('fuzz: 10,000 mutated files (fixed seed) either decode or throw a ModelFileError, in seconds', () => {
  const random = new RandomState(2024);
  const tensors = new Map<string, Matrix>();
  for (const [i, [r, c]] of [[4, 8], [1, 8], [8, 3], [1, 3]].entries()) {
    const m = new Matrix(r!, c!, i === 2 ? 'float64' : 'float32');
    for (let k = 0; k < m.data.length; k++) m.data[k] = random.randn();
    tensors.set(`layers.${2 * Math.floor(i / 2)}.${i % 2 ? 'biases' : 'weights'}`, m);
  }
  const valid = encodeSafetensors(tensors, { format: 'scratchnet', architecture: '{"layers":[]}' });
  const headerLength = new DataView(valid.buffer).getUint32(0, true);
  const outcomes = { decoded: 0, rejected: 0 };
  const start = performance.now();
  for (let i = 0; i < 10000; i++) {
    const bytes = mutate(valid, headerLength, random);
    try {
      const { tensors: read } = decodeSafetensors(bytes, 'fuzz');
      let total = 0;
      for (const m of read.values()) total += m.data.byteLength;
      assert.ok(total <= bytes.length, 'never more tensor data than the file holds');
      outcomes.decoded++;
    } catch (error) {
      if (!(error instanceof ModelFileError)) {
        assert.fail(`mutation ${i} escaped as ${String(error)}; file: ${hex(bytes)}`);
      }
      outcomes.rejected++;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  assert.ok(outcomes.rejected > 5000, `most mutations are rejected (${JSON.stringify(outcomes)})`);
  assert.ok(seconds < 30, `the fuzz run took ${seconds.toFixed(2)} s`);
  console.log(`fuzz: ${outcomes.decoded} decoded, ${outcomes.rejected} rejected in ${seconds.toFixed(2)} s`);
});
