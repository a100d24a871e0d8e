"""Reference values for the library's bit-exactness tests (test/library/*.test.ts), under the book's
semantics. Python is a test oracle only: the values are stored in test/reference/library.json.

The book's classes come from book_chapters.py (a transcription of the book's final chapter code,
written independently of the TypeScript), run under book_numpy.init() (nnfs.init() semantics).

    python3 test/reference/library_reference.py > test/reference/library.json

Arrays are compared through the SHA-256 of their little-endian bytes (plus dtype and shape) so one
hash pins every bit of every element; scalars are stored as the exact double (float32 values are
exactly representable).
"""
import hashlib
import json
import os
import sys

_CPU_FEATURES = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
if os.environ.get("NPY_DISABLE_CPU_FEATURES") != _CPU_FEATURES:
    os.environ["NPY_DISABLE_CPU_FEATURES"] = _CPU_FEATURES
    os.execv(sys.executable, [sys.executable] + sys.argv)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import book_chapters as bc  # noqa: E402

bn = bc.bn


def digest(a):
    a = np.ascontiguousarray(a)
    return {"dtype": str(a.dtype), "shape": list(a.shape), "sha256": hashlib.sha256(a.tobytes()).hexdigest(),
            "first": [float(v) for v in a.reshape(-1)[:3]]}


def ch09():
    """The chapter 9 network: one forward and backward pass, combined and separate."""
    bn.init()
    X, y = bn.spiral_data(100, 3)
    dense1, act1, dense2 = bc.Layer_Dense(2, 3), bc.Activation_ReLU(), bc.Layer_Dense(3, 3)
    la = bc.Activation_Softmax_Loss_CategoricalCrossentropy()
    dense1.forward(X)
    act1.forward(dense1.output)
    dense2.forward(act1.output)
    loss = la.forward(dense2.output, y)
    acc = np.mean(np.argmax(la.output, axis=1) == y)
    la.backward(la.output, y)
    dense2.backward(la.dinputs)
    act1.backward(dense2.dinputs)
    dense1.backward(act1.dinputs)
    # the separate path: cross-entropy backward, then the softmax Jacobian
    cce = bc.Loss_CategoricalCrossentropy()
    cce.backward(la.output, y)
    la.activation.backward(cce.dinputs)
    return {
        "loss": float(loss), "acc": float(acc),
        "output": digest(la.output), "combinedDinputs": digest(la.dinputs),
        "cceDinputs": digest(cce.dinputs), "separateDinputs": digest(la.activation.dinputs),
        "dense2": {"dweights": digest(dense2.dweights), "dbiases": digest(dense2.dbiases), "dinputs": digest(dense2.dinputs)},
        "relu": digest(act1.dinputs),
        "dense1": {"dweights": digest(dense1.dweights), "dbiases": digest(dense1.dbiases), "dinputs": digest(dense1.dinputs)},
    }


if __name__ == "__main__":
    out = {"ch09": ch09()}
    print(json.dumps(out, indent=1))
