/**
 * A DENSE LAYER WITH RELU, ON SPIRAL DATA
 *
 * Source: "Neural Networks from Scratch" video series, P.5 "Hidden Layer Activation Functions"
 * (original script activation/activation2_ReLU.py); book chapters 3 and 4.
 *
 * THEORY
 * To see what a network can learn we need data that is hard for straight lines. The spiral data
 * set winds one arm of points per class around the centre: 100 points per class, each with two
 * features (x₁, x₂). No straight line separates the arms, so a network must bend its decision
 * boundaries, which is what ReLU layers make possible. A ReLU layer is a dense layer whose outputs
 * go through max(0, x): each neuron is "on" on one side of a line through the plane and "off" on
 * the other, and later layers combine these half-planes.
 *
 * THIS SCRIPT
 * Seed 0, the spiral data (100 points, 3 classes) in float64 as plain NumPy, a dense layer 2 → 5
 * (0.1 · randn weights) and ReLU. It draws the data twice, plain and coloured by class, and prints
 * the 300 × 5 ReLU output. Above 1,000 values NumPy shows only the first and last three rows and
 * columns, and so do we. Notice the zeros: negative outputs were cut off.
 */
import { Dense, RandomState, ReLU, scatter, spiralData } from '../../src/index.ts';

const random = new RandomState(0); // np.random.seed(0)

// 100 points for each of 3 classes; X is 300 × 2, y the class of each point
const { X, y } = spiralData(100, 3, random, 'float64');

const plain = await scatter(X, 'out/activation/2-spiral-data.svg', { title: 'Spiral data: 100 points, 3 classes' });
const coloured = await scatter(X, 'out/activation/2-spiral-data-by-class.svg', { labels: y, title: 'Spiral data coloured by class' });

const layer1 = new Dense(2, 5, { random, scale: 0.1, dtype: 'float64' });
const activation1 = new ReLU();

const output = activation1.forward(layer1.forward(X));
console.log(output.toString());

console.log(`picture: ${plain.svg} (and .png)`);
console.log(`picture: ${coloured.svg} (and .png)`);
