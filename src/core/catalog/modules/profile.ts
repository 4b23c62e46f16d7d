import type { CatalogEntry } from '../types.js';

export const PROFILE_ENTRIES: readonly CatalogEntry[] = [];
