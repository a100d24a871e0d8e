/**
 * Finding and running lessons. A lesson is a plain script, `lessons/<id>.ts`, that runs top to
 * bottom and prints with `console.log` (reading `process.argv` if it takes options). Running it
 * means importing it; a test captures what it prints by importing it again (a fresh copy, thanks to
 * a query string on the module URL) while `console.log` is redirected. That keeps the lessons free
 * of plumbing and the tests in one process, where the library is loaded once.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { CURRICULUM } from './curriculum.ts';

/** The lessons/ directory. */
export const LESSONS_DIR = fileURLToPath(new URL('.', import.meta.url));

/** The file of a lesson. */
export function lessonFile(id: string): string {
  return join(LESSONS_DIR, `${id}.ts`);
}

/** Lesson files on disk that are not in the curriculum yet, sorted (so a new lesson is never hidden). */
function extraLessons(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && dir !== LESSONS_DIR) found.push(relative(LESSONS_DIR, path).slice(0, -3).split('\\').join('/'));
    }
  };
  walk(LESSONS_DIR);
  const known = new Set(CURRICULUM.map((l) => l.id));
  return found.filter((id) => !known.has(id)).sort();
}

/** The ids of the lessons that exist, in curriculum order. */
export function lessonIds(): string[] {
  return [...CURRICULUM.map((l) => l.id).filter((id) => existsSync(lessonFile(id))), ...extraLessons()];
}

/** A lesson's title: the first line of its header comment (`OPTIMIZERS`). */
export function lessonTitle(id: string): string {
  const match = /^\/\*\*?\s*\n\s*\*\s*(.+)/.exec(readFileSync(lessonFile(id), 'utf8'));
  return match ? match[1]!.trim() : id;
}

/** Levenshtein distance: the fewest insertions, deletions and substitutions turning a into b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The ids closest to a mistyped one: ids containing it first, then the fewest edits to the whole
 * id, to its last part, or to the original script's name (so `ch3-dense` finds
 * `book/ch03-dense-layer` and `neuron1` finds `neurons/1-single-neuron`).
 */
export function closestIds(query: string, ids: readonly string[] = lessonIds(), count = 3): string[] {
  const q = query.toLowerCase();
  const originals = new Map(CURRICULUM.map((l) => [l.id, l.original.replace(/^.*\//, '').replace(/\.py$/, '').toLowerCase()]));
  const score = (id: string): number => {
    if (id.includes(q)) return -1;
    const last = id.slice(id.lastIndexOf('/') + 1);
    const original = originals.get(id) ?? last;
    return Math.min(editDistance(q, id), editDistance(q, last), editDistance(q, original), editDistance(q, last.slice(0, q.length)) + 0.5);
  };
  return ids
    .map((id, order) => ({ id, order, score: score(id) }))
    .sort((a, b) => a.score - b.score || a.order - b.order)
    .slice(0, count)
    .map((c) => c.id);
}

let runs = 0;

/**
 * Runs a lesson in this process with the given command-line arguments (as `process.argv.slice(2)`).
 * Every call evaluates the lesson afresh.
 */
export async function runLesson(id: string, args: readonly string[] = []): Promise<void> {
  const file = lessonFile(id);
  if (!existsSync(file)) throw new Error(`No lesson ${id} (looked for ${file}).`);
  const savedArgv = process.argv;
  process.argv = [savedArgv[0]!, file, ...args];
  try {
    // The query string makes a new module instance, so the script runs again from the top.
    await import(`${pathToFileURL(file).href}?run=${++runs}`);
  } finally {
    process.argv = savedArgv;
  }
}

/** Runs a lesson in this process and returns the lines it printed with console.log, instead of printing them. */
export async function captureLesson(id: string, args: readonly string[] = []): Promise<string[]> {
  const lines: string[] = [];
  const saved = { log: console.log, info: console.info };
  console.log = console.info = (...values: unknown[]) => {
    lines.push(...format(...values).split('\n'));
  };
  try {
    await runLesson(id, args);
  } finally {
    console.log = saved.log;
    console.info = saved.info;
  }
  return lines;
}
