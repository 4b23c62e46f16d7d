import type { CatalogEntry } from '../types.js';

export const TOPIC_ENTRIES: readonly CatalogEntry[] = [];
