import type { CatalogEntry } from '../types.js';

export const CONTENT_ENTRIES: readonly CatalogEntry[] = [];
