/**
 * The lessons in curriculum order (see the curriculum in the README): each id names the file
 * `lessons/<id>.ts`, the script of the video series or the book chapter it follows, and what it shows.
 */

/** One lesson of the curriculum. */
export interface LessonEntry {
  /** The lesson's id, also its path under lessons/ without `.ts`. */
  id: string;
  /** The original script (video series) or the book chapter it follows. */
  original: string;
  /** What it shows, in a few words. */
  shows: string;
  /** Options `npm start` passes, to keep the whole tour under a minute (e.g. fewer epochs). */
  startArgs?: string[];
  /** Leave the lesson out of `npm start` (it needs minutes); `npm run lesson -- <id>` still runs it. */
  skipInStart?: boolean;
}

/**
 * Part I (the video series' scripts) and Part II (the book, chapter by chapter), in order.
 * `npm start` runs the training chapters for fewer epochs and leaves out the Fashion-MNIST ones, to
 * stay under a minute; `npm run lesson -- <id>` runs the full chapter.
 */
export const CURRICULUM: readonly LessonEntry[] = [
  { id: 'neurons/1-single-neuron', original: 'neurons/neuron1.py', shows: 'one neuron, written out term by term' },
  { id: 'neurons/2-layer-of-neurons', original: 'neurons/neuron2.py', shows: 'a layer of three neurons, written out' },
  { id: 'neurons/3-layer-with-loops', original: 'neurons/neuron3.py', shows: 'the same layer with loops' },
  { id: 'neurons/4-dot-product', original: 'neurons/neuron4.py', shows: 'one neuron as a dot product' },
  { id: 'neurons/5-layer-dot-product', original: 'neurons/neuron5.py', shows: 'the layer as a matrix-vector product' },
  { id: 'batches/1-batch-of-inputs', original: 'batches/batches1.py', shows: 'a batch of samples; why the weights are transposed' },
  { id: 'batches/2-two-layers', original: 'batches/batches2.py', shows: 'the batch through two layers' },
  { id: 'layers/1-dense-layer-class', original: 'layers/layers1.py', shows: 'a dense layer class with random weights' },
  { id: 'activation/1-relu-by-hand', original: 'activation/activation1_ReLU.py', shows: 'ReLU with an if and with max' },
  { id: 'activation/2-relu-layer', original: 'activation/activation2_ReLU.py', shows: 'spiral data (picture), a dense layer and ReLU' },
  { id: 'activation/3-softmax-by-hand', original: 'activation/activation3_Softmax.py', shows: 'softmax with e, loops and a sum' },
  { id: 'activation/4-softmax-vectorized', original: 'activation/activation4_Softmax.py', shows: 'softmax, vectorized' },
  { id: 'activation/5-softmax-batch', original: 'activation/activation5_Softmax.py', shows: 'softmax row by row of a batch' },
  { id: 'activation/6-network-forward-pass', original: 'activation/activation6_Softmax.py', shows: 'the whole forward pass, overflow-safe softmax' },
  { id: 'loss/1-categorical-cross-entropy', original: 'loss/loss_categoricalCE.py', shows: 'cross-entropy of one prediction' },
  { id: 'loss/2-loss-in-the-network', original: 'loss/categoricalCE_Implementation.py', shows: 'the loss at the end of the network' },
  { id: 'visualisations/1-derivative-tangents', original: 'visualisations/optimisation_derivatives_viz.py', shows: 'numerical derivatives and tangent lines (picture)' },
  { id: 'book/ch02-layer-of-neurons', original: 'book chapter 2', shows: 'a batch through one layer, with the matrix product' },
  { id: 'book/ch03-dense-layer', original: 'book chapter 3', shows: 'spiral data and a dense layer with book semantics' },
  { id: 'book/ch04-activations', original: 'book chapter 4', shows: 'ReLU and softmax classes' },
  { id: 'book/ch05-loss-and-accuracy', original: 'book chapter 5', shows: 'categorical cross-entropy and accuracy' },
  { id: 'book/ch06-random-search', original: 'book chapter 6', shows: 'random weight changes: fine on vertical data, stuck on spirals', startArgs: ['--iterations', '1000'] },
  { id: 'book/ch07-derivatives', original: 'book chapter 7', shows: 'numerical and analytical derivatives, tangents (picture)' },
  { id: 'book/ch08-gradients-chain-rule', original: 'book chapter 8', shows: 'partial derivatives and the chain rule on one neuron' },
  { id: 'book/ch09-backpropagation', original: 'book chapter 9', shows: 'backward passes of every piece, a whole network' },
  { id: 'book/ch10-optimizers', original: 'book chapter 10', shows: 'SGD, decay, momentum, AdaGrad, RMSProp, Adam', startArgs: ['--epochs', '1000'] },
  { id: 'book/ch11-out-of-sample', original: 'book chapter 11', shows: 'validation on fresh data; overfitting', startArgs: ['--epochs', '1000'] },
  { id: 'book/ch14-regularization', original: 'book chapter 14', shows: 'L1 and L2 penalties', startArgs: ['--epochs', '1000'] },
  { id: 'book/ch15-dropout', original: 'book chapter 15', shows: 'dropout', startArgs: ['--epochs', '100'] },
  { id: 'book/ch16-binary-logistic-regression', original: 'book chapter 16', shows: 'sigmoid and binary cross-entropy', startArgs: ['--epochs', '1000'] },
  { id: 'book/ch17-regression', original: 'book chapter 17', shows: 'regression of a sine wave (picture)', startArgs: ['--epochs', '300'] },
  { id: 'book/ch18-model', original: 'book chapter 18', shows: 'the Model object', skipInStart: true },
  { id: 'book/ch19-fashion-mnist', original: 'book chapter 19', shows: 'Fashion-MNIST in batches', skipInStart: true },
  { id: 'book/ch20-evaluation', original: 'book chapter 20', shows: 'evaluating on the test set', skipInStart: true },
  { id: 'book/ch21-save-load', original: 'book chapter 21', shows: 'saving and loading parameters and models', skipInStart: true },
  { id: 'book/ch22-prediction', original: 'book chapter 22', shows: 'predicting the class of image files', skipInStart: true },
];
