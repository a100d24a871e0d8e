"""Regenerates test/reference/datasets.json, the NumPy values asserted by src/datasets/datasets.test.ts.

Test oracle only: scratchnet never depends on Python. Run it with NumPy (checked with 2.4.6):

    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" python3 test/reference/datasets_reference.py

Each data set is summarised by the SHA-256 of its bytes (float32 or float64, little-endian; labels
as int32), its float64 sum and a few rows; the float64 ones also list every value's bits in hex.
The book's sets come from `nnfs.init()` semantics (book_numpy.py), the Part I spiral from plain NumPy.
"""
import hashlib
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', '..', 'shared', 'numpy-reference'))
sys.path.insert(0, '/work/shared/numpy-reference')


def sha(a):
    import numpy as np
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def describe(X, y, rows):
    import numpy as np
    return dict(dtype=str(X.dtype), sha256=sha(X), ySha256=sha(y.astype(np.int32)),
                sum=float(X.astype(np.float64).sum()), rows={str(i): [float(v) for v in X[i]] for i in rows})


def bits(a):
    import numpy as np
    return [format(int(v), '016x') for v in np.ascontiguousarray(a, dtype=np.float64).ravel().view(np.uint64)]


def part(mode):
    """One process per mode: book_numpy.init() patches NumPy for the rest of the process."""
    import numpy as np
    import book_numpy as bn
    out = {}
    if mode == 'book':
        bn.init()
        X, y = bn.spiral_data(100, 3)
        out['spiral-float32'] = describe(X, y, [0, 1, 2, 99, 100, 150, 299])
        bn.init()
        X, y = bn.vertical_data(100, 3)
        out['vertical-float32'] = describe(X, y, [0, 1, 99, 100, 299])
        bn.init()
        X, y = bn.spiral_data(1000, 3)
        out['spiral-1000-float32'] = describe(X, y, [0, 1, 2999])
        X, y = bn.sine_data()
        out['sine'] = dict(xSha256=sha(X), ySha256=sha(y), yBits=bits(y))
    else:
        np.random.seed(0)
        X, y = bn.spiral_data(100, 3)
        out['spiral-float64'] = describe(X, y, [0, 1, 2, 99, 100, 150, 299])
        out['spiral-float64']['bits'] = bits(X)
    return out


if __name__ == '__main__':
    if len(sys.argv) > 1:
        print(json.dumps(part(sys.argv[1])))
    else:
        result = {}
        for mode in ['book', 'plain']:
            text = subprocess.run([sys.executable, __file__, mode], check=True, capture_output=True, text=True).stdout
            result.update(json.loads(text))
        with open(os.path.join(HERE, 'datasets.json'), 'w') as f:
            json.dump(result, f, indent=1)
            f.write('\n')
