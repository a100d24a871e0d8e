"""Reference values for src/float32-math.test.ts: glibc's float32 expf and logf, which NumPy's
np.exp/np.log on float32 arrays call under the book's semantics (checked below on every stored
value). Python is a test oracle only.

    python3 test/reference/float32_math_reference.py

writes test/reference/float32-math.bin: little-endian uint32 words, a header
[count_exp, count_log], then count_exp pairs (input bits, expf bits), then count_log pairs
(input bits, logf bits). NaN results are stored as they come (tests accept any NaN for a NaN).

The inputs: every special case (±0, subnormals, ±Inf, NaN, negatives, overflow and underflow
edges), the ranges the network sees densely sampled (softmax exp of [-30, 0], log of [1e-7, 1]),
random bit patterns over all float32, the chapter 18 inputs where expf is not correctly rounded,
and "hard" inputs: where a port computing glibc's algorithm with plain (unfused) double
operations gives another float32 than glibc's fused-multiply-add build.
"""
import ctypes
import os
import sys

_CPU_FEATURES = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
if os.environ.get("NPY_DISABLE_CPU_FEATURES") != _CPU_FEATURES:
    os.environ["NPY_DISABLE_CPU_FEATURES"] = _CPU_FEATURES
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402

libm = ctypes.CDLL("libm.so.6")
for _name in ("expf", "logf"):
    getattr(libm, _name).restype = ctypes.c_float
    getattr(libm, _name).argtypes = [ctypes.c_float]

rng = np.random.default_rng(20261126)


def f32(bits):
    return np.asarray(bits, dtype=np.uint32).view(np.float32)


def bits_of(values):
    return np.asarray(values, dtype=np.float32).view(np.uint32)


def from_hex(h):
    return np.array([int(h, 16)], dtype=np.uint64).view(np.float64)[0]


# glibc's expf algorithm with plain double operations (no FMA), vectorised, for |x| < 88.
INVLN2N = from_hex("40471547652b82fe")
SHIFT = from_hex("4338000000000000")
C0, C1, C2 = (from_hex(h) for h in ("3ebc6af84b912394", "3f2ebfce50fac4f3", "3f962e42ff0c52d6"))
EXP2F_TAB = np.array([int(h, 16) for h in """
3ff0000000000000 3fefd9b0d3158574 3fefb5586cf9890f 3fef9301d0125b51 3fef72b83c7d517b 3fef54873168b9aa
3fef387a6e756238 3fef1e9df51fdee1 3fef06fe0a31b715 3feef1a7373aa9cb 3feedea64c123422 3feece086061892d
3feebfdad5362a27 3feeb42b569d4f82 3feeab07dd485429 3feea47eb03a5585 3feea09e667f3bcd 3fee9f75e8ec5f74
3feea11473eb0187 3feea589994cce13 3feeace5422aa0db 3feeb737b0cdc5e5 3feec49182a3f090 3feed503b23e255d
3feee89f995ad3ad 3feeff76f2fb5e47 3fef199bdd85529c 3fef3720dcef9069 3fef5818dcfba487 3fef7c97337b9b5f
3fefa4afa2a490da 3fefd0765b6e4540""".split()], dtype=np.uint64)
EXP2_I = (EXP2F_TAB + (np.arange(32, dtype=np.uint64) << np.uint64(47))).view(np.float64)


def expf_unfused(x):
    xd = x.astype(np.float64)
    z = INVLN2N * xd
    kd = (z + SHIFT) - SHIFT
    r = z - kd
    ki = kd.astype(np.int64)
    s = np.ldexp(EXP2_I[ki & 31], (ki >> 5).astype(np.int32))
    y = (C0 * r + C1) * (r * r) + (C2 * r + 1.0)
    return (y * s).astype(np.float32)


def hard_exp_inputs(limit):
    """Inputs in the network's range where the unfused port differs from glibc (NumPy under book semantics)."""
    found = []
    ranges = [(0xBF000000, 0xC1F00000), (0x3F000000, 0x42AFFFFF)]  # -0.5..-30 and 0.5..88
    for a, b in ranges:
        for chunk in range(a, b, 1 << 24):
            x = f32(np.arange(chunk, min(chunk + (1 << 24), b), 7, dtype=np.uint64).astype(np.uint32))
            bad = x[expf_unfused(x).view(np.uint32) != np.exp(x).view(np.uint32)]
            found.extend(int(v) for v in bad.view(np.uint32))
    rng.shuffle(found)
    return found[:limit]


def specials(kind):
    v = [0, 0x80000000, 1, 2, 0x7FFFFF, 0x800000, 0x80000001, 0x807FFFFF, 0x80800000, 0x7F800000, 0xFF800000,
         0x7FC00000, 0xFFC00000, 0x7F800001, 0x7FFFFFFF, 0x3F800000, 0xBF800000, 0x7F7FFFFF, 0xFF7FFFFF,
         0x3F7FFFFF, 0x3F800001, 0x3F7B0000, 0x3F330000, 0x3F32FFFF]
    if kind == "exp":
        for edge in (0x42B00000, 0x42B17217, 0xC2CFF1B4, 0xC2CE8ECF, 0xC2B00000, 0x42B17218):
            v += [edge - 2, edge - 1, edge, edge + 1, edge + 2]
        v += list(range(0xC2CE0000, 0xC2D00000, 97))  # the underflow range
        # chapter 18's four softmax inputs where expf is not correctly rounded
        v += [int(b) for b in bits_of([-0.8342560529708862, -4.295135021209717, -18.294885635375977,
                                       -19.880300521850586])]
    return v


def table(kind):
    inputs = specials(kind)
    inputs += [int(b) for b in rng.integers(0, 2**32, 12000, dtype=np.uint64)]
    if kind == "exp":
        inputs += [int(b) for b in bits_of(-rng.random(12000) * 30)]
        inputs += [int(b) for b in bits_of(rng.standard_normal(4000) * 4)]
        x = f32(np.arange(0xBF000000, 0xC1F00000, 16, dtype=np.uint64).astype(np.uint32))
        cr = np.exp(x.astype(np.float64)).astype(np.float32)
        not_cr = x[np.exp(x).view(np.uint32) != cr.view(np.uint32)]
        inputs += [int(b) for b in rng.choice(not_cr.view(np.uint32), min(4000, len(not_cr)), replace=False)]
        inputs += hard_exp_inputs(6000)
    else:
        inputs += [int(b) for b in bits_of(np.exp(-rng.random(16000) * 16.2))]  # (1e-7, 1]
        inputs += [int(b) for b in bits_of(1 - rng.random(4000) * 1e-3)]
        inputs += [int(b) for b in bits_of(rng.random(4000) * 100)]
        inputs += list(range(0x3F800000 - 2000, 0x3F800000 + 2000))
        x = f32(np.arange(0x33D6BF95, 0x3F800000, 16, dtype=np.uint64).astype(np.uint32))
        cr = np.log(x.astype(np.float64)).astype(np.float32)
        not_cr = x[np.log(x).view(np.uint32) != cr.view(np.uint32)]
        inputs += [int(b) for b in rng.choice(not_cr.view(np.uint32), min(4000, len(not_cr)), replace=False)]
    inputs = list(dict.fromkeys(inputs))
    x = f32(np.array(inputs, dtype=np.uint64).astype(np.uint32))
    glibc = getattr(libm, kind + "f")
    with np.errstate(all="ignore"):
        out = (np.exp if kind == "exp" else np.log)(x)
    oracle = np.array([glibc(float(v)) for v in x], dtype=np.float32)
    # NumPy (book semantics) and glibc agree on every stored value, NaNs aside.
    both_nan = np.isnan(out) & np.isnan(oracle)
    assert np.all((out.view(np.uint32) == oracle.view(np.uint32)) | both_nan), kind
    return np.stack([x.view(np.uint32), oracle.view(np.uint32)], axis=1).reshape(-1)


def main():
    e = table("exp")
    lg = table("log")
    header = np.array([len(e) // 2, len(lg) // 2], dtype=np.uint32)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "float32-math.bin")
    np.concatenate([header, e, lg]).astype("<u4").tofile(path)
    print(f"{path}: {len(e) // 2} expf and {len(lg) // 2} logf values")


if __name__ == "__main__":
    main()
