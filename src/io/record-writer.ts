import { constants, ftruncateSync, type Stats, writeSync } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { UsageError } from '../core/errors.js';
import { type CommandIndex, recordDuplicateKey } from '../core/listen-ladder.js';
import { createRecentKeys, RECENT_KEYS, type RecentKeys } from '../core/recent-keys.js';
import { parseRecordLine } from '../core/record.js';
import { describeFileError, describeKind } from './files.js';
import { readRecordTail } from './record-reader.js';

/**
 * Appends record lines to a JSON-lines file created with mode 0600 (it holds bodies and Signs).
 * `write` resolves once its line is in the file, so a caller that awaits it before answering never
 * answers a request that is missing from the file. The lines of one event-loop turn are gathered
 * and appended with one synchronous write right after it: one system call for a whole burst, and
 * no thread-pool round trip between a request and its answer.
 */
export interface RecordWriter {
  readonly path: string;
  /** Lines written so far. */
  readonly lines: number;
  /** The file's permission bits, as they are (after tightening a file of ours to 0600). */
  readonly mode: number;
  /** The file belongs to another user, so its mode was left as found. */
  readonly foreign: boolean;
  /** Bytes in the file when it was opened: what earlier runs recorded. */
  readonly earlierBytes: number;
  /** The open file, for reading earlier lines back. */
  readonly handle: FileHandle;
  /** Appends one line (without its newline). */
  write(line: string): Promise<void>;
  /** Waits for pending lines, syncs and closes the file. */
  close(): Promise<void>;
}

/** The writes a record makes, injectable so that a full disk can be played in a unit test. */
export interface RecordIo {
  /** Like fs.writeSync: returns how many bytes went in, possibly fewer than given. */
  writeText(fd: number, text: string): number;
  writeBytes(fd: number, bytes: Buffer, offset: number): number;
  truncate(fd: number, length: number): void;
}

const NODE_IO: RecordIo = {
  writeText: (fd, text) => writeSync(fd, text, null, 'utf8'),
  writeBytes: (fd, bytes, offset) => writeSync(fd, bytes, offset),
  truncate: (fd, length) => ftruncateSync(fd, length),
};

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

const HINT = 'choose a regular file, e.g. --record callbacks.jsonl';

function notRegular(path: string, stats: Stats): UsageError {
  return new UsageError(
    `cannot record to "${path}": it is ${describeKind(stats)}; --record writes only to a regular file`,
    HINT,
  );
}

/**
 * Opens the record file: a regular file or a new one, never through a symbolic link, never a
 * device or FIFO (DESIGN.md, "Bounded by design"). Checked before opening, so that opening cannot
 * block or touch a device, and again on the open file, so that a swap in between is caught.
 */
async function openRegularFile(path: string): Promise<FileHandle> {
  const found = await lstat(path).catch(() => undefined);
  if (found !== undefined && !found.isFile()) throw notRegular(path, found);
  let handle: FileHandle;
  try {
    // Read and append (a torn last line is looked for), without following a symlink or blocking.
    const flags =
      constants.O_RDWR |
      constants.O_APPEND |
      constants.O_CREAT |
      constants.O_NOFOLLOW |
      constants.O_NONBLOCK;
    handle = await open(path, flags, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new UsageError(
        `cannot record to "${path}": it is a symbolic link; --record writes only to a regular file`,
        HINT,
      );
    }
    throw new UsageError(
      `cannot open --record file "${path}": ${describeFileError(error)}`,
      'choose a writable file, e.g. --record callbacks.jsonl',
    );
  }
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw notRegular(path, stats);
  }
  return handle;
}

export async function openRecordWriter(
  path: string,
  io: RecordIo = NODE_IO,
): Promise<RecordWriter> {
  const handle = await openRegularFile(path);
  const stats = await handle.stat();
  // The record holds callback bodies: a file of ours is tightened to 0600. Another user's file
  // (root appending to it, say) keeps its mode; the banner says what it is.
  const foreign = process.getuid !== undefined && stats.uid !== process.getuid();
  let mode = stats.mode & 0o777;
  if (!foreign && mode !== 0o600) {
    await handle.chmod(0o600).then(
      () => {
        mode = 0o600;
      },
      () => undefined,
    );
  }
  const fd = handle.fd;
  // Where the last complete line ends: a failed or short write is cut back to it.
  let committed = stats.size;
  let torn = false;
  let text = '';
  let waiting: Pending[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let lines = 0;
  let closed = false;

  if (stats.size > 0) {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, stats.size - 1);
    // A crash mid-write left a torn line: it is ended, so that the next line is not glued on.
    if (last[0] !== 0x0a) committed += writeAll(io, fd, Buffer.from('\n'));
  }

  /** Cuts a failed write's partial bytes off; retried before the next write if it fails too. */
  function cutBack(): void {
    try {
      io.truncate(fd, committed);
      torn = false;
    } catch {
      torn = true;
    }
  }

  function flush(): void {
    scheduled = undefined;
    const batch = waiting;
    const chunk = text;
    waiting = [];
    text = '';
    if (batch.length === 0) return;
    try {
      if (torn) {
        io.truncate(fd, committed);
        torn = false;
      }
      committed += writeText(io, fd, chunk);
      lines += batch.length;
      for (const item of batch) item.resolve();
    } catch (error) {
      cutBack();
      for (const item of batch) item.reject(error);
    }
  }

  return {
    path,
    mode,
    foreign,
    earlierBytes: committed,
    handle,
    get lines() {
      return lines;
    },
    write(line) {
      if (closed) return Promise.reject(new Error('the record file is closed'));
      return new Promise<void>((resolve, reject) => {
        text += `${line}\n`;
        waiting.push({ resolve, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      if (scheduled !== undefined) clearImmediate(scheduled);
      flush();
      await handle.sync().catch(() => undefined);
      await handle.close();
    },
  };
}

/**
 * Writes a string whole, straight from the string, falling back to bytes after a short write;
 * returns the bytes written. A write that fails part-way throws, leaving the caller to cut back.
 */
function writeText(io: RecordIo, fd: number, text: string): number {
  const written = io.writeText(fd, text);
  const total = Buffer.byteLength(text, 'utf8');
  if (written < total) writeAll(io, fd, Buffer.from(text, 'utf8').subarray(written));
  return total;
}

function writeAll(io: RecordIo, fd: number, buffer: Buffer): number {
  let offset = 0;
  while (offset < buffer.length) {
    const written = io.writeBytes(fd, buffer, offset);
    // No progress and no error: a full device that says so only this way.
    if (written <= 0) throw Object.assign(new Error('no space left to write'), { code: 'ENOSPC' });
    offset += written;
  }
  return buffer.length;
}

/** How much of an earlier record is read back at start-up: its end, not the whole of it. */
export const RECORD_TAIL_BYTES = 64 * 1024 * 1024;

export interface RecordedKeys {
  /** The most recent ones (createRecentKeys): a long record file does not fill the memory. */
  keys: RecentKeys;
  /** Lines read from the end of the file. */
  lines: number;
  unreadable: number;
  /** Bytes read from the end of the file, and whether that was all of it. */
  bytesRead: number;
  whole: boolean;
}

/**
 * The duplicate keys at the end of an open record file, so that a retry of a callback answered
 * in an earlier run is still flagged (PROTOCOL.md §4). Only the end is read, as much as the
 * window holds and at most `budget` bytes: a retry follows its original within seconds, and a
 * gigabyte of old record must not keep the listener from starting.
 */
export async function loadRecordedKeys(
  writer: Pick<RecordWriter, 'handle' | 'earlierBytes'>,
  capacity = RECENT_KEYS,
  budget = RECORD_TAIL_BYTES,
  commands?: CommandIndex,
): Promise<RecordedKeys> {
  const newestFirst: string[] = [];
  let lines = 0;
  let unreadable = 0;
  const tail = await readRecordTail(
    writer.handle,
    writer.earlierBytes,
    (line) => {
      if ('tooLong' in line) {
        lines++;
        unreadable++;
        return true;
      }
      if (line.text.trim() === '') return true;
      lines++;
      const parsed = parseRecordLine(line.text);
      if (!parsed.ok) unreadable++;
      else {
        const key = recordDuplicateKey(parsed.line, commands);
        if (key !== undefined) newestFirst.push(key);
      }
      return newestFirst.length < capacity;
    },
    { budget },
  );
  const keys = createRecentKeys(capacity);
  for (let i = newestFirst.length - 1; i >= 0; i--) keys.add(newestFirst[i] as string);
  return { keys, lines, unreadable, bytesRead: tail.bytesRead, whole: tail.whole };
}
