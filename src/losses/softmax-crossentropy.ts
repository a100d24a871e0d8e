/**
 * Softmax followed by categorical cross-entropy, as one step. Chaining their two backward passes
 * (a Jacobian per sample, then −y/ŷ) collapses to a strikingly simple gradient with respect to the
 * softmax inputs z: `dL/dz = (ŷ − y) / N`. The book's chapter 9 shows the two agree and that the
 * combined one is several times faster; the tests here check the same.
 */
import { Matrix } from '../matrix.ts';
import { Softmax } from '../activations/softmax.ts';
import { CategoricalCrossentropy } from './categorical-crossentropy.ts';
import { checkLabels, checkTargets, type Targets } from './loss.ts';
import { assertMatrix } from '../checks.ts';

/** The softmax output layer and its cross-entropy loss, with the combined backward pass. */
export class SoftmaxCategoricalCrossentropy {
  /** The softmax activation it applies. */
  readonly activation = new Softmax();
  /** The cross-entropy it measures (its `calculate`, `regularizationLoss` and `total` are the loss's). */
  readonly loss = new CategoricalCrossentropy();

  /** Softmax of `inputs`, and the mean cross-entropy of that output against `yTrue`. */
  forward(inputs: Matrix, yTrue: Targets): { output: Matrix; loss: number } {
    const output = this.activation.forward(inputs);
    return { output, loss: this.loss.calculate(output, yTrue) };
  }

  /** dL/dz = (ŷ − y) / samples, where `dvalues` is the softmax output ŷ. */
  backward(dvalues: Matrix, yTrue: Targets): Matrix {
    assertMatrix(dvalues, 'SoftmaxCategoricalCrossentropy.backward: dvalues (the softmax output)');
    const { rows: samples, cols } = dvalues;
    // One-hot targets become class indices (np.argmax(y_true, axis=1)).
    let labels: ArrayLike<number>;
    if (yTrue instanceof Matrix) {
      checkTargets(dvalues, yTrue, 'SoftmaxCategoricalCrossentropy');
      labels = yTrue.argmaxRows();
    } else {
      checkLabels(yTrue, samples, cols, 'SoftmaxCategoricalCrossentropy');
      labels = yTrue;
    }
    const dinputs = new Matrix(samples, cols, dvalues.dtype);
    const d = dvalues.data;
    const out = dinputs.data;
    for (let i = 0; i < samples; i++) {
      const label = labels[i]!;
      for (let j = 0, k = i * cols; j < cols; j++, k++) {
        // ŷ − y (subtract 1 at the correct class, rounded), then / samples; each rounds on store
        out[k] = j === label ? d[k]! - 1 : d[k]!;
        out[k] = out[k]! / samples;
      }
    }
    return dinputs;
  }
}
