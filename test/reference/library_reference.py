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


OPTIMIZERS = {
    "sgd": lambda: bc.Optimizer_SGD(),
    "sgd-decay": lambda: bc.Optimizer_SGD(learning_rate=0.5, decay=0.1),
    "momentum": lambda: bc.Optimizer_SGD(decay=1e-3, momentum=0.9),
    "adagrad": lambda: bc.Optimizer_Adagrad(decay=1e-4),
    "rmsprop": lambda: bc.Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999),
    "adam": lambda: bc.Optimizer_Adam(learning_rate=0.05, decay=5e-7),
    "adam-defaults": lambda: bc.Optimizer_Adam(),
}


def gradient(rows, cols, t, dtype):
    """Deterministic test gradients: ((7k + 3t) mod 11 − 5) / 13, rounded to the dtype."""
    k = np.arange(rows * cols).reshape(rows, cols)
    return (((7 * k + 3 * t) % 11 - 5) / 13).astype(dtype)


def optimizer_steps():
    """Three steps of each optimizer on a 2 × 3 weight matrix and a 1 × 3 bias row (float32), with
    float32 weight gradients and float32 or float64 (as behind dropout) bias gradients."""
    out = {}
    for name, make in OPTIMIZERS.items():
        for bias_dtype in ("float32", "float64"):
            class Params:
                pass
            layer = Params()
            k = np.arange(6).reshape(2, 3)
            layer.weights = (((5 * k) % 7 - 3) / 10).astype(np.float32)
            layer.biases = np.array([[0.1, -0.2, 0.3]], dtype=np.float32)
            optimizer = make()
            steps = []
            for t in range(3):
                layer.dweights = gradient(2, 3, t, np.float32)
                layer.dbiases = gradient(1, 3, t + 5, bias_dtype)
                optimizer.pre_update_params()
                optimizer.update_params(layer)
                optimizer.post_update_params()
                steps.append({"lr": optimizer.current_learning_rate,
                              "weights": [float(v) for v in layer.weights.reshape(-1)],
                              "biases": [float(v) for v in layer.biases.reshape(-1)]})
            slots = {n: {"dtype": str(getattr(layer, n).dtype), "values": [float(v) for v in getattr(layer, n).reshape(-1)]}
                     for n in ("weight_momentums", "bias_momentums", "weight_cache", "bias_cache") if hasattr(layer, n)}
            out[f"{name}/{bias_dtype}"] = {"steps": steps, "slots": slots}
    return out


def record(epochs, accuracy, data_loss, regularization_loss, loss, optimizer):
    epochs.append({"acc": float(accuracy), "dataLoss": float(data_loss), "regLoss": float(regularization_loss),
                   "loss": float(loss), "lossDtype": str(np.asarray(loss).dtype), "lr": optimizer.current_learning_rate})


def train_softmax(epochs, *, optimizer, samples=100, hidden=64, l2=0.0, dropout=False):
    """The chapter 10/14/15 loop: Dense(2, hidden), ReLU, [Dropout(0.1)], Dense(hidden, 3), softmax + CCE."""
    bn.init()
    X, y = bn.spiral_data(samples, 3)
    dense1 = bc.Layer_Dense(2, hidden, weight_regularizer_l2=l2, bias_regularizer_l2=l2)
    activation1 = bc.Activation_ReLU()
    dropout1 = bc.Layer_Dropout(0.1) if dropout else None
    dense2 = bc.Layer_Dense(hidden, 3)
    loss_activation = bc.Activation_Softmax_Loss_CategoricalCrossentropy()
    log = []
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        if dropout1 is not None:
            dropout1.forward(activation1.output)
            dense2.forward(dropout1.output)
        else:
            dense2.forward(activation1.output)
        data_loss = loss_activation.forward(dense2.output, y)
        regularization_loss = loss_activation.loss.regularization_loss(dense1) + \
            loss_activation.loss.regularization_loss(dense2)
        loss = data_loss + regularization_loss
        accuracy = np.mean(np.argmax(loss_activation.output, axis=1) == y)
        record(log, accuracy, data_loss, regularization_loss, loss, optimizer)
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        if dropout1 is not None:
            dropout1.backward(dense2.dinputs)
            activation1.backward(dropout1.dinputs)
        else:
            activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    final = {"dense1.weights": digest(dense1.weights), "dense1.biases": digest(dense1.biases),
             "dense2.weights": digest(dense2.weights), "dense2.biases": digest(dense2.biases)}
    return {"epochs": log, "final": final}


def train_binary(epochs):
    """The chapter 16 loop: binary logistic regression on spiral_data(100, 2)."""
    bn.init()
    X, y = bn.spiral_data(100, 2)
    y = y.reshape(-1, 1)
    dense1 = bc.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4)
    activation1 = bc.Activation_ReLU()
    dense2 = bc.Layer_Dense(64, 1)
    activation2 = bc.Activation_Sigmoid()
    loss_function = bc.Loss_BinaryCrossentropy()
    optimizer = bc.Optimizer_Adam(decay=5e-7)
    log = []
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        data_loss = loss_function.calculate(activation2.output, y)
        regularization_loss = loss_function.regularization_loss(dense1) + loss_function.regularization_loss(dense2)
        loss = data_loss + regularization_loss
        accuracy = np.mean(((activation2.output > 0.5) * 1) == y)
        record(log, accuracy, data_loss, regularization_loss, loss, optimizer)
        loss_function.backward(activation2.output, y)
        activation2.backward(loss_function.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    return {"epochs": log, "final": {"dense2.weights": digest(dense2.weights), "dense2.biases": digest(dense2.biases)}}


def train_regression(epochs):
    """The chapter 17 loop: regression of sin(2πx) with MSE, weights 0.1 · randn."""
    bn.init()
    X, y = bn.sine_data()
    old_scale, bc.Layer_Dense.weight_scale = bc.Layer_Dense.weight_scale, 0.1
    dense1, dense2, dense3 = bc.Layer_Dense(1, 64), bc.Layer_Dense(64, 64), bc.Layer_Dense(64, 1)
    bc.Layer_Dense.weight_scale = old_scale
    activation1, activation2, activation3 = bc.Activation_ReLU(), bc.Activation_ReLU(), bc.Activation_Linear()
    loss_function = bc.Loss_MeanSquaredError()
    optimizer = bc.Optimizer_Adam(learning_rate=0.005, decay=1e-3)
    accuracy_precision = np.std(y) / 250
    log = []
    for epoch in range(epochs):
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        dense3.forward(activation2.output)
        activation3.forward(dense3.output)
        data_loss = loss_function.calculate(activation3.output, y)
        regularization_loss = loss_function.regularization_loss(dense1) + \
            loss_function.regularization_loss(dense2) + loss_function.regularization_loss(dense3)
        loss = data_loss + regularization_loss
        accuracy = np.mean(np.absolute(activation3.output - y) < accuracy_precision)
        record(log, accuracy, data_loss, regularization_loss, loss, optimizer)
        loss_function.backward(activation3.output, y)
        activation3.backward(loss_function.dinputs)
        dense3.backward(activation3.dinputs)
        activation2.backward(dense3.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.update_params(dense3)
        optimizer.post_update_params()
    return {"precision": float(accuracy_precision), "epochs": log,
            "final": {"dense3.weights": digest(dense3.weights), "dense3.biases": digest(dense3.biases)}}


def runs():
    return {
        "ch10-adam": train_softmax(50, optimizer=bc.Optimizer_Adam(learning_rate=0.05, decay=5e-7)),
        "ch10-sgd": train_softmax(50, optimizer=bc.Optimizer_SGD()),
        "ch10-momentum": train_softmax(50, optimizer=bc.Optimizer_SGD(decay=1e-3, momentum=0.9)),
        "ch10-adagrad": train_softmax(50, optimizer=bc.Optimizer_Adagrad(decay=1e-4)),
        "ch10-rmsprop": train_softmax(50, optimizer=bc.Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999)),
        "ch14": train_softmax(50, optimizer=bc.Optimizer_Adam(learning_rate=0.02, decay=5e-7), l2=5e-4),
        "ch15-512": train_softmax(5, optimizer=bc.Optimizer_Adam(learning_rate=0.05, decay=5e-5), samples=1000,
                                  hidden=512, l2=5e-4, dropout=True),
        "ch15-64": train_softmax(20, optimizer=bc.Optimizer_Adam(learning_rate=0.05, decay=5e-5), samples=1000,
                                 hidden=64, l2=5e-4, dropout=True),
        "ch16": train_binary(50),
        "ch17": train_regression(50),
    }


if __name__ == "__main__":
    out = {"ch09": ch09(), "optimizerSteps": optimizer_steps(), "runs": runs()}
    print(json.dumps(out, indent=1))
