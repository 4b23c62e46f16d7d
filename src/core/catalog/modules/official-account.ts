import type { CatalogEntry } from '../types.js';

export const OFFICIAL_ACCOUNT_ENTRIES: readonly CatalogEntry[] = [];
