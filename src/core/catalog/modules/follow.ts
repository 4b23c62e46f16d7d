import type { CatalogEntry } from '../types.js';

export const FOLLOW_ENTRIES: readonly CatalogEntry[] = [];
