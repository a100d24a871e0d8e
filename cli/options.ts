/**
 * Command-line parsing for scratchnet: node's `util.parseArgs` in strict mode, with every mistake
 * turned into a one-line `UsageError` that says what was wrong and what to write instead.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake on the command line or in a file given to it: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The option definitions of one command. */
export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** What parsing gives: option values by name (strings or booleans) and the positionals. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `args` for `command` strictly; unknown options, missing values and extra positionals become UsageErrors. */
export function parse(command: string, args: readonly string[], options: OptionSpecs, allowPositionals: boolean): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...args], options, allowPositionals, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (error) {
    throw new UsageError(`${command}: ${explain(error as Error & { code?: string }, options)} (see scratchnet ${command} --help)`);
  }
}

/** parseArgs' own messages are long and mention internals; say the same thing briefly. */
function explain(error: Error & { code?: string }, options: OptionSpecs): string {
  const message = error.message;
  const option = /'(-[^']*)'/.exec(message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = option?.replace(/^-+/, '').split('=')[0] ?? '';
      const close = Object.keys(options).filter((o) => o.startsWith(name.slice(0, 3)) || name.startsWith(o.slice(0, 3)));
      return `unknown option ${option ?? ''}${close.length ? `; did you mean ${close.map((o) => `--${o}`).join(' or ')}?` : ''}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      // parseArgs names an option with a short alias as '-h, --help'
      const name = option?.match(/--[\w-]+/)?.[0] ?? option ?? '';
      if (/ambiguous/.test(message)) return `option ${name} needs a value; for a value starting with "-" write ${name}=-…`;
      return /argument missing/.test(message) ? `option ${name} needs a value` : `option ${name} takes no value`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const extra = /'([^']*)'/.exec(message)?.[1];
      return `unexpected argument ${JSON.stringify(extra ?? '')}`;
    }
    default:
      return message.split('\n')[0]!;
  }
}

/** A whole number in [min, max] from option `name` (given as text). */
export function integer(text: string, name: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const value = /^[+]?\d+$/.test(text.trim()) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
    throw new UsageError(`--${name} must be a whole number ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A finite number in [min, max) (or [min, max] when `maxInclusive`) from option `name`. */
export function number(text: string, name: string, min = 0, max = Infinity, maxInclusive = false): number {
  const value = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : NaN;
  const aboveMax = maxInclusive ? value > max : value >= max;
  if (!Number.isFinite(value) || value < min || aboveMax) {
    const range = max === Infinity ? `at least ${min}` : `in [${min}, ${max}${maxInclusive ? ']' : ')'}`;
    throw new UsageError(`--${name} must be a number ${range}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/** A comma-separated list of whole numbers, e.g. `--hidden 128,128`. */
export function integerList(text: string, name: string, min = 1, max = 100_000): number[] {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length === 0 || parts.some((part) => part === '')) {
    throw new UsageError(`--${name} must be whole numbers separated by commas, e.g. 64 or 128,128; got ${JSON.stringify(text)}`);
  }
  return parts.map((part) => integer(part, name, min, max));
}

/** One of `choices`, from option `name`. */
export function choice<T extends string>(text: string, name: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got ${JSON.stringify(text)}`);
  }
  return text as T;
}

/** The string value of an option, if given. */
export function text(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' ? value : undefined;
}
