import type { CatalogEntry } from '../types.js';

export const BOT_ENTRIES: readonly CatalogEntry[] = [];
