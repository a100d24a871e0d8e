/**
 * `npm run tour`: every short lesson. Runs the lessons in curriculum order, each under its title,
 * in this one process; lessons that draw write their pictures to out/ and print the paths. The
 * training chapters run for fewer epochs and the Fashion-MNIST chapters are left out (see
 * lessons/curriculum.ts), so the tour takes about a minute. (Written as the first `npm start`;
 * `npm start` is now the showcase in scripts/start.ts.)
 */
import { lessonIds, lessonTitle, runLesson } from '../lessons/runner.ts';
import { CURRICULUM } from '../lessons/curriculum.ts';

const started = performance.now();
const ids = lessonIds().filter((id) => !CURRICULUM.find((l) => l.id === id)?.skipInStart);
for (const [k, id] of ids.entries()) {
  const args = CURRICULUM.find((l) => l.id === id)?.startArgs ?? [];
  console.log(`\n=== ${k + 1}/${ids.length}  ${lessonTitle(id)}  (npm run lesson -- ${[id, ...args].join(' ')})\n`);
  await runLesson(id, args);
}
console.log(`\n${ids.length} lessons in ${((performance.now() - started) / 1000).toFixed(1)} s; pictures are in out/.`);
