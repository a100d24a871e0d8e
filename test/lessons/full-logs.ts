// The full-length comparison: runs every training lesson of chapters 10 to 17 for its whole 10,000
// epochs and compares every printed line with NumPy under the book's semantics
// (test/reference/logs/). Too slow for the test suite (minutes, most of it chapters 15 and 17), so
// it is a script:
//
//     npm run test:full-logs                 every chapter
//     npm run test:full-logs -- ch10 ch16    some of them
//
// It prints one line per run (lines identical / lines in the reference, the first difference if
// any, and the time) and exits non-zero if any line differs.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { referenceLog } from './run-lesson.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Each reference log and the lesson run that must print it. */
const runs: { log: string; lesson: string; args: string[] }[] = [
  ...['adam', 'sgd', 'momentum', 'adagrad', 'rmsprop'].map((o) => ({ log: `ch10-${o}`, lesson: 'book/ch10-optimizers', args: ['--optimizer', o] })),
  { log: 'ch11', lesson: 'book/ch11-out-of-sample', args: [] },
  { log: 'ch14', lesson: 'book/ch14-regularization', args: [] },
  { log: 'ch15', lesson: 'book/ch15-dropout', args: [] },
  { log: 'ch16', lesson: 'book/ch16-binary-logistic-regression', args: [] },
  { log: 'ch17', lesson: 'book/ch17-regression', args: [] },
];

const wanted = process.argv.slice(2);
let failures = 0;
for (const run of runs.filter((r) => wanted.length === 0 || wanted.some((w) => r.log.startsWith(w)))) {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `lessons/${run.lesson}.ts`, ...run.args, '--no-picture'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  const expected = referenceLog(run.log);
  const actual = result.stdout.split('\n').filter((line) => line !== '');
  let same = 0;
  while (same < expected.length && actual[same] === expected[same]) same++;
  const identical = same === expected.length && actual.length === expected.length && result.status === 0;
  if (!identical) failures++;
  const note = identical
    ? 'identical'
    : result.status !== 0
      ? `FAILED (exit ${result.status}): ${result.stderr.trim().split('\n').slice(-1)[0]}`
      : `DIFFERS at line ${same + 1}:\n    numpy: ${expected[same] ?? '(end)'}\n    ours:  ${actual[same] ?? '(end)'}`;
  console.log(`${run.log.padEnd(14)} ${String(same).padStart(3)}/${expected.length} lines ${note} (${seconds} s)`);
}
process.exit(failures ? 1 : 0);
