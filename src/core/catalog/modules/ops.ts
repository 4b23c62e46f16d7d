import type { CatalogEntry } from '../types.js';

export const OPS_ENTRIES: readonly CatalogEntry[] = [];
