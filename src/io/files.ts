import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** Reads a file, or standard input for `-`; an unreadable file is a usage error (exit 2). */
export function readInput(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new UsageError(
      `cannot read ${what} "${path}": ${reason}`,
      'check the path and try again',
    );
  }
}

/** Reads and parses JSON input; content that is not JSON is a usage error for inputs to send. */
export function readJsonInput(path: string, what: string): unknown {
  const text = readInput(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${what} "${path}" is not JSON: ${(error as Error).message}`,
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
      `cannot write ${what} "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      'check that the folder exists and is writable',
    );
  }
}
