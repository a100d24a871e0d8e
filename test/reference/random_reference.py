"""Regenerates the NumPy reference values asserted by src/random.test.ts.

Test oracle only: scratchnet never depends on Python. Run it with NumPy (checked with 2.4.6):

    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" python3 test/reference/random_reference.py

and paste the printed `REFERENCE` object over the one in src/random.test.ts.

Each 100,000-draw stream starts from seed 0 and is summarised by an FNV-1a hash of its
little-endian bytes, its sequential float64 sum, the values at a few indexes and the next
rand() after the stream (which proves that the same number of uint32s was consumed).
"""
import json

import numpy as np

COUNT = 100_000
PICKS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12345, 50000, 99999]


def fnv1a(data: bytes) -> int:
    """32-bit FNV-1a over bytes."""
    h = 0x811C9DC5
    for byte in data:
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def seq_sum(values) -> float:
    """Left-to-right float64 sum (what a JS loop computes; np.sum would sum pairwise)."""
    total = 0.0
    for v in values.tolist():
        total += float(v)
    return total


def summary(values, dtype, rs=None):
    """Hash, sum and picks of a stream cast to dtype, then the next rand() of the generator that made it."""
    arr = np.asarray(values).astype(np.dtype(dtype).newbyteorder("<"))
    return {
        "fnv": fnv1a(arr.tobytes()),
        "sum": seq_sum(arr),
        "picks": [arr[i].item() for i in PICKS],
        **({"nextRand": rs.random_sample()} if rs else {}),
    }


ref = {"count": COUNT, "picks": PICKS}

# Raw MT19937 outputs: random_raw of the legacy-seeded bit generator is the uint32 stream itself,
# and legacy randint(0, 2**32, dtype=uint32) reads the same words.
rs = np.random.RandomState(0)
raw = rs._bit_generator.random_raw(COUNT).astype(np.uint32)
assert (np.random.RandomState(0).randint(0, 2**32, size=COUNT, dtype=np.uint32) == raw).all()
ref["uint32"] = summary(raw, np.uint32, rs)

rs = np.random.RandomState(0)
ref["rand"] = summary(rs.random_sample(COUNT), np.float64, rs)

rs = np.random.RandomState(0)
normals = rs.standard_normal(COUNT)
ref["randnFloat32"] = summary(normals, np.float32)  # the book rounds every normal to float32
ref["randnFloat64"] = summary(normals, np.float64, rs)
# Every 400th float64 normal in full, to count last-bit differences (Math.log vs glibc log).
ref["randnFloat64Sample"] = normals[::400].tolist()

for name, n, p in [("binomial_1_0.9", 1, 0.9), ("binomial_1_0.5", 1, 0.5), ("binomial_5_0.3", 5, 0.3)]:
    rs = np.random.RandomState(0)
    draws = rs.binomial(n, p, COUNT)
    ref[name] = summary(draws, np.uint8, rs)
    ref[name]["histogram"] = np.bincount(draws, minlength=n + 1).tolist()

rs = np.random.RandomState(0)
ref["permutation"] = summary(rs.permutation(COUNT), np.int32, rs)

# A 2-D shuffle moves whole rows with the same draws as a 1-D shuffle of the row indexes.
rs = np.random.RandomState(0)
matrix = np.arange(1000 * 3, dtype=np.float32).reshape(1000, 3)
rs.shuffle(matrix)
assert (matrix[:, 0] // 3 == np.random.RandomState(0).permutation(1000)).all()
ref["shuffleRows1000x3"] = {"firstRows": (matrix[:4, 0] // 3).astype(int).tolist(), "fnv": fnv1a(matrix.tobytes()), "nextRand": rs.random_sample()}

# Interleaving: the cached second normal survives rand() and binomial() calls; seed() clears it.
rs = np.random.RandomState(0)
ref["interleaved"] = [
    *rs.randn(3).tolist(),
    rs.rand(),
    *rs.randn(2).tolist(),
    int(rs.binomial(1, 0.5)),
    rs.randn(),
    int(rs.binomial(0, 0.5)),  # n = 0 still consumes one uniform in legacy NumPy
    int(rs.binomial(3, 0.0)),  # and so does p = 0
    int(rs.binomial(3, 1.0)),
    rs.randn(),
]

# randomInterval(max) is legacy randint(0, max + 1, dtype=uint32): the same masked rejection.
rs = np.random.RandomState(0)
ref["intervals"] = [[m, rs.randint(0, m + 1, size=5, dtype=np.uint32).tolist()] for m in
                    [0, 1, 2, 5, 1000, 2**31 - 1, 2**31, 3_000_000_000, 2**32 - 1]]
ref["intervalsNextRand"] = rs.random_sample()

# get_state after 1,000 uniforms and 3 normals (one normal cached).
rs = np.random.RandomState(0)
rs.random_sample(1000)
rs.randn(3)
_, key, pos, has_gauss, gauss = rs.get_state()
ref["state"] = {"keyFnv": fnv1a(key.astype("<u4").tobytes()), "key0": int(key[0]), "pos": int(pos), "hasGauss": bool(has_gauss), "gauss": float(gauss)}

# Printed as a TypeScript object literal, one entry a line (the long sample wrapped).
print("const REFERENCE = {")
for name, value in ref.items():
    if name == "randnFloat64Sample":
        rows = [", ".join(json.dumps(v) for v in value[i:i + 5]) for i in range(0, len(value), 5)]
        print(f"  {json.dumps(name)}: [\n    " + ",\n    ".join(rows) + ",\n  ],")
    else:
        print(f"  {json.dumps(name)}: {json.dumps(value)},")
print("};")
