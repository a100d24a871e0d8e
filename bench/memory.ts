// Peak memory of training on all 60,000 Fashion-MNIST images (issue 6: below twice the training set's
// float32 size plus 200 MB). Chapter 19's model and settings, one epoch by default:
// `npx tsx bench/memory.ts [epochs]`. Prints the peak resident memory against that limit.
import {
  Model, Dense, ReLU, Softmax, CategoricalCrossentropy, Adam, CategoricalAccuracy, RandomState,
  prepareImageSet, shuffleImageSet,
} from '../src/index.ts';
import { loadFashionMnist } from '../src/io/index.ts';

const epochs = Number(process.argv[2] ?? 1);
const MB = 1024 * 1024;
const random = new RandomState(0);
const data = loadFashionMnist();
const { X, y } = prepareImageSet(shuffleImageSet(data.train, random));
const { X: XTest, y: yTest } = prepareImageSet(data.test);
const datasetMB = X.data.byteLength / MB;
const limitMB = 2 * datasetMB + 200;

const model = new Model();
model.add(new Dense(X.cols, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 128, { random }));
model.add(new ReLU());
model.add(new Dense(128, 10, { random }));
model.add(new Softmax());
model.set({ loss: new CategoricalCrossentropy(), optimizer: new Adam({ decay: 1e-3 }), accuracy: new CategoricalAccuracy() });
model.finalize();

const start = performance.now();
let last = '';
model.train(X, y, { validationData: [XTest, yTest], epochs, batchSize: 128, printEvery: 100, log: (line) => (last = line) });
const seconds = (performance.now() - start) / 1000;

const peakMB = process.resourceUsage().maxRSS / 1024;
console.log(`training set: ${X.rows} × ${X.cols} float32 = ${datasetMB.toFixed(1)} MB; limit 2 × ${datasetMB.toFixed(1)} + 200 = ${limitMB.toFixed(1)} MB`);
console.log(`${epochs} epoch(s) in ${seconds.toFixed(1)} s (${Math.round((epochs * X.rows) / seconds).toLocaleString('en-US')} samples/s with validation); last log line: ${last}`);
console.log(`peak resident memory: ${peakMB.toFixed(1)} MB (${peakMB < limitMB ? 'below' : 'ABOVE'} the limit)`);
process.exitCode = peakMB < limitMB ? 0 : 1;
