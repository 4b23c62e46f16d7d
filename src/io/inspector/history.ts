import type { FileHandle } from 'node:fs/promises';
import { parseRecordLine, type RecordLine } from '../../core/record.js';
import { readRecordTail } from '../record-reader.js';

/** One line of the --record file with where it starts. */
export interface LocatedLine {
  line: RecordLine;
  at: number;
  /** Its length in bytes, without the newline. */
  bytes: number;
}

export interface PageOptions {
  /** The most lines returned. */
  limit: number;
  /** The most bytes read for one page. */
  budget: number;
  /** Lines longer than this are skipped (their bodies are not held for a list). */
  maxLine: number;
}

/**
 * The record lines that end before `end`, newest first, with their offsets: a page of history
 * read backwards, never the whole file. A line that is not a record line is skipped.
 * `next` is where the following (older) page ends, or undefined at the start of the file.
 */
export async function readLinesBefore(
  handle: FileHandle,
  end: number,
  options: PageOptions,
): Promise<{ lines: LocatedLine[]; next: number | undefined }> {
  const lines: LocatedLine[] = [];
  // The end of the line being reported: readRecordTail reports the part after the last newline
  // first (empty when the file ends with one), then each line before it.
  let cursor = end;
  let next: number | undefined = end;
  const tail = await readRecordTail(
    handle,
    end,
    (found) => {
      const bytes = 'tooLong' in found ? found.tooLong : Buffer.byteLength(found.text);
      const at = cursor - bytes;
      cursor = at - 1;
      if ('text' in found && found.text.trim() !== '') {
        const parsed = parseRecordLine(found.text);
        if (parsed.ok) lines.push({ line: parsed.line, at, bytes });
      }
      next = at;
      return lines.length < options.limit;
    },
    { budget: options.budget, maxLine: options.maxLine },
  );
  if (tail.whole && lines.length < options.limit) next = undefined;
  return { lines, next: next === 0 ? undefined : next };
}

const CHUNK = 256 * 1024;

/** The record line that starts at `at`, read up to `max` bytes; undefined when it is not one. */
export async function readLineAt(
  handle: FileHandle,
  at: number,
  max: number,
): Promise<RecordLine | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(chunk, 0, CHUNK, at + size);
    if (bytesRead === 0) break;
    const nl = chunk.subarray(0, bytesRead).indexOf(0x0a);
    const part = chunk.subarray(0, nl === -1 ? bytesRead : nl);
    size += part.length;
    if (size > max) return undefined;
    parts.push(part);
    if (nl !== -1) break;
  }
  const parsed = parseRecordLine(Buffer.concat(parts, size).toString('utf8'));
  return parsed.ok ? parsed.line : undefined;
}
