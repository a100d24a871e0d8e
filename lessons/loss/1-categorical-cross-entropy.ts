/**
 * CATEGORICAL CROSS-ENTROPY
 *
 * Source: "Neural Networks from Scratch" video series, P.7 "Calculating Loss with Categorical
 * Cross-Entropy" (original script loss/loss_categoricalCE.py); book chapter 5, "Calculating
 * Network Error with Loss".
 *
 * THEORY
 * To improve a network we need one number that says how wrong it is: the loss. For a classifier
 * that outputs probabilities, categorical cross-entropy compares them with the target distribution
 * (one-hot: 1 for the true class, 0 elsewhere):
 *     L = −Σ_j y_j · log(ŷ_j)
 * All terms with y_j = 0 vanish, so L = −log(ŷ_true): the negative log of the confidence in the
 * right class. Full confidence (ŷ = 1) costs 0; the cost grows without bound as ŷ → 0.
 *
 * THIS SCRIPT
 * The prediction [0.7, 0.1, 0.2] against the one-hot target [1, 0, 0], once with the full sum and
 * once as −log(0.7). Both print 0.35667494393873245.
 */
import { formatFloat64 } from '../../src/index.ts';

const softmaxOutput = [0.7, 0.1, 0.2];
const targetOutput = [1, 0, 0]; // class 0 is the true class

const loss = -(
  Math.log(softmaxOutput[0]) * targetOutput[0] +
  Math.log(softmaxOutput[1]) * targetOutput[1] +
  Math.log(softmaxOutput[2]) * targetOutput[2]
);

// Only the true class's term survives
const lossOfTrueClass = -Math.log(softmaxOutput[0]);

console.log(formatFloat64(loss));
console.log(formatFloat64(lossOfTrueClass));
