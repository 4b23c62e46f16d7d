import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { UsageError } from '../core/errors.js';
import { describeJsonSyntax } from '../core/json-syntax.js';

/** All of standard input. Read as a stream: readFileSync(0) fails with EAGAIN on a non-blocking pipe. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a file, or standard input for `-`; an unreadable file is a usage error (exit 2). */
export async function readInput(path: string, what: string): Promise<string> {
  try {
    return path === '-' ? await readStdin() : readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} "${path}": ${describeFileError(error)}`,
      'check the path and try again',
    );
  }
}

/** Why a file could not be opened, in words (`no such file`, `it is a directory`, …). */
export function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

/** Reads and parses JSON input; content that is not JSON is a usage error for inputs to send. */
export async function readJsonInput(path: string, what: string): Promise<unknown> {
  const text = await readInput(path, what);
  try {
    return JSON.parse(text);
  } catch {
    // Where it broke, not V8's message: that quotes the file, which may be a token file.
    throw new UsageError(
      `${what} "${path}" is not JSON: ${describeJsonSyntax(text)}`,
      'fix the file, or check it with: tim-callback validate --request <file>',
    );
  }
}

/** Writes a report file; a path that cannot be written is a usage error (2). */
export function writeOutputFile(path: string, text: string, what: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    throw new UsageError(
      `cannot write ${what} "${path}": ${describeFileError(error)}`,
      'check that the folder exists and is writable',
    );
  }
}

/**
 * Writes a file the tool creates itself: a regular file or a new one, never through a symbolic
 * link, never a device or FIFO (DESIGN.md, "Bounded by design"). Checked before opening, so that
 * opening cannot block or truncate a device, and again on the open file.
 */
export function writeRegularFile(path: string, text: string, what: string): void {
  const hint = 'choose a regular file in a writable folder';
  const found = lstatOrUndefined(path);
  if (found !== undefined && !found.isFile()) {
    throw new UsageError(`cannot write ${what} "${path}": it is ${describeKind(found)}`, hint);
  }
  let fd: number;
  try {
    fd = openSync(
      path,
      constants.O_WRONLY |
        constants.O_CREAT |
        constants.O_TRUNC |
        constants.O_NOFOLLOW |
        constants.O_NONBLOCK,
      0o644,
    );
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ELOOP'
        ? 'it is a symbolic link'
        : describeFileError(error);
    throw new UsageError(`cannot write ${what} "${path}": ${why}`, hint);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new UsageError(`cannot write ${what} "${path}": it is ${describeKind(stats)}`, hint);
    }
    writeFileSync(fd, text);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot write ${what} "${path}": ${describeFileError(error)}`, hint);
  } finally {
    closeSync(fd);
  }
}

/** Makes a folder (and its parents) to write into; one that cannot be made is a usage error. */
export function makeFolder(path: string, what: string): void {
  const hint = 'choose a folder you can write to';
  try {
    makeFolders(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'EEXIST' || code === 'ENOTDIR'
        ? 'it (or a parent) is not a folder'
        : describeFileError(error);
    throw new UsageError(`cannot write ${what} to "${path}": ${why}`, hint);
  }
  const stats = statSync(path);
  if (!stats.isDirectory()) {
    throw new UsageError(`cannot write ${what} to "${path}": it is not a folder`, hint);
  }
}

/**
 * mkdir -p, by hand: Node's own recursive mkdir loops for ever where mkdir says ENOENT under a
 * parent that exists (/proc/x on Linux). Here a missing parent is made first, once, and a second
 * ENOENT is an error.
 */
function makeFolders(path: string): void {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && statSync(path).isDirectory()) return;
    const parent = dirname(path);
    if (code !== 'ENOENT' || parent === path || lstatOrUndefined(parent) !== undefined) throw error;
    makeFolders(parent);
    mkdirSync(path);
  }
}

/** A path's own stats (a link's, not its target's); undefined when there is nothing there. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** What a path is, when it is not a regular file. */
export function describeKind(stats: Stats): string {
  if (stats.isSymbolicLink()) return 'a symbolic link';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}
