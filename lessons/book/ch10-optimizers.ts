/**
 * OPTIMIZERS
 *
 * Source: "Neural Networks from Scratch in Python" (Kinsley & Kukieła, nnfs.io), chapter 10; video
 * series episodes on optimizers (SGD, learning-rate decay, momentum, AdaGrad, RMSProp, Adam).
 *
 * THEORY
 * Backpropagation gives the gradient; an optimizer decides how far to step along it.
 *   SGD          w −= lr · ∂L/∂w. One learning rate for everything: too small crawls, too big
 *                bounces; it gets stuck in the spiral's local minima (accuracy hovers near 0.6).
 *   decay        lr_t = lr / (1 + decay · t): big steps early, smaller ones as training settles.
 *   momentum     update = momentum · previous update − lr · gradient: a ball rolling downhill keeps
 *                its speed through small bumps and damps zig-zags.
 *   AdaGrad      divides each parameter's step by √(sum of its squared gradients so far): parameters
 *                that moved a lot slow down, rarely-updated ones keep moving.
 *   RMSProp      the same with a moving average of squared gradients (ρ), so steps do not shrink
 *                for ever.
 *   Adam         momentum (β₁) plus RMSProp's scaling (β₂), both bias-corrected by 1 − βᵗ because they
 *                start at zero. The book's choice: lr 0.05, decay 5e-7.
 *
 * THIS SCRIPT
 * The chapter's final code: 300 spiral points (3 classes), dense 2→64, ReLU, dense 64→3, softmax
 * with cross-entropy, trained for 10,000 epochs on the whole batch, logging every 100th epoch in the
 * book's format (`epoch: 100, acc: 0.713, loss: 0.684, lr: 0.04999752512250644`). Every line is
 * identical to NumPy under the book's semantics. Adam ends at acc 0.973, loss 0.078; then the
 * decision regions the network learned are drawn over the data. With the book's settings for the
 * others, epoch 10,000 reads: SGD acc 0.623 (loss 0.883), SGD with decay and momentum 0.960
 * (0.117), AdaGrad 0.830 (0.430), RMSProp 0.897 (0.229).
 *   --optimizer sgd|momentum|adagrad|rmsprop|adam   train with another of the chapter's optimizers
 *   --optimizer all   train all five, one log after another, and draw their loss curves in one chart
 *   --epochs N        stop after epoch N (default 10000)
 *   --no-picture      skip the pictures (the tests do)
 */
import {
  Adagrad,
  Adam,
  CategoricalAccuracy,
  Dense,
  RMSprop,
  RandomState,
  ReLU,
  SGD,
  SoftmaxCategoricalCrossentropy,
  decisionBoundary,
  formatFixed,
  formatFloat64,
  lineChart,
  spiralData,
  type Matrix,
  type Optimizer,
} from '../../src/index.ts';
import { fail, trainingOptions } from '../options.ts';

// The chapter's optimizers, each with the settings the book settles on, and the book's line for it.
const optimizers: Record<string, { book: string; create: () => Optimizer }> = {
  sgd: { book: 'Optimizer_SGD()', create: () => new SGD() },
  momentum: { book: 'Optimizer_SGD(decay=1e-3, momentum=0.9)', create: () => new SGD({ decay: 1e-3, momentum: 0.9 }) },
  adagrad: { book: 'Optimizer_Adagrad(decay=1e-4)', create: () => new Adagrad({ decay: 1e-4 }) },
  rmsprop: { book: 'Optimizer_RMSprop(learning_rate=0.02, decay=1e-5, rho=0.999)', create: () => new RMSprop({ learningRate: 0.02, decay: 1e-5, rho: 0.999 }) },
  adam: { book: 'Optimizer_Adam(learning_rate=0.05, decay=5e-7)', create: () => new Adam({ learningRate: 0.05, decay: 5e-7 }) },
};

const { epochs, picture, extra } = trainingOptions({ optimizer: 'adam' });
const chosen = extra.optimizer === 'all' ? Object.keys(optimizers) : [extra.optimizer!];
for (const name of chosen) {
  if (!(name in optimizers)) fail(`--optimizer takes one of ${Object.keys(optimizers).join(', ')} or all, got "${name}"`);
}

/** The chapter's final code with the given optimizer; returns the loss of every epoch and the trained model. */
function train(optimizer: Optimizer): { losses: number[]; predict: (X: Matrix) => Matrix; X: Matrix; y: Int32Array } {
  const random = new RandomState(0); // nnfs.init(): seed 0, float32 arrays, float32 np.dot

  // The data set: 100 points per class, 3 classes
  const { X, y } = spiralData(100, 3, random);

  // Dense layer with 2 input features and 64 output values, ReLU, dense layer 64 → 3
  const dense1 = new Dense(2, 64, { random });
  const activation1 = new ReLU();
  const dense2 = new Dense(64, 3, { random });

  // Softmax classifier's combined activation and loss
  const lossActivation = new SoftmaxCategoricalCrossentropy();
  const accuracy = new CategoricalAccuracy();
  const parameters = [...dense1.parameters(), ...dense2.parameters()];
  const losses: number[] = [];

  for (let epoch = 0; epoch <= epochs; epoch++) {
    // Forward pass
    const hidden = activation1.forward(dense1.forward(X));
    const { output, loss } = lossActivation.forward(dense2.forward(hidden), y);

    // How often the most probable class is the true one
    const acc = accuracy.calculate(lossActivation.activation.predictions(output), y);
    losses.push(loss);
    if (epoch % 100 === 0) {
      console.log(`epoch: ${epoch}, acc: ${formatFixed(acc, 3)}, loss: ${formatFixed(loss, 3)}, lr: ${formatFloat64(optimizer.currentLearningRate)}`);
    }

    // Backward pass
    dense1.backward(activation1.backward(dense2.backward(lossActivation.backward(output, y))));

    // Update weights and biases: decay the learning rate, step every parameter, count the step
    optimizer.step(parameters);
  }
  const predict = (points: Matrix): Matrix => lossActivation.activation.forward(dense2.forward(activation1.forward(dense1.forward(points))));
  return { losses, predict, X, y };
}

const curves: { name: string; x: number[]; y: number[] }[] = [];
for (const name of chosen) {
  const { book, create } = optimizers[name]!;
  if (chosen.length > 1) console.log(`# optimizer = ${book}`);
  const { losses, predict, X, y } = train(create());
  curves.push({ name, x: losses.map((_, epoch) => epoch), y: losses });
  if (chosen.length === 1 && picture) {
    const picture = await decisionBoundary(predict, X, y, `out/book/ch10-decision-boundary-${name}.svg`, {
      title: `Chapter 10: decision regions after ${epochs} epochs (${name})`,
    });
    console.log(`picture: ${picture.svg} (and .png)`);
  }
}
if (chosen.length > 1 && picture) {
  const picture = await lineChart(curves, 'out/book/ch10-loss-curves.svg', {
    title: 'Chapter 10: training loss of each optimizer',
    xLabel: 'epoch',
    yLabel: 'loss (log scale)',
    yScale: 'log',
    width: 600,
    height: 400,
  });
  console.log(`picture: ${picture.svg} (and .png)`);
}
