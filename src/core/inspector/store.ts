import type { RecordLine } from '../record.js';
import type { Check } from '../response-check.js';
import { emptyCounts, type Row, type RowVerdict, type VerdictCounts } from './rows.js';

/** One request as the inspector keeps it: its record line, the checks shown, its list row. */
export interface StoredEntry {
  seq: number;
  verdict: RowVerdict;
  /** Where its record line starts in the --record file, when it is there. */
  at: number | null;
  /** Read from the --record file at start. */
  earlier: boolean;
  /** The list's row, built when first asked for (a listener nobody watches builds none). */
  row?: Row | undefined;
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
  /** Entries older than `before` (all when undefined) and newer than `after`, newest first. */
  page(before: number | undefined, limit: number, after?: number): StoredEntry[];
  /** Entries newer than `after`, oldest first. */
  since(after: number): StoredEntry[];
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
    if ((entries[mid] as StoredEntry).seq < seq) lo = mid + 1;
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
      counts[entry.verdict]++;
      while (
        entries.length > 1 &&
        (entries.length > limits.maxEntries || bytes > limits.maxBytes)
      ) {
        bytes -= (entries.shift() as StoredEntry).bytes;
      }
    },
    get(seq) {
      const found = entries[lowerBound(entries, seq)];
      return found?.seq === seq ? found : undefined;
    },
    page(before, limit, after = 0) {
      const end = before === undefined ? entries.length : lowerBound(entries, before);
      const found: StoredEntry[] = [];
      for (let i = end - 1; i >= 0 && found.length < limit; i--) {
        const entry = entries[i] as StoredEntry;
        if (entry.seq <= after) break;
        found.push(entry);
      }
      return found;
    },
    since(after) {
      return entries.slice(lowerBound(entries, after + 1));
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
