/**
 * `npm run lesson -- <id> [options]` runs one lesson; `npm run lesson -- --list` lists them in
 * curriculum order. An unknown id gets a one-line error naming the closest ids (exit code 2).
 */
import { closestIds, lessonIds, lessonTitle, runLesson } from './runner.ts';

const [first, ...rest] = process.argv.slice(2);
const ids = lessonIds();

if (first === undefined || first === '--help' || first === '-h') {
  console.log('usage: npm run lesson -- <id> [options]    (npm run lesson -- --list shows the ids)');
  process.exit(first === undefined ? 2 : 0);
} else if (first === '--list') {
  const width = Math.max(...ids.map((id) => id.length));
  for (const id of ids) console.log(`${id.padEnd(width)}  ${lessonTitle(id)}`);
} else if (!ids.includes(first)) {
  console.error(`scratchnet: no lesson "${first}"; closest: ${closestIds(first, ids).join(', ')} (npm run lesson -- --list shows all)`);
  process.exit(2);
} else {
  await runLesson(first, rest);
}
