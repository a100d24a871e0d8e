/**
 * A WHOLE FORWARD PASS
 *
 * Source: "Neural Networks from Scratch" video series, P.6 "Softmax Activation" (original script
 * activation/activation6_Softmax.py); book chapter 4.
 *
 * THEORY
 * Now the pieces make a network: spiral data (2 features) → dense layer 2 → 3 → ReLU → dense
 * layer 3 → 3 → softmax, whose three outputs per sample are the network's confidence in each
 * class. One detail matters in practice: e^z overflows for large z (e^1000 is infinity). Softmax
 * therefore subtracts each row's largest value first. That changes nothing mathematically (the
 * factor e^(−max) cancels in the division), but now every exponent is ≤ 0 and every e^z is in
 * (0, 1].
 *
 * THIS SCRIPT
 * Seed 0, spiral data (100 points, 3 classes, float64), then the network with 0.1 · randn weights,
 * all in float64 as plain NumPy. It prints the softmax outputs of the first five samples: each close
 * to 1/3, because an untrained network with small random weights has no preference yet.
 * (The original script imported its data function from the previous script, which re-ran that
 * script and moved the random generator on; we start from a clean seed.)
 */
import { Dense, RandomState, ReLU, Softmax, spiralData } from '../../src/index.ts';

const random = new RandomState(0); // np.random.seed(0)
const { X } = spiralData(100, 3, random, 'float64');

const dense1 = new Dense(2, 3, { random, scale: 0.1, dtype: 'float64' });
const activation1 = new ReLU();
const dense2 = new Dense(3, 3, { random, scale: 0.1, dtype: 'float64' });
const activation2 = new Softmax(); // subtracts each row's maximum before exponentiating

const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))));

console.log(output.sliceRows(0, 5).toString());
