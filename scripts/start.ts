/**
 * `npm start`: what scratchnet gives you, in under a minute, on built-in data.
 *
 * 1. Part I's key results, computed with the library (each line names the lesson that explains it).
 * 2. A spiral classifier trained by the CLI (`scratchnet train`), with its progress display.
 * 3. The picture of what it learned: its decision regions over the data, written to out/start/.
 * 4. Where to go next: the lessons (the long ones listed with how to run them), the CLI, the playground.
 *
 * Every lesson in curriculum order (minus the long ones) is `npm run tour`.
 */
import { mkdirSync } from 'node:fs';
import {
  CategoricalCrossentropy, Dense, Matrix, RandomState, ReLU, Softmax, decisionBoundary, dot, formatArray, formatFloat64, spiralData,
} from '../src/index.ts';
import { loadModel } from '../src/io/index.ts';
import { main as cli } from '../cli/main.ts';
import { lessonIds } from '../lessons/runner.ts';

const started = performance.now();
const bold = (text: string): string => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const heading = (text: string): void => console.log(`\n${bold(text)}\n`);
const result = (what: string, value: string, lesson: string): void => console.log(`  ${what.padEnd(44)} ${value.padEnd(36)} (${lesson})`);

console.log('scratchnet: a neural network from scratch in TypeScript, after "Neural Networks from Scratch" (Kinsley & Kukieła)');

// ---------------------------------------------------------------------------------------------
heading('1. Part I in one screen: from one neuron to a loss');

// One neuron: inputs times weights, plus a bias.
const neuron = 1 * 0.2 + 2 * 0.8 + 3 * -0.5 + 2;
result('one neuron, [1 2 3]·[0.2 0.8 -0.5] + 2', String(neuron), 'neurons/1-single-neuron');

// A layer of three neurons is a matrix product: the inputs times the transposed weights, plus the biases.
const inputs = Matrix.from([[1, 2, 3, 2.5], [2, 5, -1, 2], [-1.5, 2.7, 3.3, -0.8]], 'float64');
const weights = Matrix.from([[0.2, 0.8, -0.5, 1], [0.5, -0.91, 0.26, -0.5], [-0.26, -0.27, 0.17, 0.87]], 'float64');
const biases = Matrix.row([2, 3, 0.5], 'float64');
const layer = dot(inputs, weights, { transposeB: true }).addRow(biases);
result('a layer of three neurons, first sample', formatArray(layer.data.subarray(0, 3), [3], 'float64'), 'neurons/5-layer-dot-product');
result('the same layer, a batch of 3 samples: row 3', formatArray(layer.data.subarray(6, 9), [3], 'float64'), 'batches/1-batch-of-inputs');

// ReLU keeps the positives; softmax turns scores into probabilities.
const relu = new ReLU().forward(Matrix.row([0, 2, 3.3, -2.7, 1.1, 2.2, -100], 'float64'));
result('ReLU of [0 2 3.3 -2.7 1.1 2.2 -100]', formatArray(relu.data, [7], 'float64'), 'activation/1-relu-by-hand');
const probabilities = new Softmax().forward(Matrix.row([4.8, 1.21, 2.385], 'float64'));
result('softmax of [4.8 1.21 2.385]', formatArray(probabilities.data, [3], 'float64'), 'activation/4-softmax-vectorized');

// A whole forward pass on spiral data: untrained, it gives every class about 1/3.
const random = new RandomState(0);
const spiral = spiralData(100, 3, random, 'float64');
const dense1 = new Dense(2, 3, { random, scale: 0.1, dtype: 'float64' });
const dense2 = new Dense(3, 3, { random, scale: 0.1, dtype: 'float64' });
const output = new Softmax().forward(dense2.forward(new ReLU().forward(dense1.forward(spiral.X))));
result('an untrained network on spiral data, row 1', formatArray(output.data.subarray(0, 3), [3], 'float64'), 'activation/6-network-forward-pass');

// Cross-entropy: how wrong those probabilities are; −log(1/3) ≈ 1.0986 means "no idea yet".
result('cross-entropy of [0.7 0.1 0.2] for class 0', formatFloat64(-Math.log(0.7)), 'loss/1-categorical-cross-entropy');
result('its loss on the spiral data', formatFloat64(new CategoricalCrossentropy().calculate(output, spiral.y)), 'loss/2-loss-in-the-network');

// ---------------------------------------------------------------------------------------------
heading('2. Training a spiral classifier with the CLI');
mkdirSync('out/start', { recursive: true });
const modelPath = 'out/start/spiral.safetensors';
const command = ['train', '--data', 'spiral', '--epochs', '2000', '--print-every', '500', '-o', modelPath];
console.log(`$ npx scratchnet ${command.join(' ')}`);
const code = await cli(command);
if (code !== 0) process.exit(code);

// ---------------------------------------------------------------------------------------------
heading('3. What it learned');
const model = loadModel(modelPath);
const data = spiralData(100, 3, new RandomState(0));
const picture = await decisionBoundary((points) => model.predict(points), data.X, data.y, 'out/start/spiral-decision-boundary.svg', {
  title: 'The spiral classifier\'s decision regions (npm start)',
});
console.log(`  The colours show the class the network picks at each point of the plane, the dots the training data.`);
console.log(`  picture: ${picture.svg} (and ${picture.png})`);

// ---------------------------------------------------------------------------------------------
heading('4. Where to go next');
const lessons = lessonIds();
console.log(`  The lessons (${lessons.length}), each a script that explains itself and prints the book's numbers:`);
console.log('    npm run lesson -- --list                     all of them, in order');
console.log('    npm run lesson -- neurons/1-single-neuron    the first one');
console.log('    npm run tour                                 every short lesson, one after another');
console.log('  The long ones, not run here:');
console.log('    npm run lesson -- book/ch15-dropout          dropout, 10,000 epochs on 3,000 points (a few minutes)');
console.log('    npm run lesson -- book/ch18-model            the Model, 10,000 epochs (about 5 minutes)');
console.log('    npm run lesson -- book/ch19-fashion-mnist    Fashion-MNIST, 10 epochs of batches (a few minutes, ~0.88 accuracy)');
console.log('  The command line (npx scratchnet --help):');
console.log('    npx scratchnet train --data fashion-mnist -o fashion.safetensors');
console.log('    npx scratchnet predict fashion.safetensors samples/tshirt.png samples/pants.png');
console.log(`    npx scratchnet evaluate ${modelPath}`);
console.log('    npx scratchnet export-onnx fashion.safetensors fashion.onnx');
console.log('  The playground, to train and watch a network in the browser:');
console.log('    npm run playground');
console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
