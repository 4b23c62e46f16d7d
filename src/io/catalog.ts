import { listSamples } from '../core/catalog/listing.js';
import { findEntry, resolveSample, suggestCommands, suggestNames } from '../core/catalog/names.js';
import type { CatalogEntry, Sample } from '../core/catalog/types.js';
import { UsageError } from '../core/errors.js';
import { listFixtures } from './fixtures.js';

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
  const catalog = await loadCatalog();
  const lookup = resolveSample(catalog, spec);
  if (!lookup.found) throw sampleNotFound(catalog, spec, lookup);
  return lookup;
}

const SAMPLES_HINT = 'run tim-callback fixtures to list every sample';

/**
 * Exit 2 for a sample name nothing answers to, with the closest names: a command's other
 * variants when the command is right, else any sample or bundled fixture name.
 */
export function sampleNotFound(
  catalog: readonly CatalogEntry[],
  name: string,
  lookup: { problem: string; suggestions: string[] },
): UsageError {
  const variantMissing = name.includes(':') && lookup.suggestions.length > 0;
  const suggestions = variantMissing
    ? lookup.suggestions
    : suggestNames(
        [...listSamples(catalog).map((s) => s.name), ...listFixtures().map((f) => f.name)],
        name,
      );
  const problem = variantMissing ? lookup.problem : `no fixture or sample named "${name}"`;
  const hint =
    suggestions.length > 0
      ? `did you mean ${suggestions.join(', ')}? (${SAMPLES_HINT})`
      : SAMPLES_HINT;
  return new UsageError(problem, hint);
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
