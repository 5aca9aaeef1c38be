import { closeSync, mkdirSync, openSync, writeSync } from '../fs.ts';
import { join, parse, relative, isAbsolute } from 'node:path';

/**
 * Files that hold customers' names, addresses and balances, made so that other users of a shared
 * (cron) host cannot read them, whatever the umask: the journal and its side files (SQLite gives its
 * WAL and lock files the mode of the database), the outbox folder and its .eml files.
 */

/** Owner only. */
const PRIVATE_FILE_MODE = 0o600;
const PRIVATE_DIR_MODE = 0o700;

/** Creates an empty file readable by its owner only, unless it exists (then it is left as it is). */
export function ensurePrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
}

/** The outbox folder, created owner-only when it does not exist (an existing folder keeps its mode). */
export function ensureOutbox(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Writes a new file in the outbox under `base` + `ext`, owner-only, never over an existing file:
 * when the name is taken (a second run the same day, names equal but for case on a case-insensitive
 * disk), `-2`, `-3`, … is added. `base` must already be a safe file name (see `safeFileName`); the
 * path is checked to stay inside the folder all the same. Returns the path written.
 */
export function writeOutboxFile(dir: string, base: string, ext: string, content: Uint8Array): string {
  for (let n = 1; ; n++) {
    const file = join(dir, `${base}${n === 1 ? '' : `-${n}`}${ext}`);
    const rel = relative(dir, file);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || parse(rel).dir !== '') throw new Error(`outbox file name leaves the outbox: ${base}`);
    let fd: number;
    try {
      fd = openSync(file, 'wx', PRIVATE_FILE_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 10_000) continue;
      throw e;
    }
    try {
      for (let off = 0; off < content.length; ) off += writeSync(fd, content, off);
    } finally {
      closeSync(fd);
    }
    return file;
  }
}
