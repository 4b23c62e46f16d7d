import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';

/** Reads a file, or standard input for `-`; an unreadable file is a usage error (exit 2). */
export function readInput(path: string, what: string): string {
  try {
    return path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
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
