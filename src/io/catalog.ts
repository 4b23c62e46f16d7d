import { findEntry, resolveSample, suggestCommands } from '../core/catalog/names.js';
import type { CatalogEntry, Sample } from '../core/catalog/types.js';
import { UsageError } from '../core/errors.js';

/**
 * The callback catalogue, loaded on first use: a dynamic import, so that `--help` and a default
 * one-shot `send` never parse 64 schemas they do not need.
 */
export async function loadCatalog(): Promise<readonly CatalogEntry[]> {
  return (await import('../core/catalog/index.js')).CATALOG;
}

const FIXTURES_HINT = 'run tim-callback fixtures to list every command and sample';

function hintFor(suggestions: readonly string[]): string {
  return suggestions.length > 0
    ? `did you mean ${suggestions.join(', ')}? (${FIXTURES_HINT})`
    : FIXTURES_HINT;
}

/** A sample by `<command or alias>[:<variant>]` or a legacy fixture name; a usage error otherwise. */
export async function findSample(spec: string): Promise<{ entry: CatalogEntry; sample: Sample }> {
  const lookup = resolveSample(await loadCatalog(), spec);
  if (!lookup.found) throw new UsageError(lookup.problem, hintFor(lookup.suggestions));
  return lookup;
}

/** A command by its CallbackCommand (any case) or alias; a usage error otherwise. */
export async function findCommand(name: string): Promise<CatalogEntry> {
  const catalog = await loadCatalog();
  const entry = findEntry(catalog, name);
  if (entry !== undefined) return entry;
  throw new UsageError(
    `no callback command named "${name}"`,
    hintFor(suggestCommands(catalog, name)),
  );
}
