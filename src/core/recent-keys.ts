/**
 * The duplicate keys a listener remembers: the most recent `capacity`, oldest forgotten first.
 * A retry comes seconds after the timeout that caused it (PROTOCOL.md §4), so a window this size
 * catches every real one, and a listener under sustained load keeps a fixed amount of memory
 * instead of growing by one key per callback for as long as it runs.
 */
export const RECENT_KEYS = 100_000;

export interface RecentKeys {
  has(key: string): boolean;
  /** Remembers a key; past the capacity, the oldest one is forgotten. */
  add(key: string): void;
  readonly size: number;
}

export function createRecentKeys(capacity = RECENT_KEYS): RecentKeys {
  // A Set iterates in insertion order: its first key is the oldest.
  const keys = new Set<string>();
  return {
    has: (key) => keys.has(key),
    add(key) {
      // Adding a key already there changes nothing, so nothing is forgotten for it.
      keys.add(key);
      if (keys.size > capacity) keys.delete(keys.values().next().value as string);
    },
    get size() {
      return keys.size;
    },
  };
}
