import type { CatalogEntry } from '../types.js';

export const PUSH_ENTRIES: readonly CatalogEntry[] = [];
