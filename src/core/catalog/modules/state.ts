import type { CatalogEntry } from '../types.js';

export const STATE_ENTRIES: readonly CatalogEntry[] = [];
