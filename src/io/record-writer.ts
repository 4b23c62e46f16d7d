import { createReadStream, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { UsageError } from '../core/errors.js';
import { recordDuplicateKey } from '../core/listen-ladder.js';
import { createRecentKeys, type RecentKeys } from '../core/recent-keys.js';
import { parseRecordLine } from '../core/record.js';
import { describeFileError } from './files.js';

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
  /** Appends one line (without its newline). */
  write(line: string): Promise<void>;
  /** Waits for pending lines, syncs and closes the file. */
  close(): Promise<void>;
}

interface Pending {
  resolve: () => void;
  reject: (error: unknown) => void;
}

export async function openRecordWriter(path: string): Promise<RecordWriter> {
  let handle: FileHandle;
  try {
    // a+ so that a torn last line (a crash mid-write) can be seen and ended before appending.
    handle = await open(path, 'a+', 0o600);
  } catch (error) {
    throw new UsageError(
      `cannot open --record file "${path}": ${describeFileError(error)}`,
      'choose a writable file, e.g. --record callbacks.jsonl',
    );
  }
  // An existing file keeps its mode on open; the record holds callback bodies, so tighten it
  // (best effort: a file owned by someone else can still be appended to).
  await handle.chmod(0o600).catch(() => undefined);
  const fd = handle.fd;
  let text = '';
  let waiting: Pending[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  let lines = 0;
  let closed = false;

  const { size } = await handle.stat();
  if (size > 0) {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeAll(fd, Buffer.from('\n'));
  }

  function flush(): void {
    scheduled = undefined;
    const batch = waiting;
    const chunk = text;
    waiting = [];
    text = '';
    if (batch.length === 0) return;
    try {
      writeText(fd, chunk);
      lines += batch.length;
      for (const item of batch) item.resolve();
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }

  return {
    path,
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

/** Writes a string whole: straight from the string, falling back to bytes after a short write. */
function writeText(fd: number, text: string): void {
  const written = writeSync(fd, text, null, 'utf8');
  if (written < Buffer.byteLength(text, 'utf8')) {
    writeAll(fd, Buffer.from(text, 'utf8').subarray(written));
  }
}

function writeAll(fd: number, buffer: Buffer): void {
  let offset = 0;
  while (offset < buffer.length) offset += writeSync(fd, buffer, offset);
}

export interface RecordedKeys {
  /** The most recent ones (createRecentKeys): a long record file does not fill the memory. */
  keys: RecentKeys;
  lines: number;
  unreadable: number;
}

/**
 * The duplicate keys of an existing record file, so that a retry of a callback answered in an
 * earlier run is still flagged (PROTOCOL.md §4). A missing file is an empty record.
 */
export async function loadRecordedKeys(path: string): Promise<RecordedKeys> {
  const result: RecordedKeys = { keys: createRecentKeys(), lines: 0, unreadable: 0 };
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    for await (const text of reader) {
      if (text.trim() === '') continue;
      result.lines++;
      const parsed = parseRecordLine(text);
      if (!parsed.ok) {
        result.unreadable++;
        continue;
      }
      const key = recordDuplicateKey(parsed.line);
      if (key !== undefined) result.keys.add(key);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return result;
    throw new UsageError(
      `cannot read --record file "${path}": ${describeFileError(error)}`,
      'choose a readable JSON-lines file, or a new path',
    );
  } finally {
    stream.destroy();
  }
  return result;
}
