import { readFileSync, writeFileSync } from 'node:fs';
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
