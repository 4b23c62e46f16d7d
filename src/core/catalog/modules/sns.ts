import type { CatalogEntry } from '../types.js';

export const SNS_ENTRIES: readonly CatalogEntry[] = [];
