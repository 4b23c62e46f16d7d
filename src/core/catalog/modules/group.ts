import type { CatalogEntry } from '../types.js';

export const GROUP_ENTRIES: readonly CatalogEntry[] = [];
