/** `scratchnet lesson <id>`: runs a lesson of the curriculum (the same as `npm run lesson -- <id>`). */
import { closestIds, lessonIds, lessonTitle, runLesson } from '../lessons/runner.ts';
import { UsageError } from './options.ts';

export const LESSON_HELP = `usage: scratchnet lesson <id> [lesson options]
       scratchnet lesson --list

Runs one lesson of the curriculum: Part I (neurons to loss) and the book's chapters 2 to 22.
Options after the id go to the lesson, e.g. scratchnet lesson book/ch10-optimizers --optimizer sgd.

  --list          list the lessons in order, with their titles
  -h, --help      show this help

Example:
  scratchnet lesson book/ch18-model --epochs 1000`;

/** Runs `scratchnet lesson`; returns the exit code. */
export async function lesson(args: readonly string[], out: (line: string) => void): Promise<number> {
  const [first, ...rest] = args;
  if (first === '--help' || first === '-h') {
    out(LESSON_HELP);
    return 0;
  }
  const ids = lessonIds();
  if (first === '--list') {
    if (rest.length > 0) throw new UsageError('lesson: --list takes no other arguments');
    const width = Math.max(...ids.map((id) => id.length));
    for (const id of ids) out(`${id.padEnd(width)}  ${lessonTitle(id)}`);
    return 0;
  }
  if (first === undefined) throw new UsageError('lesson: give a lesson id, or --list to see them (see scratchnet lesson --help)');
  if (first.startsWith('-')) throw new UsageError(`lesson: unknown option ${first}; give a lesson id first, or --list`);
  if (!ids.includes(first)) throw new UsageError(`lesson: no lesson "${first}"; closest: ${closestIds(first, ids).join(', ')} (scratchnet lesson --list shows all)`);
  await runLesson(first, rest);
  return 0;
}
