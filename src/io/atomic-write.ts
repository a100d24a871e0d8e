/**
 * Saving a file so that a crash never leaves it half written.
 *
 * Writing over a file in place is not safe: if the process dies (Ctrl-C, SIGKILL, power loss) in the
 * middle, the old contents are gone and the new ones are incomplete. Instead we write a temporary
 * file next to the target, flush it to the disk (fsync), and rename it over the target. A rename
 * within one directory is atomic on POSIX file systems: a reader sees the old file or the new one,
 * never a mixture. Finally we fsync the directory, so the rename itself survives a power loss.
 */
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes in chunks of this many bytes (one huge `writeSync` can return short on some systems). */
const CHUNK = 1 << 24;

/**
 * Replaces `path` with `data` atomically: afterwards the file holds either its old contents or all
 * of `data`, whatever happens in between. Strings are written as UTF-8. The temporary file
 * (`.<name>.<random>.tmp` in the same directory) is removed if anything fails.
 */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  if (typeof path !== 'string' || path === '') throw new TypeError(`writeFileAtomic: path must be a non-empty string, got ${typeof path === 'string' ? 'an empty string' : typeof path}.`);
  if (typeof data !== 'string' && !(data instanceof Uint8Array)) throw new TypeError(`writeFileAtomic: data must be a Uint8Array or a string, got ${data === null ? 'null' : typeof data}.`);
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
  } catch (error) {
    // The folder is what is missing or not writable: say so, not the temporary file's name.
    throw renamed(error, dir, `cannot save ${path}: ${dir} cannot be written to`);
  }
  try {
    for (let offset = 0; offset < bytes.length; ) {
      offset += fs.writeSync(fd, bytes, offset, Math.min(CHUNK, bytes.length - offset));
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw renamed(error, path, `cannot save ${path}`);
  }
  syncDirectory(dir);
}

/** A file-system error about our temporary file, re-aimed at the path the caller knows (`path`, `code` kept). */
function renamed(error: unknown, path: string, what: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (!(e instanceof Error) || typeof e.code !== 'string') return error;
  e.message = `${what} (${e.code}${e.code === 'ENOENT' ? ': the folder does not exist' : ''}).`;
  e.path = path;
  return e;
}

/** Flushes a directory entry (the rename) to disk; some systems (Windows) cannot, which is harmless. */
function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Not supported here: the rename is still atomic, only its durability after a power loss is weaker.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
