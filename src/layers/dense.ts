/**
 * The dense (fully connected) layer: every output neuron sees every input. For a batch X (one sample
 * per row) it computes `X · W + b`, where W holds one column of weights per neuron and b one bias per
 * neuron. Its backward pass gives the three gradients the book names `dweights`, `dbiases` and
 * `dinputs`. Optional L1/L2 penalties on the weights and biases add their own gradients here; the
 * loss reports their value (`Loss.regularizationLoss`).
 */
import { Matrix, ShapeError, dot, dots, productDType, roundTo, promote, type DType } from '../matrix.ts';
import { Buffers, heapMatrix } from '../buffers.ts';
import { addRowFloat32 } from '../kernels.ts';
import type { RandomState } from '../random.ts';
import type { Layer, Parameter } from './layer.ts';
import { assertDType, assertMatrix, assertNumber, assertOptions, assertPositiveInteger, assertRandom } from '../checks.ts';

const DENSE_OPTIONS = ['random', 'scale', 'dtype', 'weightRegularizerL1', 'weightRegularizerL2', 'biasRegularizerL1', 'biasRegularizerL2'];

/** How to build a dense layer; the defaults are the book's. */
export interface DenseOptions {
  /** Where the initial weights are drawn from (`nnfs.init()` is `new RandomState(0)`). */
  random: RandomState;
  /** Weights start as `scale · randn` (0.01 in the book; chapter 17 uses 0.1, Part I 0.1). */
  scale?: number;
  /** 'float32' under the book's `nnfs.init()` (the default), 'float64' for plain NumPy. */
  dtype?: DType;
  /** λ of the L1 penalty λ·Σ|w| on the weights (0: none). */
  weightRegularizerL1?: number;
  /** λ of the L2 penalty λ·Σw² on the weights (0: none). */
  weightRegularizerL2?: number;
  /** λ of the L1 penalty on the biases (0: none). */
  biasRegularizerL1?: number;
  /** λ of the L2 penalty on the biases (0: none). */
  biasRegularizerL2?: number;
}

/** A fully connected layer: `output = inputs · weights + biases`. */
export class Dense implements Layer {
  /** nInputs × nNeurons: column j holds the weights of neuron j. */
  readonly weights: Matrix;
  /** 1 × nNeurons, starting at zero. */
  readonly biases: Matrix;
  /** L1 strength on the weights. */
  readonly weightRegularizerL1: number;
  /** L2 strength on the weights. */
  readonly weightRegularizerL2: number;
  /** L1 strength on the biases. */
  readonly biasRegularizerL1: number;
  /** L2 strength on the biases. */
  readonly biasRegularizerL2: number;

  /** Its outputs and gradients, reused from step to step while a Model trains. */
  readonly buffers = new Buffers();
  private readonly weightsParameter: Parameter;
  private readonly biasesParameter: Parameter;
  private inputs?: Matrix;

  constructor(nInputs: number, nNeurons: number, options: DenseOptions) {
    assertPositiveInteger(nInputs, 'nInputs', 'Dense');
    assertPositiveInteger(nNeurons, 'nNeurons', 'Dense');
    assertOptions(options, DENSE_OPTIONS, 'Dense');
    const { random, scale = 0.01, dtype = 'float32' } = options ?? {};
    assertRandom(random, 'Dense');
    assertDType(dtype, 'Dense');
    assertNumber(scale, 'scale', 'Dense');
    this.weightRegularizerL1 = regularizer(options.weightRegularizerL1, 'weightRegularizerL1');
    this.weightRegularizerL2 = regularizer(options.weightRegularizerL2, 'weightRegularizerL2');
    this.biasRegularizerL1 = regularizer(options.biasRegularizerL1, 'biasRegularizerL1');
    this.biasRegularizerL2 = regularizer(options.biasRegularizerL2, 'biasRegularizerL2');

    // weights = scale * np.random.randn(nInputs, nNeurons): under nnfs.init() randn and the product are float32.
    // Weights and biases live in the kernels' memory where it is shared (see heapMatrix), so the
    // products and the optimizer's kernel use them in place.
    this.weights = heapMatrix(nInputs, nNeurons, dtype);
    const w = this.weights.data;
    if (dtype === 'float32') {
      const s = Math.fround(scale);
      for (let k = 0; k < w.length; k++) w[k] = Math.fround(s * Math.fround(random.randn()));
    } else {
      for (let k = 0; k < w.length; k++) w[k] = scale * random.randn();
    }
    this.biases = heapMatrix(1, nNeurons, dtype);
    this.weightsParameter = { name: 'weights', value: this.weights, grad: undefined };
    this.biasesParameter = { name: 'biases', value: this.biases, grad: undefined };
  }

  /** dL/dW from the last backward pass. */
  get dweights(): Matrix | undefined {
    return this.weightsParameter.grad;
  }

  /** dL/db from the last backward pass. */
  get dbiases(): Matrix | undefined {
    return this.biasesParameter.grad;
  }

  /** The weights and biases with their gradients, for the optimizer. */
  parameters(): Parameter[] {
    return [this.weightsParameter, this.biasesParameter];
  }

  /** output = inputs · weights + biases (the product rounds once, then the bias is added). */
  forward(inputs: Matrix, training = true): Matrix {
    assertMatrix(inputs, 'Dense.forward: inputs');
    if (inputs.cols !== this.weights.rows) {
      throw new ShapeError(
        `Dense.forward: inputs of shape ${inputs.shapeText} have ${inputs.cols} values per sample, but this layer's weights of shape ` +
          `${this.weights.shapeText} take ${this.weights.rows}; give inputs of shape (samples, ${this.weights.rows}), or make the layer new Dense(${inputs.cols}, ${this.weights.cols}, ...).`,
      );
    }
    const kept = training ? this.buffers.matrix('output', inputs.rows, this.weights.cols, productDType(inputs, this.weights)) : undefined;
    const output = dot(inputs, this.weights, { out: kept });
    this.inputs = inputs;
    if (promote(output.dtype, this.biases.dtype) !== output.dtype) return output.addRow(this.biases);
    // Add the biases in place (one more rounding, as NumPy's `+` after `np.dot`).
    const { data, rows, cols } = output;
    const b = this.biases.data;
    if (data instanceof Float32Array && b instanceof Float32Array) addRowFloat32(data, rows, cols, b); // the same, four at a time
    else for (let i = 0; i < rows; i++) {
      for (let j = 0, k = i * cols; j < cols; j++, k++) data[k] = data[k]! + b[j]!;
    }
    return output;
  }

  /** Given dL/d(output), stores dL/dW and dL/db (with the penalties' gradients) and returns dL/d(inputs). */
  backward(dvalues: Matrix): Matrix {
    // dL/d(inputs) = dvalues · Wᵀ, computed together with dL/dW (independent products)
    const out = this.buffers.matrix('dinputs', dvalues.rows, this.weights.rows, productDType(dvalues, this.weights));
    this.storeGradients(dvalues, out);
    return out;
  }

  /**
   * The first half of `backward`: stores dL/dW and dL/db, but does not compute dL/d(inputs). A Model
   * calls it on its first Dense layer, whose input gradient would be thrown away (for Fashion-MNIST's
   * 784 inputs that product is about a quarter of a training step's multiply-adds).
   */
  backwardParameters(dvalues: Matrix): void {
    this.storeGradients(dvalues);
  }

  /** Stores dL/dW and dL/db; with `dinputs`, also writes dL/d(inputs) = dvalues · Wᵀ there. */
  private storeGradients(dvalues: Matrix, dinputs?: Matrix): void {
    if (!this.inputs) throw new Error('Dense.backward called before forward; run forward on a batch first.');
    assertMatrix(dvalues, 'Dense.backward: dvalues');
    if (dvalues.rows !== this.inputs.rows || dvalues.cols !== this.weights.cols) {
      throw new ShapeError(`Dense.backward: dvalues of shape ${dvalues.shapeText} do not match this layer's outputs, of shape (${this.inputs.rows}, ${this.weights.cols}) for the last forward pass; pass the gradient of those outputs.`);
    }
    // dL/dW = inputsᵀ · dvalues;  dL/db = Σ over the samples of dvalues
    const dweights = this.buffers.matrix('dweights', this.weights.rows, this.weights.cols, productDType(this.inputs, dvalues));
    if (dinputs) dots([[this.inputs, dvalues, { transposeA: true, out: dweights }], [dvalues, this.weights, { transposeB: true, out: dinputs }]]);
    else dot(this.inputs, dvalues, { transposeA: true, out: dweights });
    const dbiases = dvalues.sumColumns(this.buffers.matrix('dbiases', 1, dvalues.cols, dvalues.dtype));

    // Penalty gradients: d(λ·Σ|w|)/dw = λ·sign(w) (the book counts w = 0 as +1), d(λ·Σw²)/dw = 2λw.
    addPenaltyGradient(dweights, this.weights, this.weightRegularizerL1, this.weightRegularizerL2);
    addPenaltyGradient(dbiases, this.biases, this.biasRegularizerL1, this.biasRegularizerL2);
    this.weightsParameter.grad = dweights;
    this.biasesParameter.grad = dbiases;
  }
}

function regularizer(value: number | undefined, name: string): number {
  return assertNumber(value ?? 0, name, 'Dense', { min: 0 });
}

/**
 * `grad += l1 * dL1` and `grad += 2 * l2 * param`, in place, with NumPy's rounding: each term is
 * computed in the parameter's dtype (the Python float meets a float32 array), the sum in the
 * gradient's (float64 for biases behind dropout).
 */
function addPenaltyGradient(grad: Matrix, param: Matrix, l1: number, l2: number): void {
  const rp = roundTo(param.dtype);
  const g = grad.data;
  const p = param.data;
  if (l1 > 0) {
    const term = rp(l1);
    for (let k = 0; k < g.length; k++) g[k] = g[k]! + (p[k]! < 0 ? -term : term);
  }
  if (l2 > 0) {
    const twoL2 = rp(2 * l2);
    for (let k = 0; k < g.length; k++) g[k] = g[k]! + rp(twoL2 * p[k]!);
  }
}
