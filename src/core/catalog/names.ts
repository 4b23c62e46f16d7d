import type { CatalogEntry, Sample } from './types.js';

/** Words of a PascalCase name; a run of capitals or a letter-digit group (`C2C`) stays one word. */
function words(name: string): string[] {
  return name.match(/[A-Z0-9]+(?=[A-Z][a-z]|$)|[A-Z][a-z0-9]*|[a-z0-9]+/g) ?? [name];
}

const kebab = (name: string): string => words(name).join('-').toLowerCase();

/**
 * The short alias of a command (DESIGN.md, "Catalogue details"): `C2C.CallbackAfterMsgWithDraw`
 * → `c2c.after-msg-with-draw`, `ContentCallback.ResultNotify` → `content-callback.result-notify`.
 */
export function aliasOf(command: string): string {
  const dot = command.indexOf('.');
  const module = command.slice(0, dot);
  const name = command.slice(dot + 1).replace(/^Callback(?=[A-Z])/, '');
  return `${kebab(module)}.${kebab(name)}`;
}

interface NameIndex {
  byName: Map<string, CatalogEntry>;
}

// One index per catalogue array (there is one in the program; tests may build others).
const indexes = new WeakMap<readonly CatalogEntry[], NameIndex>();

function indexOf(catalog: readonly CatalogEntry[]): NameIndex {
  let index = indexes.get(catalog);
  if (index === undefined) {
    const byName = new Map<string, CatalogEntry>();
    for (const entry of catalog) {
      byName.set(entry.command.toLowerCase(), entry);
      byName.set(aliasOf(entry.command), entry);
    }
    index = { byName };
    indexes.set(catalog, index);
  }
  return index;
}

/** The entry named by its CallbackCommand (any case) or its alias; undefined when unknown. */
export function findEntry(
  catalog: readonly CatalogEntry[],
  name: string,
): CatalogEntry | undefined {
  return indexOf(catalog).byName.get(name.trim().toLowerCase());
}

/** The command the legacy fixture names (`group-destroyed`, `cn-edition`, …) belong to. */
export const LEGACY_COMMAND = 'Group.CallbackAfterGroupDestroyed';
export const LEGACY_DEFAULT = 'group-destroyed';

/** `<alias>` for a default sample, `<alias>:<variant>` for a variant. */
export function sampleName(entry: CatalogEntry, sample: Sample): string {
  const alias = aliasOf(entry.command);
  return sample.variant === null ? alias : `${alias}:${sample.variant}`;
}

export type SampleLookup =
  | { found: true; entry: CatalogEntry; sample: Sample }
  | { found: false; problem: string; suggestions: string[] };

/** Levenshtein distance, for "did you mean"; names are short, so the O(n·m) table is small. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to three known names close to what was typed (by edit distance, else by containing it). */
export function suggestNames(candidates: readonly string[], typed: string): string[] {
  const wanted = typed.toLowerCase().slice(0, 200);
  const scored = candidates
    .map((name) => ({ name, d: distance(name.toLowerCase(), wanted) }))
    .filter(({ d }) => d <= Math.max(2, Math.floor(wanted.length / 4)))
    .sort((x, y) => x.d - y.d);
  if (scored.length > 0) return scored.slice(0, 3).map(({ name }) => name);
  return candidates.filter((name) => name.toLowerCase().includes(wanted)).slice(0, 3);
}

/** Aliases close to an unknown name; a CallbackCommand typed with a slip is compared as an alias. */
export function suggestCommands(catalog: readonly CatalogEntry[], name: string): string[] {
  const aliases = catalog.map((entry) => aliasOf(entry.command));
  return suggestNames(aliases, /[A-Z]/.test(name) && name.includes('.') ? aliasOf(name) : name);
}

function unknownCommand(catalog: readonly CatalogEntry[], name: string): SampleLookup {
  return {
    found: false,
    problem: `no callback command named "${name}"`,
    suggestions: suggestCommands(catalog, name),
  };
}

/**
 * A sample by name: `<command or alias>[:<variant>]` (`State.StateChange:kicked`,
 * `c2c.before-send-msg`), or a legacy fixture name of Group.CallbackAfterGroupDestroyed.
 */
export function resolveSample(catalog: readonly CatalogEntry[], spec: string): SampleLookup {
  const colon = spec.indexOf(':');
  const name = colon === -1 ? spec : spec.slice(0, colon);
  const variant = colon === -1 ? null : spec.slice(colon + 1);
  const entry = findEntry(catalog, name);
  if (entry === undefined) {
    const legacy = colon === -1 ? legacySample(catalog, spec) : undefined;
    return legacy ?? unknownCommand(catalog, name);
  }
  const sample = entry.samples.find((s) => s.variant === variant);
  if (sample !== undefined) return { found: true, entry, sample };
  const variants = entry.samples.flatMap((s) => (s.variant === null ? [] : [s.variant]));
  return {
    found: false,
    problem: `${aliasOf(entry.command)} has no variant "${variant}"`,
    suggestions: variants.map((v) => `${aliasOf(entry.command)}:${v}`),
  };
}

function legacySample(catalog: readonly CatalogEntry[], spec: string): SampleLookup | undefined {
  const entry = findEntry(catalog, LEGACY_COMMAND);
  const variant = spec === LEGACY_DEFAULT ? null : spec;
  const sample = entry?.samples.find((s) => s.variant === variant);
  return entry && sample ? { found: true, entry, sample } : undefined;
}
