import { emptyCounts, type RowVerdict, type VerdictCounts } from './rows.js';

/**
 * The requests the inspector keeps, newest last. Each one's text (its record line) is kept as
 * UTF-8 bytes in chunks outside the JavaScript heap: a listener under load keeps a thousand
 * requests that each live a few hundred milliseconds, and as strings or objects they would all be
 * copied and marked by the garbage collector, which measurably slowed every request. What stays
 * on the heap is one small entry per request.
 */
export interface StoredEntry {
  seq: number;
  verdict: RowVerdict;
  /** Where its record line starts in the --record file, when it is there. */
  at: number | null;
  /** Read from the --record file at start. */
  earlier: boolean;
  /** What the inspector shows beside the text (its checks), as it gave it; often shared. */
  shown: string;
  /** Its text's UTF-8 length: what it counts against the store's byte budget. */
  bytes: number;
  /** Where its text is: a chunk and an offset in it. */
  chunk: Chunk;
  offset: number;
}

/** What an entry is before it is kept: everything but where its text went. */
export type EntryFacts = Pick<StoredEntry, 'seq' | 'verdict' | 'at' | 'earlier' | 'shown'>;

export interface StoreLimits {
  /** The most requests kept in memory (older ones are paged from the --record file). */
  maxEntries: number;
  /** The most text bytes kept in memory, whatever the count. */
  maxBytes: number;
  /** The size of one chunk of text; a longer text gets a chunk of its own. */
  chunkBytes?: number;
}

export const DEFAULT_STORE_LIMITS: StoreLimits = { maxEntries: 1000, maxBytes: 64 * 1024 * 1024 };

const DEFAULT_CHUNK = 1024 * 1024;
/** Emptied chunks kept for reuse, so that a steady load allocates none. */
const SPARE_CHUNKS = 2;

/**
 * The last requests, bounded in count and in bytes: the oldest go first, and the newest is always
 * kept. Counts by verdict cover every request added, kept or not.
 */
export interface InspectorStore {
  /** Keeps a request and its text (`bytes` is its UTF-8 length, when known). */
  add(facts: EntryFacts, text: string, bytes?: number): StoredEntry;
  get(seq: number): StoredEntry | undefined;
  /** The text an entry was added with. */
  textOf(entry: StoredEntry): string;
  /** Entries older than `before` (all when undefined) and newer than `after`, newest first. */
  page(before: number | undefined, limit: number, after?: number): StoredEntry[];
  /** Entries newer than `after`, oldest first. */
  since(after: number): StoredEntry[];
  oldest(): StoredEntry | undefined;
  readonly size: number;
  /** The text bytes of the entries kept. */
  readonly bytes: number;
  /** The bytes of the chunks holding them (what the texts cost in memory). */
  readonly allocated: number;
  readonly counts: VerdictCounts;
}

/** A block of text bytes: filled from the start, emptied when its last entry is dropped. */
export interface Chunk {
  buffer: Buffer;
  used: number;
  /** Entries whose text is in it. */
  live: number;
}

/** The index of the first entry whose seq is ≥ seq (entries are in seq order). */
function lowerBound(entries: readonly StoredEntry[], start: number, seq: number): number {
  let lo = start;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((entries[mid] as StoredEntry).seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Chunks of text bytes: filled in order, each emptied when its last entry is dropped. */
interface Chunks {
  /** A chunk with room for `size` bytes from its `used`. */
  place(size: number): Chunk;
  /** Called for a chunk whose last entry was dropped. */
  emptied(chunk: Chunk): void;
  readonly allocated: number;
}

function createChunks(chunkBytes: number): Chunks {
  const spare: Chunk[] = [];
  let current: Chunk | undefined;
  let allocated = 0;
  const newChunk = (size: number): Chunk => {
    const reused = size === chunkBytes ? spare.pop() : undefined;
    if (reused !== undefined) return reused;
    allocated += size;
    return { buffer: Buffer.allocUnsafeSlow(size), used: 0, live: 0 };
  };
  const emptied = (chunk: Chunk) => {
    chunk.used = 0;
    if (chunk === current) return;
    if (chunk.buffer.length === chunkBytes && spare.length < SPARE_CHUNKS) spare.push(chunk);
    else allocated -= chunk.buffer.length;
  };
  return {
    place(size) {
      // A long text gets a chunk of its own, so that it wastes no room in a shared one.
      if (size > chunkBytes / 2) return newChunk(size);
      if (current === undefined || current.used + size > chunkBytes) {
        const full = current;
        current = newChunk(chunkBytes);
        if (full !== undefined && full.live === 0) emptied(full);
      }
      return current;
    },
    emptied,
    get allocated() {
      return allocated;
    },
  };
}

export function createInspectorStore(limits: StoreLimits = DEFAULT_STORE_LIMITS): InspectorStore {
  const chunks = createChunks(limits.chunkBytes ?? DEFAULT_CHUNK);
  // Entries from `head` on are kept; the array is compacted now and then rather than shifted on
  // every drop.
  let entries: StoredEntry[] = [];
  let head = 0;
  const counts = emptyCounts();
  let bytes = 0;

  const dropOldest = () => {
    const entry = entries[head] as StoredEntry;
    head++;
    bytes -= entry.bytes;
    if (--entry.chunk.live === 0) chunks.emptied(entry.chunk);
    if (head > 1024 && head * 2 > entries.length) {
      entries = entries.slice(head);
      head = 0;
    }
  };

  return {
    add(facts, text, size = Buffer.byteLength(text)) {
      const chunk = chunks.place(size);
      const offset = chunk.used;
      chunk.buffer.write(text, offset, size, 'utf8');
      chunk.used += size;
      chunk.live++;
      const entry: StoredEntry = {
        seq: facts.seq,
        verdict: facts.verdict,
        at: facts.at,
        earlier: facts.earlier,
        shown: facts.shown,
        bytes: size,
        chunk,
        offset,
      };
      entries.push(entry);
      bytes += size;
      counts[entry.verdict]++;
      while (
        entries.length - head > 1 &&
        (entries.length - head > limits.maxEntries || bytes > limits.maxBytes)
      ) {
        dropOldest();
      }
      return entry;
    },
    get(seq) {
      const found = entries[lowerBound(entries, head, seq)];
      return found?.seq === seq ? found : undefined;
    },
    textOf(entry) {
      return entry.chunk.buffer.toString('utf8', entry.offset, entry.offset + entry.bytes);
    },
    page(before, limit, after = 0) {
      const end = before === undefined ? entries.length : lowerBound(entries, head, before);
      const found: StoredEntry[] = [];
      for (let i = end - 1; i >= head && found.length < limit; i--) {
        const entry = entries[i] as StoredEntry;
        if (entry.seq <= after) break;
        found.push(entry);
      }
      return found;
    },
    since(after) {
      return entries.slice(lowerBound(entries, head, after + 1));
    },
    oldest: () => entries[head],
    get size() {
      return entries.length - head;
    },
    get bytes() {
      return bytes;
    },
    get allocated() {
      return chunks.allocated;
    },
    counts,
  };
}
