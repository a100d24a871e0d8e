// scratchnet's side of the benchmark: `tsx bench/systems/scratchnet.ts <workload>` prints one RESULT line.
import {
  Matrix, dot, Dense, ReLU, Softmax, SoftmaxCategoricalCrossentropy, Adam, RandomState, spiralData,
  Model, CategoricalCrossentropy, CategoricalAccuracy,
} from '../../src/index.ts';
import {
  MATMUL_SHAPES, MLP, ROUNDS, CH10, INFERENCE, report, reportRounds, uniform, syntheticImages, timedRounds,
  medianSecondsPerCall, workloadArgument, ch10Metrics, type Measures,
} from '../common.ts';

const SYSTEM = 'scratchnet';

function randomMatrix(rows: number, cols: number, random: () => number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = random() * 2 - 1;
  return m;
}

/** The MLP 784-128-128-10 as the book builds it (chapter 19), weights drawn from seed 0. */
function buildMlp() {
  const random = new RandomState(0);
  return {
    dense1: new Dense(MLP.inputs, MLP.hidden, { random }),
    activation1: new ReLU(),
    dense2: new Dense(MLP.hidden, MLP.hidden, { random }),
    activation2: new ReLU(),
    dense3: new Dense(MLP.hidden, MLP.classes, { random }),
  };
}

const workload = workloadArgument();

if (workload === 'matmul') {
  const random = uniform(2);
  const measures: Measures = {};
  for (const [m, k, n] of MATMUL_SHAPES) {
    const a = randomMatrix(m, k, random);
    const b = randomMatrix(k, n, random);
    const round = timedRounds(() => dot(a, b), ROUNDS.matmul!.seconds!);
    measures[`${m}x${k}x${n} µs`] = () => round() * 1e6;
  }
  await reportRounds(SYSTEM, workload, measures);
}

if (workload === 'mlp') {
  // The step Model.train runs (chapter 19's loop): forward, loss and accuracy, backward (without the
  // first layer's dinputs, which nothing reads), Adam. One `next()` of the training generator is
  // one step; an epoch's summary (every 20 steps, no validation) is skipped over.
  const { dense1, activation1, dense2, activation2, dense3 } = buildMlp();
  const model = new Model();
  for (const layer of [dense1, activation1, dense2, activation2, dense3, new Softmax()]) model.add(layer);
  model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ learningRate: 0.001, decay: 5e-5 }), accuracy: new CategoricalAccuracy() });
  model.finalize();
  const { X, y } = syntheticImages(MLP.batch * MLP.batches);
  const steps = model.training(new Matrix(MLP.batch * MLP.batches, MLP.inputs, X), y, {
    epochs: 1e9, batchSize: MLP.batch, log: () => {},
  });
  const trainStep = () => {
    if (steps.next().value?.kind === 'epoch') steps.next();
  };
  const round = timedRounds(trainStep, ROUNDS.mlp!.seconds!);
  await reportRounds(SYSTEM, workload, { 'samples/s': () => MLP.batch / round() });
}

if (workload === 'ch10') {
  const random = new RandomState(0);
  const { X, y } = spiralData(CH10.samples, CH10.classes, random);
  const dense1 = new Dense(2, CH10.hidden, { random });
  const activation1 = new ReLU();
  const dense2 = new Dense(CH10.hidden, CH10.classes, { random });
  const lossActivation = new SoftmaxCategoricalCrossentropy();
  const optimizer = new Adam({ learningRate: CH10.learningRate, decay: CH10.decay });
  const parameters = [...dense1.parameters(), ...dense2.parameters()];
  let accuracy = 0;
  let loss = 0;
  let epochs = 0;
  const start = performance.now();
  for (; epochs < CH10.epochs && performance.now() - start < CH10.budgetSeconds * 1000; epochs++) {
    const result = lossActivation.forward(dense2.forward(activation1.forward(dense1.forward(X))), y);
    loss = result.loss;
    const predictions = result.output.argmaxRows();
    let hits = 0;
    for (let i = 0; i < y.length; i++) if (predictions[i] === y[i]) hits++;
    accuracy = hits / y.length;
    const d2 = dense2.backward(lossActivation.backward(result.output, y));
    dense1.backward(activation1.backward(d2));
    optimizer.step(parameters);
  }
  const seconds = (performance.now() - start) / 1000;
  report({ system: SYSTEM, workload, metrics: ch10Metrics(epochs, seconds), notes: `${epochs < CH10.epochs ? `stopped after ${epochs} epochs (time extrapolated); ` : ''}acc ${accuracy.toFixed(3)}, loss ${loss.toFixed(3)}` });
}

if (workload === 'inference') {
  const { dense1, activation1, dense2, activation2, dense3 } = buildMlp();
  const softmax = new Softmax();
  const sample = new Matrix(1, MLP.inputs, syntheticImages(1, 3).X);
  const predict = () => softmax.forward(dense3.forward(activation2.forward(dense2.forward(activation1.forward(dense1.forward(sample))))));
  await reportRounds(SYSTEM, workload, { 'median µs': () => medianSecondsPerCall(predict, INFERENCE.calls) * 1e6 });
}
