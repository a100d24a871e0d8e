"""An independent safetensors writer and reader (NumPy + the standard library), written from the
format's specification (huggingface/safetensors README and tensor.rs), to check scratchnet's files.

  python3 safetensors_oracle.py write          prints the hex of a fixture file written per the spec
  python3 safetensors_oracle.py read FILE      reads FILE per the spec and prints every tensor

A test oracle only: the project never runs Python. src/io/safetensors.test.ts stores its output.
"""
import json
import struct
import sys

import numpy as np

DTYPES = {"F32": np.dtype("<f4"), "F64": np.dtype("<f8")}


def write(tensors, metadata=None):
    """Serialize like the reference: sort by dtype size (descending) then name, pad the header to 8 bytes."""
    items = sorted(tensors.items(), key=lambda kv: (-kv[1].dtype.itemsize, kv[0].encode()))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    for name, array in items:
        dtype = {4: "F32", 8: "F64"}[array.dtype.itemsize]
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
    text += b" " * ((8 - len(text) % 8) % 8)
    data = b"".join(np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes() for _, a in items)
    return struct.pack("<Q", len(text)) + text + data


def read(blob):
    (n,) = struct.unpack("<Q", blob[:8])
    assert n <= 100_000_000 and 8 + n <= len(blob), "bad header length"
    header = json.loads(blob[8 : 8 + n].decode("utf-8"), object_pairs_hook=no_duplicates)
    metadata = header.pop("__metadata__", {})
    assert all(isinstance(v, str) for v in metadata.values()), "metadata values must be strings"
    data = blob[8 + n :]
    end = 0
    out = {}
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        start, stop = info["data_offsets"]
        assert start == end, f"{name}: not contiguous"
        dtype = DTYPES[info["dtype"]]
        assert stop - start == int(np.prod(info["shape"])) * dtype.itemsize, f"{name}: shape does not match offsets"
        out[name] = np.frombuffer(data[start:stop], dtype=dtype).reshape(info["shape"])
        end = stop
    assert end == len(data), "data not fully covered"
    return metadata, out


def no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    assert len(keys) == len(set(keys)), f"duplicate keys {keys}"
    return dict(pairs)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        tensors = {
            "layers.0.weights": (np.arange(6, dtype=np.float32).reshape(2, 3) - 2.5) / np.float32(3),
            "layers.0.biases": np.array([[0.5, -1.0, 2.0]], dtype=np.float32),
            "layers.2.weights": np.array([[1 / 3], [-2.0], [1e-8]], dtype=np.float64),
            "layers.10.biases": np.array([[7.0, -0.0]], dtype=np.float32),
        }
        print(write(tensors, {"format": "scratchnet"}).hex())
    else:
        metadata, tensors = read(open(sys.argv[2], "rb").read())
        print("metadata", metadata)
        for name, array in tensors.items():
            print(name, array.dtype, array.shape, array.tolist())
