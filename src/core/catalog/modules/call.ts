import type { CatalogEntry } from '../types.js';

export const CALL_ENTRIES: readonly CatalogEntry[] = [];
