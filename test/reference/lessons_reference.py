"""Prints what each Part I lesson and book chapters 2-5 and 7 print, computed with NumPy, as JSON.

Test oracle only: scratchnet never depends on Python. Run it with NumPy (checked with 2.4.6):

    NPY_DISABLE_CPU_FEATURES="X86_V3 X86_V4 AVX512_ICL AVX512_SPR" python3 test/reference/lessons_reference.py

Each function is the original script (the video series' Part I scripts, the book's chapter code),
with the fixes the curriculum asks for (each ReLU list printed separately, activation6 and the loss
script starting from a clean seed, the loss printed for class indices and one-hot targets). The
expected texts in test/lessons/*.test.ts were pasted from its output. Chapters 3 to 5 run in a child
process under book_numpy.init() (nnfs.init()'s semantics).
"""
import contextlib
import io
import json
import math
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, '/work/shared/numpy-reference')
LESSONS = {}


def lesson(name):
    def register(fn):
        LESSONS[name] = fn
        return fn
    return register


def create_data(points, classes):
    X = np.zeros((points * classes, 2))
    y = np.zeros(points * classes, dtype='uint8')
    for class_number in range(classes):
        ix = range(points * class_number, points * (class_number + 1))
        r = np.linspace(0.0, 1, points)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, points) + np.random.randn(points) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


class Layer_Dense:
    def __init__(self, n_inputs, n_neurons, scale=0.1):
        self.weights = scale * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons))

    def forward(self, inputs):
        self.output = np.dot(inputs, self.weights) + self.biases


class Activation_ReLU:
    def forward(self, inputs):
        self.output = np.maximum(0, inputs)


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


@lesson('neurons/1-single-neuron')
def neuron1():
    inputs = [1, 2, 3]
    weights = [0.2, 0.8, -0.5]
    bias = 2
    print(inputs[0] * weights[0] + inputs[1] * weights[1] + inputs[2] * weights[2] + bias)


INPUTS = [1, 2, 3, 2.5]
WEIGHTS = [[0.2, 0.8, -0.5, 1.0], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]]
BIASES = [2, 3, 0.5]
BATCH = [[1, 2, 3, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]


@lesson('neurons/2-layer-of-neurons')
def neuron2():
    i, (w1, w2, w3), (b1, b2, b3) = INPUTS, WEIGHTS, BIASES
    print([i[0] * w1[0] + i[1] * w1[1] + i[2] * w1[2] + i[3] * w1[3] + b1,
           i[0] * w2[0] + i[1] * w2[1] + i[2] * w2[2] + i[3] * w2[3] + b2,
           i[0] * w3[0] + i[1] * w3[1] + i[2] * w3[2] + i[3] * w3[3] + b3])


@lesson('neurons/3-layer-with-loops')
def neuron3():
    layer_outputs = []
    for neuron_weights, neuron_bias in zip(WEIGHTS, BIASES):
        neuron_output = 0
        for n_input, weight in zip(INPUTS, neuron_weights):
            neuron_output += n_input * weight
        neuron_output += neuron_bias
        layer_outputs.append(neuron_output)
    print(layer_outputs)


@lesson('neurons/4-dot-product')
def neuron4():
    print(np.dot(WEIGHTS[0], INPUTS) + 2)


@lesson('neurons/5-layer-dot-product')
def neuron5():
    print(np.dot(WEIGHTS, INPUTS) + BIASES)


@lesson('batches/1-batch-of-inputs')
def batches1():
    print(np.dot(BATCH, np.array(WEIGHTS).T) + BIASES)


@lesson('batches/2-two-layers')
def batches2():
    weights2 = [[0.1, -0.14, 0.5], [-0.5, 0.12, -0.33], [-0.44, 0.73, -0.13]]
    biases2 = [-1, 2, -0.5]
    layer1_outputs = np.dot(BATCH, np.array(WEIGHTS).T) + BIASES
    print(layer1_outputs.shape)
    print(np.dot(layer1_outputs, np.array(weights2).T) + biases2)


@lesson('layers/1-dense-layer-class')
def layers1():
    np.random.seed(0)
    layer1 = Layer_Dense(4, 5)
    layer2 = Layer_Dense(5, 2)
    layer1.forward(BATCH)
    print(layer1.output)
    print(layer1.output.shape)
    layer2.forward(layer1.output)
    print(layer2.output)
    print(layer2.output.shape)


@lesson('activation/1-relu-by-hand')
def activation1():
    inputs = [0, 2, 3.3, -2.7, 1.1, 2.2, -100]
    output = []
    for i in inputs:
        output.append(i if i > 0 else 0)
    print(output)
    print([max(0, i) for i in inputs])


@lesson('activation/2-relu-layer')
def activation2():
    np.random.seed(0)
    X, y = create_data(100, 3)
    layer1 = Layer_Dense(2, 5)
    activation1 = Activation_ReLU()
    layer1.forward(X)
    activation1.forward(layer1.output)
    print(activation1.output)


@lesson('activation/3-softmax-by-hand')
def activation3():
    layer_outputs = [4.8, 1.21, 2.385]
    exp_values = [math.e ** output for output in layer_outputs]
    norm_base = sum(exp_values)
    norm_values = [value / norm_base for value in exp_values]
    print(norm_values)
    print(sum(norm_values))


@lesson('activation/4-softmax-vectorized')
def activation4():
    exp_values = np.exp([4.8, 1.21, 2.385])
    norm_values = exp_values / np.sum(exp_values)
    print(norm_values)
    print(sum(norm_values))


@lesson('activation/5-softmax-batch')
def activation5():
    exp_values = np.exp([[4.8, 1.21, 2.385], [8.9, -1.81, 0.2], [1.41, 1.051, 0.026]])
    norm_values = exp_values / np.sum(exp_values, axis=1, keepdims=True)
    print(norm_values)
    print(np.sum(norm_values, axis=1, keepdims=True))


def network_float64():
    np.random.seed(0)
    X, y = create_data(100, 3)
    dense1, activation1 = Layer_Dense(2, 3), Activation_ReLU()
    dense2, activation2 = Layer_Dense(3, 3), Activation_Softmax()
    dense1.forward(X)
    activation1.forward(dense1.output)
    dense2.forward(activation1.output)
    activation2.forward(dense2.output)
    return activation2.output, y


@lesson('activation/6-network-forward-pass')
def activation6():
    print(network_float64()[0][:5])


@lesson('loss/1-categorical-cross-entropy')
def loss1():
    softmax_output = [0.7, 0.1, 0.2]
    target_output = [1, 0, 0]
    print(-(math.log(softmax_output[0]) * target_output[0] + math.log(softmax_output[1]) * target_output[1]
            + math.log(softmax_output[2]) * target_output[2]))
    print(-math.log(softmax_output[0]))


def categorical_cross_entropy(y_pred, y_true):
    y_pred_clipped = np.clip(y_pred, 1e-7, 1 - 1e-7)
    if len(y_true.shape) == 1:
        correct_confidences = y_pred_clipped[range(len(y_pred)), y_true]
    elif len(y_true.shape) == 2:
        correct_confidences = np.sum(y_pred_clipped * y_true, axis=1)
    return np.mean(-np.log(correct_confidences))


@lesson('loss/2-loss-in-the-network')
def loss2():
    output, y = network_float64()
    print('loss:', categorical_cross_entropy(output, y))
    print('loss from one-hot targets:', categorical_cross_entropy(output, np.eye(3)[y]))


def tangents():
    def f(x):
        return 2 * x ** 2
    for i in range(5):
        p2_delta = 0.0001
        x1 = i
        x2 = x1 + p2_delta
        y1 = f(x1)
        y2 = f(x2)
        print((x1, y1), (x2, y2))
        approximate_derivative = (y2 - y1) / (x2 - x1)
        print('Approximate derivative for f(x)', f'where x = {x1} is {approximate_derivative}')


lesson('visualisations/1-derivative-tangents')(tangents)


@lesson('book/ch02-layer-of-neurons')
def ch02():
    inputs = [[1.0, 2.0, 3.0, 2.5], [2.0, 5.0, -1.0, 2.0], [-1.5, 2.7, 3.3, -0.8]]
    print(np.dot(inputs, np.array(WEIGHTS).T) + BIASES)


def book_part():
    """Chapters 3 to 5 under nnfs.init() semantics (run in a child process: init() patches NumPy)."""
    import book_numpy as bn
    out = {}

    class Dense:
        def __init__(self, n_inputs, n_neurons):
            self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
            self.biases = np.zeros((1, n_neurons))

        def forward(self, inputs):
            self.output = np.dot(inputs, self.weights) + self.biases

    def capture(fn):
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            fn()
        return buffer.getvalue()

    def network():
        bn.init()
        X, y = bn.spiral_data(samples=100, classes=3)
        dense1 = Dense(2, 3)
        dense1.forward(X)
        activation1 = Activation_ReLU()
        activation1.forward(dense1.output)
        dense2 = Dense(3, 3)
        dense2.forward(activation1.output)
        activation2 = Activation_Softmax()
        activation2.forward(dense2.output)
        return dense1, activation2, y

    out['book/ch03-dense-layer'] = capture(lambda: print(network()[0].output[:5]))
    out['book/ch04-activations'] = capture(lambda: print(network()[1].output[:5]))

    def ch05():
        _, activation2, y = network()
        samples = len(activation2.output)
        clipped = np.clip(activation2.output, 1e-7, 1 - 1e-7)
        loss = np.mean(-np.log(clipped[range(samples), y]))
        print(activation2.output[:5])
        print('loss:', loss)
        predictions = np.argmax(activation2.output, axis=1)
        print('acc:', np.mean(predictions == y))
    out['book/ch05-loss-and-accuracy'] = capture(ch05)
    return out


if __name__ == '__main__':
    if sys.argv[1:] == ['book']:
        print(json.dumps(book_part()))
        sys.exit()
    result = {}
    for name, fn in LESSONS.items():
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            fn()
        result[name] = buffer.getvalue()
    text = subprocess.run([sys.executable, __file__, 'book'], check=True, capture_output=True, text=True).stdout
    result.update(json.loads(text))
    print(json.dumps(result, indent=1))
