/**
 * OPTIMIZATION BY RANDOM SEARCH
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 6,
 * "Introducing Optimization"; video series P.9.
 *
 * THEORY
 * Now that the loss says how wrong the network is, we can try to make it less wrong. The most naive
 * way: nudge every weight and bias by a small random amount (0.05 · randn), keep the change if the
 * loss went down, undo it otherwise. On the vertical data set (three blobs side by side, which
 * straight lines can separate) this finds better weights again and again, and the accuracy climbs
 * to about 0.93. On the spiral data it stalls almost at once near loss 1.08 and accuracy 0.4: the
 * space of weights is too large to search blindly, and a random step that helps is too rare. We
 * need to know which way to move each weight, which is what derivatives (the next chapters) give.
 *
 * THIS SCRIPT
 * The chapter's final code, 10,000 iterations on vertical data, then again on spiral data (each
 * from a fresh seed 0, as `nnfs.init()` at the top of the book's script). Every time the loss
 * improves it prints the book's line,
 *     New set of weights found, iteration: 5 loss: 1.0976487 acc: 0.3333333333333333
 * The loss is a float32 (shortest float32 form), the accuracy a float64 (full Python repr).
 * It also draws the vertical data set. (The book's own file forgot to import `vertical_data`.)
 *   --iterations N   search for N iterations on each data set (default 10000)
 */
import { parseArgs } from 'node:util';
import {
  CategoricalAccuracy,
  CategoricalCrossentropy,
  Dense,
  RandomState,
  ReLU,
  Softmax,
  formatFloat32,
  formatFloat64,
  scatter,
  spiralData,
  verticalData,
  type Matrix,
} from '../../src/index.ts';

/** Adds 0.05 · randn to every value, in float32 as the book's NumPy does: w += 0.05 * np.random.randn(...). */
function nudge(m: Matrix, random: RandomState): void {
  const step = Math.fround(0.05);
  for (let k = 0; k < m.data.length; k++) {
    m.data[k] = m.data[k] + Math.fround(step * Math.fround(random.randn()));
  }
}

function randomSearch(dataSet: 'vertical' | 'spiral', iterations: number): void {
  const random = new RandomState(0); // nnfs.init()

  // Create dataset
  const { X, y } = dataSet === 'vertical' ? verticalData(100, 3, random) : spiralData(100, 3, random);

  // Create model
  const dense1 = new Dense(2, 3, { random });
  const activation1 = new ReLU();
  const dense2 = new Dense(3, 3, { random });
  const activation2 = new Softmax();
  const lossFunction = new CategoricalCrossentropy();
  const accuracy = new CategoricalAccuracy();

  // The parameters, and a copy of the best ones found so far
  const parameters = [dense1.weights, dense1.biases, dense2.weights, dense2.biases];
  let best = parameters.map((p) => p.clone());
  let lowestLoss = 9999999;

  for (let iteration = 0; iteration < iterations; iteration++) {
    // Update weights with some small random values
    for (const p of parameters) nudge(p, random);

    // Forward pass, loss and accuracy
    const output = activation2.forward(dense2.forward(activation1.forward(dense1.forward(X))));
    const loss = lossFunction.calculate(output, y);
    const acc = accuracy.calculate(output.argmaxRows(), y);

    if (loss < lowestLoss) {
      // The loss went down: report, and remember these weights and biases
      console.log(`New set of weights found, iteration: ${iteration} loss: ${formatFloat32(loss)} acc: ${formatFloat64(acc)}`);
      best = parameters.map((p) => p.clone());
      lowestLoss = loss;
    } else {
      // Revert weights and biases
      parameters.forEach((p, k) => p.data.set(best[k]!.data));
    }
  }
}

const { values: options } = parseArgs({ options: { iterations: { type: 'string', default: '10000' } } });
const iterations = Number(options.iterations);
if (!Number.isInteger(iterations) || iterations < 0) throw new RangeError(`--iterations must be a whole number, got ${options.iterations}`);

console.log('# vertical_data(samples=100, classes=3)');
randomSearch('vertical', iterations);
console.log('# spiral_data(samples=100, classes=3)');
randomSearch('spiral', iterations);

const vertical = verticalData(100, 3, new RandomState(0));
const picture = await scatter(vertical.X, 'out/book/ch06-vertical-data.svg', { labels: vertical.y, title: 'Vertical data: 100 points, 3 classes' });
console.log(`picture: ${picture.svg} (and .png)`);
