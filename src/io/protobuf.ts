/**
 * Just enough of the Protocol Buffers wire format to write an ONNX file (which is one protobuf
 * message). A message is a sequence of fields; each field starts with a key, `fieldNumber << 3 | wireType`,
 * written as a varint (7 bits per byte, low bits first, high bit set on all but the last byte).
 * We need two wire types: 0 for integers (a varint) and 2 for strings, bytes and nested messages
 * (a varint length, then the bytes). Browser-safe.
 */

/** A protobuf message under construction: call the field methods in any order, then `finish()`. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];

  /** An integer field (int32, int64 or enum), wire type 0. Non-negative values only, up to 2^53. */
  int(field: number, value: number): this {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`protobuf: cannot write ${value} as a varint here.`);
    this.parts.push(varint((field << 3) | 0), varint(value));
    return this;
  }

  /** A bytes field (wire type 2): the length, then the bytes. */
  bytes(field: number, value: Uint8Array): this {
    this.parts.push(varint((field << 3) | 2), varint(value.length), value);
    return this;
  }

  /** A string field: its UTF-8 bytes. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A nested message field: the finished bytes of another writer. */
  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** The message's bytes. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

/** A non-negative integer as a varint: 7 bits per byte, least significant first, high bit = "more follows". */
function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return Uint8Array.from(bytes);
}
