/**
 * Parsing JSON we did not write ourselves (the header of a model file) without being fooled by it.
 *
 * `JSON.parse` accepts two things we must refuse. Duplicate keys: `{"a": 1, "a": 2}` silently keeps
 * the last value, so two readers of the same file could see two different models. Keys such as
 * `__proto__` or `constructor`: harmless in the parsed object itself, but dangerous the moment any
 * code copies them into a plain object, where they reach the prototype. So after `JSON.parse`
 * succeeds we scan the text once more, object by object, and reject both. Browser-safe.
 */
import { ModelFileError } from './errors.ts';

/** Keys that could reach an object's prototype if copied into a plain object. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses `text` as JSON, throwing a ModelFileError (prefixed with `source`) if it is not valid JSON,
 * if any object in it has the same key twice, or if any key is `__proto__`, `constructor` or `prototype`.
 */
export function parseJsonStrict(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFileError(`${source}: the header is not valid JSON (${(error as Error).message}).`);
  }
  checkKeys(text, source);
  return value;
}

/** Walks valid JSON text and throws on a duplicate or forbidden key in any object. Linear in the text. */
function checkKeys(text: string, source: string): void {
  // One entry per open bracket: the keys seen so far for an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string; // decodes escapes such as "\u005f_proto__"
        if (FORBIDDEN_KEYS.has(key)) throw new ModelFileError(`${source}: the key "${key}" is not allowed in a model file.`);
        if (keys.has(key)) throw new ModelFileError(`${source}: the key ${JSON.stringify(key)} appears twice in the same object.`);
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(null);
      expectKey = false;
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open[open.length - 1] !== null;
    }
  }
}
