import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { describeFileError } from './files.js';

/**
 * The longest record line read back. `listen` writes a line of at most about six times
 * --max-body (a body of control characters, each escaped as \u00XX) plus its headers: 128 MiB
 * holds every line of a default listener, and stays far below the longest string V8 can make.
 */
export const MAX_RECORD_LINE_BYTES = 128 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

export interface RawRecordLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
  /** Set instead of `text` when the line was longer than the cap: its length, in bytes. */
  tooLong?: number;
}

/**
 * Opens a record file for reading: a regular file only, so that a FIFO cannot block and a device
 * cannot stream forever. A file that cannot be read is a usage error (2).
 */
async function openForReading(path: string): Promise<FileHandle> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw new UsageError(
      `cannot read record file "${path}": ${describeFileError(error)}`,
      'give a file written by tim-callback listen --record',
    );
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw new UsageError(
      `cannot read record file "${path}": not a regular file`,
      'give a file written by tim-callback listen --record',
    );
  }
  return handle;
}

/** Collects one line's bytes up to the cap; past it only the length is counted. */
class LineBuffer {
  private parts: Buffer[] = [];
  bytes = 0;
  constructor(private readonly max: number) {}
  /** Appends a part of a buffer that will be reused: it is copied when kept. */
  add(part: Buffer): void {
    this.bytes += part.length;
    if (this.bytes > this.max) this.parts = [];
    else if (part.length > 0) this.parts.push(Buffer.from(part));
  }
  /** Prepends (for reading backwards). */
  addBefore(part: Buffer): void {
    this.bytes += part.length;
    if (this.bytes > this.max) this.parts = [];
    else if (part.length > 0) this.parts.unshift(part);
  }
  take(): { text: string } | { tooLong: number } {
    const result =
      this.bytes > this.max
        ? { tooLong: this.bytes }
        : { text: stripCr(Buffer.concat(this.parts, this.bytes).toString('utf8')) };
    this.parts = [];
    this.bytes = 0;
    return result;
  }
}

function stripCr(text: string): string {
  return text.endsWith('\r') ? text.slice(0, -1) : text;
}

/**
 * Streams the lines of a `listen --record` file, so a long recording is never held in memory
 * whole, and a line longer than `maxLine` bytes is reported (`tooLong`) instead of read.
 */
export async function* readRecordFile(
  path: string,
  maxLine = MAX_RECORD_LINE_BYTES,
): AsyncGenerator<RawRecordLine> {
  const handle = await openForReading(path);
  const line = new LineBuffer(maxLine);
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let number = 0;
  try {
    for (;;) {
      let read: number;
      try {
        ({ bytesRead: read } = await handle.read(chunk, 0, CHUNK_BYTES, null));
      } catch (error) {
        throw new UsageError(
          `cannot read record file "${path}": ${describeFileError(error)}`,
          'check the file permissions',
        );
      }
      if (read === 0) break;
      let start = 0;
      for (let nl = chunk.indexOf(0x0a, start); nl !== -1 && nl < read; ) {
        line.add(chunk.subarray(start, nl));
        number += 1;
        yield { number, text: '', ...line.take() };
        start = nl + 1;
        nl = chunk.indexOf(0x0a, start);
      }
      if (start < read) line.add(chunk.subarray(start, read));
    }
    if (line.bytes > 0) {
      number += 1;
      yield { number, text: '', ...line.take() };
    }
  } finally {
    await handle.close();
  }
}

export interface TailOptions {
  /** Bytes of the file to read at most, from its end. */
  budget: number;
  maxLine?: number;
}

export interface TailResult {
  /** Bytes read from the end of the file. */
  bytesRead: number;
  /** Whether the whole file was read. */
  whole: boolean;
}

/**
 * Reads the lines at the end of an open file, newest first, stopping when `onLine` returns false,
 * the budget is spent, or the start is reached: a long record is not read whole to find its most
 * recent lines. A line cut by the budget is not reported; one longer than the cap is, as `tooLong`.
 * The empty line after the file's final newline is reported too: callers skip blank lines.
 */
export async function readRecordTail(
  handle: FileHandle,
  size: number,
  onLine: (line: { text: string } | { tooLong: number }) => boolean,
  options: TailOptions,
): Promise<TailResult> {
  const line = new LineBuffer(options.maxLine ?? MAX_RECORD_LINE_BYTES);
  const floor = Math.max(0, size - options.budget);
  let position = size;
  while (position > floor) {
    const length = Math.min(CHUNK_BYTES, position - floor);
    position -= length;
    const chunk = Buffer.allocUnsafe(length);
    await readFully(handle, chunk, position);
    const first = chunk.indexOf(0x0a);
    if (first === -1) {
      line.addBefore(chunk);
      continue;
    }
    // After the chunk's last newline: the end of a line that began in this chunk or before it.
    const last = chunk.lastIndexOf(0x0a);
    line.addBefore(chunk.subarray(last + 1));
    if (!onLine(line.take())) return { bytesRead: size - (position + last), whole: false };
    // Between its first and last newline: whole lines, decoded at once (each under a chunk long).
    const lines = last > first ? chunk.toString('utf8', first + 1, last).split('\n') : [];
    for (let i = lines.length - 1; i >= 0; i--) {
      if (!onLine({ text: stripCr(lines[i] as string) })) {
        return { bytesRead: size - (position + first), whole: false };
      }
    }
    line.addBefore(chunk.subarray(0, first));
  }
  // What is left at the start of the file is its first line.
  if (position === 0 && size > 0) onLine(line.take());
  return { bytesRead: size - position, whole: position === 0 };
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesRead } = await handle.read(
      buffer,
      offset,
      buffer.length - offset,
      position + offset,
    );
    if (bytesRead === 0) throw new Error('the record file shrank while it was read');
    offset += bytesRead;
  }
}
