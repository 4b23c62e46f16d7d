import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { describeFileError, describeKind, lstatOrUndefined } from './files.js';

// A file the tool writes for the user to keep (send --export k6 --output): only a regular file,
// never through a symbolic link, never a device or FIFO (DESIGN.md, "Bounded by design"), and an
// existing file is replaced only when asked (--force).

/**
 * Writes `text` to a new regular file, or over an existing one with `force`. Checked before
 * opening (so that opening cannot block on a FIFO or touch a device) and again on the open file.
 */
export function writeNewFile(path: string, text: string, what: string, force: boolean): void {
  const hint = 'choose a regular file in a writable folder';
  const found = lstatOrUndefined(path);
  if (found !== undefined && !found.isFile()) {
    throw new UsageError(`cannot write ${what} "${path}": it is ${describeKind(found)}`, hint);
  }
  if (found !== undefined && !force) {
    throw new UsageError(
      `${what} "${path}" already exists`,
      'add --force to replace it, or choose another file',
    );
  }
  const flags =
    constants.O_WRONLY |
    constants.O_CREAT |
    constants.O_NOFOLLOW |
    constants.O_NONBLOCK |
    (force ? constants.O_TRUNC : constants.O_EXCL);
  let fd: number;
  try {
    fd = openSync(path, flags, 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError(
        `${what} "${path}" already exists`,
        'add --force to replace it, or choose another file',
      );
    }
    const why = code === 'ELOOP' ? 'it is a symbolic link' : describeFileError(error);
    throw new UsageError(`cannot write ${what} "${path}": ${why}`, hint);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new UsageError(`cannot write ${what} "${path}": it is ${describeKind(stats)}`, hint);
    }
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot write ${what} "${path}": ${describeFileError(error)}`, hint);
  } finally {
    closeSync(fd);
  }
}
