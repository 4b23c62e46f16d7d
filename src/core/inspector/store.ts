import type { RecordLine } from '../record.js';
import type { Check } from '../response-check.js';
import { emptyCounts, type Row, type VerdictCounts } from './rows.js';

/** One request as the inspector keeps it: its row, its record line and the checks shown. */
export interface StoredEntry {
  row: Row;
  line: RecordLine;
  checks: Check[];
  warnings: string[];
  /** Roughly what it holds in memory, for the store's byte budget. */
  bytes: number;
}

export interface StoreLimits {
  /** The most requests kept in memory (older ones are paged from the --record file). */
  maxEntries: number;
  /** The most body and header bytes kept in memory, whatever the count. */
  maxBytes: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxEntries: 1000, maxBytes: 64 * 1024 * 1024 };

/**
 * The last requests, newest last, bounded in count and in bytes: the oldest go first, and the
 * newest is always kept. Counts by verdict cover every request added, kept or not.
 */
export interface InspectorStore {
  add(entry: StoredEntry): void;
  get(seq: number): StoredEntry | undefined;
  /** Rows older than `before` (all when undefined), newest first, at most `limit`. */
  page(before: number | undefined, limit: number): Row[];
  /** Rows newer than `after`, oldest first. */
  since(after: number): Row[];
  oldest(): StoredEntry | undefined;
  readonly size: number;
  readonly bytes: number;
  readonly counts: VerdictCounts;
}

/** The index of the first entry whose seq is ≥ seq (entries are in seq order). */
function lowerBound(entries: readonly StoredEntry[], seq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as StoredEntry).row.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function createInspectorStore(limits: StoreLimits = DEFAULT_STORE_LIMITS): InspectorStore {
  const entries: StoredEntry[] = [];
  const counts = emptyCounts();
  let bytes = 0;
  return {
    add(entry) {
      entries.push(entry);
      bytes += entry.bytes;
      counts[entry.row.verdict]++;
      while (
        entries.length > 1 &&
        (entries.length > limits.maxEntries || bytes > limits.maxBytes)
      ) {
        bytes -= (entries.shift() as StoredEntry).bytes;
      }
    },
    get(seq) {
      const found = entries[lowerBound(entries, seq)];
      return found?.row.seq === seq ? found : undefined;
    },
    page(before, limit) {
      const end = before === undefined ? entries.length : lowerBound(entries, before);
      const rows: Row[] = [];
      for (let i = end - 1; i >= 0 && rows.length < limit; i--) {
        rows.push((entries[i] as StoredEntry).row);
      }
      return rows;
    },
    since(after) {
      return entries.slice(lowerBound(entries, after + 1)).map((entry) => entry.row);
    },
    oldest: () => entries[0],
    get size() {
      return entries.length;
    },
    get bytes() {
      return bytes;
    },
    counts,
  };
}

/** What an entry costs in memory, roughly: its body, headers and query as text. */
export function entryBytes(line: RecordLine, lineText: string | undefined): number {
  if (lineText !== undefined) return lineText.length + 256;
  let size = line.body.length + line.response.body.length + 512;
  for (const [name, value] of Object.entries(line.headers)) size += name.length + value.length;
  for (const [name, value] of Object.entries(line.query)) size += name.length + value.length;
  return size;
}
