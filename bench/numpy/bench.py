"""NumPy's side of the benchmark, in the book's style: `python3 bench/numpy/bench.py <workload> [--float32]`.

It is a peer being measured, never a dependency of scratchnet. By default NumPy runs under the book's
semantics (nnfs.init(): float32 arrays, np.dot computed in float64 and rounded to float32), which is
what scratchnet reproduces; --float32 uses plain float32 np.dot (float32 BLAS, other digits). Run it
with OPENBLAS_NUM_THREADS=1 (bench/run.ts does) for the single-thread figure. Prints one RESULT line.
"""
import json
import resource
import sys
import time

import numpy as np

WORKLOAD = sys.argv[1]
FLOAT32 = '--float32' in sys.argv
SYSTEM = 'numpy-float32' if FLOAT32 else 'numpy'
MATMUL_SHAPES = [(128, 784, 128), (128, 128, 10), (512, 512, 512)]
MLP = dict(inputs=784, hidden=128, classes=10, batch=128, batches=20)
ROUND_SECONDS = dict(matmul=0.2, mlp=0.5)  # bench/common.ts's ROUNDS
INFERENCE_CALLS = 500  # bench/common.ts's INFERENCE.calls
SERVED = '--serve' in sys.argv
CH10 = dict(epochs=10001, samples=100, classes=3, hidden=64, learning_rate=0.05, decay=5e-7, budget_seconds=40)

# The book's nnfs.init(): float32 draws, np.dot in float64 rounded to float32; and float32 exp/log computed
# in float64 and rounded once (what the book's printed digits need; NumPy 2's float32 kernels differ).
_randn = np.random.randn
np.random.randn = lambda *shape: _randn(*shape).astype(np.float32)
if not FLOAT32:
    _dot, _exp, _log = np.dot, np.exp, np.log
    np.dot = lambda a, b: _dot(np.asarray(a, np.float64), np.asarray(b, np.float64)).astype(np.float32)
    np.exp = lambda x: _exp(x.astype(np.float64)).astype(np.float32) if x.dtype == np.float32 else _exp(x)
    np.log = lambda x: _log(x.astype(np.float64)).astype(np.float32) if x.dtype == np.float32 else _log(x)


def report(metrics, notes=None):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = dict(system=SYSTEM, workload=WORKLOAD, metrics=metrics, peakMB=peak_mb)
    if notes:
        result['notes'] = notes
    print('RESULT ' + json.dumps(result), flush=True)


def calls_per_round(fn, round_seconds):
    """How many calls of fn last about round_seconds (at least one), after a warm-up call."""
    fn()
    calls = 1
    while True:
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        s = time.perf_counter() - t
        if s >= round_seconds / 4 or calls > 1e6:
            return max(1, int(np.ceil(calls * round_seconds / max(s, 1e-6))))
        calls *= 4


def timed_rounds(fn, round_seconds):
    """Rounds of about round_seconds of fn, sized now: each call of the result times one round, in seconds per call of fn."""
    calls = calls_per_round(fn, round_seconds)

    def round_():
        t = time.perf_counter()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - t) / calls
    return round_


def report_rounds(measures):
    """As bench/common.ts's reportRounds: with --serve, READY, then ROUND <figures as JSON> per 'round' line until 'end';
    alone, the best of five rounds. Then the RESULT line."""
    if not SERVED:
        metrics = {}
        for _ in range(5):
            for name, measure in measures.items():
                v = measure()
                best = metrics.get(name)
                if best is None or (v > best if name.split(' (')[0].endswith('/s') else v < best):
                    metrics[name] = v
        report(metrics)
        return
    print('READY', flush=True)
    for line in sys.stdin:
        if line.strip() == 'end':
            break
        print('ROUND ' + json.dumps({name: measure() for name, measure in measures.items()}), flush=True)
    report({})


# The book's classes (chapters 9 to 19), as written there.
class Layer_Dense:
    def __init__(self, n_inputs, n_neurons):
        self.weights = 0.01 * np.random.randn(n_inputs, n_neurons)
        self.biases = np.zeros((1, n_neurons), dtype=np.float32)

    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.dot(inputs, self.weights) + self.biases

    def backward(self, dvalues):
        self.dweights = np.dot(self.inputs.T, dvalues)
        self.dbiases = np.sum(dvalues, axis=0, keepdims=True)
        self.dinputs = np.dot(dvalues, self.weights.T)


class Activation_ReLU:
    def forward(self, inputs):
        self.inputs = inputs
        self.output = np.maximum(0, inputs)

    def backward(self, dvalues):
        self.dinputs = dvalues.copy()
        self.dinputs[self.inputs <= 0] = 0


class Activation_Softmax:
    def forward(self, inputs):
        exp_values = np.exp(inputs - np.max(inputs, axis=1, keepdims=True))
        self.output = exp_values / np.sum(exp_values, axis=1, keepdims=True)


class Activation_Softmax_Loss_CategoricalCrossentropy:
    def __init__(self):
        self.activation = Activation_Softmax()

    def forward(self, inputs, y_true):
        self.activation.forward(inputs)
        self.output = self.activation.output
        y_pred_clipped = np.clip(self.output, 1e-7, 1 - 1e-7)
        return np.mean(-np.log(y_pred_clipped[range(len(y_pred_clipped)), y_true]))

    def backward(self, dvalues, y_true):
        samples = len(dvalues)
        self.dinputs = dvalues.copy()
        self.dinputs[range(samples), y_true] -= 1
        self.dinputs = self.dinputs / samples


class Optimizer_Adam:
    def __init__(self, learning_rate=0.001, decay=0., epsilon=1e-7, beta_1=0.9, beta_2=0.999):
        self.learning_rate = learning_rate
        self.current_learning_rate = learning_rate
        self.decay = decay
        self.iterations = 0
        self.epsilon = epsilon
        self.beta_1 = beta_1
        self.beta_2 = beta_2

    def pre_update_params(self):
        if self.decay:
            self.current_learning_rate = self.learning_rate * (1. / (1. + self.decay * self.iterations))

    def update_params(self, layer):
        if not hasattr(layer, 'weight_cache'):
            layer.weight_momentums = np.zeros_like(layer.weights)
            layer.weight_cache = np.zeros_like(layer.weights)
            layer.bias_momentums = np.zeros_like(layer.biases)
            layer.bias_cache = np.zeros_like(layer.biases)
        layer.weight_momentums = self.beta_1 * layer.weight_momentums + (1 - self.beta_1) * layer.dweights
        layer.bias_momentums = self.beta_1 * layer.bias_momentums + (1 - self.beta_1) * layer.dbiases
        weight_momentums_corrected = layer.weight_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        bias_momentums_corrected = layer.bias_momentums / (1 - self.beta_1 ** (self.iterations + 1))
        layer.weight_cache = self.beta_2 * layer.weight_cache + (1 - self.beta_2) * layer.dweights ** 2
        layer.bias_cache = self.beta_2 * layer.bias_cache + (1 - self.beta_2) * layer.dbiases ** 2
        weight_cache_corrected = layer.weight_cache / (1 - self.beta_2 ** (self.iterations + 1))
        bias_cache_corrected = layer.bias_cache / (1 - self.beta_2 ** (self.iterations + 1))
        layer.weights += -self.current_learning_rate * weight_momentums_corrected / (np.sqrt(weight_cache_corrected) + self.epsilon)
        layer.biases += -self.current_learning_rate * bias_momentums_corrected / (np.sqrt(bias_cache_corrected) + self.epsilon)

    def post_update_params(self):
        self.iterations += 1


def spiral_data(samples, classes):
    """nnfs's spiral data (float32 under nnfs.init())."""
    X = np.zeros((samples * classes, 2), dtype=np.float32)
    y = np.zeros(samples * classes, dtype='uint8')
    for class_number in range(classes):
        ix = range(samples * class_number, samples * (class_number + 1))
        r = np.linspace(0.0, 1, samples)
        t = np.linspace(class_number * 4, (class_number + 1) * 4, samples) + np.random.randn(samples) * 0.2
        X[ix] = np.c_[r * np.sin(t * 2.5), r * np.cos(t * 2.5)]
        y[ix] = class_number
    return X, y


np.random.seed(0)

if WORKLOAD == 'matmul':
    rng = np.random.RandomState(2)
    measures = {}
    for m, k, n in MATMUL_SHAPES:
        a = (rng.rand(m, k) * 2 - 1).astype(np.float32)
        b = (rng.rand(k, n) * 2 - 1).astype(np.float32)
        round_ = timed_rounds(lambda a=a, b=b: np.dot(a, b), ROUND_SECONDS['matmul'])
        measures[f'{m}x{k}x{n} µs'] = lambda round_=round_: round_() * 1e6
    report_rounds(measures)

elif WORKLOAD == 'mlp':
    dense1 = Layer_Dense(MLP['inputs'], MLP['hidden'])
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(MLP['hidden'], MLP['hidden'])
    activation2 = Activation_ReLU()
    dense3 = Layer_Dense(MLP['hidden'], MLP['classes'])
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=0.001, decay=5e-5)
    rng = np.random.RandomState(1)
    count = MLP['batch'] * MLP['batches']
    X = (rng.rand(count, MLP['inputs']) * 2 - 1).astype(np.float32)
    y = rng.randint(0, MLP['classes'], count)
    state = {'step': 0}

    def train_step():
        s = state['step'] % MLP['batches']
        state['step'] += 1
        batch_X = X[s * MLP['batch']:(s + 1) * MLP['batch']]
        batch_y = y[s * MLP['batch']:(s + 1) * MLP['batch']]
        dense1.forward(batch_X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        dense3.forward(activation2.output)
        loss_activation.forward(dense3.output, batch_y)
        loss_activation.backward(loss_activation.output, batch_y)
        dense3.backward(loss_activation.dinputs)
        activation2.backward(dense3.dinputs)
        dense2.backward(activation2.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.update_params(dense3)
        optimizer.post_update_params()

    round_ = timed_rounds(train_step, ROUND_SECONDS['mlp'])
    report_rounds({'samples/s': lambda: MLP['batch'] / round_()})

elif WORKLOAD == 'ch10':
    X, y = spiral_data(CH10['samples'], CH10['classes'])
    dense1 = Layer_Dense(2, CH10['hidden'])
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(CH10['hidden'], CH10['classes'])
    loss_activation = Activation_Softmax_Loss_CategoricalCrossentropy()
    optimizer = Optimizer_Adam(learning_rate=CH10['learning_rate'], decay=CH10['decay'])
    start = time.perf_counter()
    epochs = 0
    while epochs < CH10['epochs'] and time.perf_counter() - start < CH10['budget_seconds']:
        epochs += 1
        dense1.forward(X)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        loss = loss_activation.forward(dense2.output, y)
        predictions = np.argmax(loss_activation.output, axis=1)
        accuracy = np.mean(predictions == y)
        loss_activation.backward(loss_activation.output, y)
        dense2.backward(loss_activation.dinputs)
        activation1.backward(dense2.dinputs)
        dense1.backward(activation1.dinputs)
        optimizer.pre_update_params()
        optimizer.update_params(dense1)
        optimizer.update_params(dense2)
        optimizer.post_update_params()
    seconds = time.perf_counter() - start
    stopped = f'stopped after {epochs} epochs (time extrapolated); ' if epochs < CH10['epochs'] else ''
    report({'s for 10,001 epochs': seconds * CH10['epochs'] / epochs, 'epochs/s': epochs / seconds}, f'{stopped}acc {accuracy:.3f}, loss {loss:.3f}')

elif WORKLOAD == 'inference':
    dense1 = Layer_Dense(MLP['inputs'], MLP['hidden'])
    activation1 = Activation_ReLU()
    dense2 = Layer_Dense(MLP['hidden'], MLP['hidden'])
    activation2 = Activation_ReLU()
    dense3 = Layer_Dense(MLP['hidden'], MLP['classes'])
    softmax = Activation_Softmax()
    sample = (np.random.RandomState(3).rand(1, MLP['inputs']) * 2 - 1).astype(np.float32)

    def predict():
        dense1.forward(sample)
        activation1.forward(dense1.output)
        dense2.forward(activation1.output)
        activation2.forward(dense2.output)
        dense3.forward(activation2.output)
        softmax.forward(dense3.output)

    def median_us():
        """The median of INFERENCE_CALLS single-sample passes, each timed alone, after a warm-up."""
        for _ in range(200):
            predict()
        times = []
        for _ in range(INFERENCE_CALLS):
            t = time.perf_counter()
            predict()
            times.append(time.perf_counter() - t)
        return float(np.median(times)) * 1e6

    report_rounds({'median µs': median_us})

else:
    sys.exit('usage: bench.py matmul|mlp|ch10|inference [--float32]')
