// A helper for the hardening tests: the call must throw the given error type, with a message that
// contains every fragment (the problem, both shapes, the fix), and that is ours: not a crash deep
// inside the code such as "Cannot read properties of undefined".
import assert from 'node:assert/strict';

/** A class of error, e.g. TypeError or ShapeError. */
export type ErrorClass = new (...args: never[]) => Error;

/** Messages that mean the input reached code that did not check it. */
const CRASHES = /Cannot read propert|is not a function|is not iterable|Cannot destructure|Invalid typed array length|Maximum call stack/;

/** Asserts that `fn` throws an instance of `type` whose message contains each of `fragments`. */
export function expectError(fn: () => unknown, type: ErrorClass, ...fragments: (string | RegExp)[]): Error {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  return check(thrown, type, fragments);
}

/** The same for an async function. */
export async function expectRejection(fn: () => Promise<unknown>, type: ErrorClass, ...fragments: (string | RegExp)[]): Promise<Error> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  return check(thrown, type, fragments);
}

function check(thrown: unknown, type: ErrorClass, fragments: (string | RegExp)[]): Error {
  assert.ok(thrown !== undefined, `expected a ${type.name}, but nothing was thrown`);
  assert.ok(thrown instanceof type, `expected a ${type.name}, got ${(thrown as Error)?.name}: ${(thrown as Error)?.message}`);
  const message = thrown.message;
  assert.doesNotMatch(message, CRASHES, 'the message is a crash, not a check');
  for (const fragment of fragments) {
    if (typeof fragment === 'string') assert.ok(message.includes(fragment), `the message should mention ${JSON.stringify(fragment)}: ${message}`);
    else assert.match(message, fragment);
  }
  return thrown;
}
