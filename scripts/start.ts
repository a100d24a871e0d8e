/**
 * `npm start`: the tour. Runs every lesson in curriculum order, each under its title, in this one
 * process; lessons that draw write their pictures to out/ and print the paths.
 */
import { lessonIds, lessonTitle, runLesson } from '../lessons/runner.ts';
import { CURRICULUM } from '../lessons/curriculum.ts';

const started = performance.now();
const ids = lessonIds().filter((id) => !CURRICULUM.find((l) => l.id === id)?.skipInStart);
for (const [k, id] of ids.entries()) {
  console.log(`\n=== ${k + 1}/${ids.length}  ${lessonTitle(id)}  (npm run lesson -- ${id})\n`);
  await runLesson(id, CURRICULUM.find((l) => l.id === id)?.startArgs ?? []);
}
console.log(`\n${ids.length} lessons in ${((performance.now() - started) / 1000).toFixed(1)} s; pictures are in out/.`);
