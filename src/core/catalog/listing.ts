import { aliasOf, LEGACY_COMMAND, LEGACY_DEFAULT, sampleName } from './names.js';
import type { CatalogEntry, Phase, Sample } from './types.js';

/**
 * One callback sample as `fixtures` lists it (DESIGN.md, "Catalogue details (settled)"): the
 * `fixtures --json` entry of a callback, plus the module it is listed under.
 */
export interface SampleListing {
  name: string;
  kind: 'callback';
  description: string;
  command: string;
  alias: string;
  phase: Phase;
  variant: string | null;
  verified: boolean;
  /** The fixture name this sample had before the catalogue (`cn-edition`); it is still accepted. */
  legacyName?: string;
  module: string;
}

/**
 * The name a sample of Group.CallbackAfterGroupDestroyed had as a bundled fixture: the default is
 * `group-destroyed`, a variant is named like the fixture it is. Other commands have none.
 */
export function legacyNameOf(entry: CatalogEntry, sample: Sample): string | undefined {
  if (entry.command !== LEGACY_COMMAND) return undefined;
  return sample.variant ?? LEGACY_DEFAULT;
}

/** How `fixtures` lists one sample of an entry. */
export function sampleListing(entry: CatalogEntry, sample: Sample): SampleListing {
  const legacyName = legacyNameOf(entry, sample);
  return {
    name: sampleName(entry, sample),
    kind: 'callback',
    description: sample.description,
    command: entry.command,
    alias: aliasOf(entry.command),
    phase: entry.phase,
    variant: sample.variant,
    verified: entry.verified,
    ...(legacyName === undefined ? {} : { legacyName }),
    module: entry.module,
  };
}

/** Every sample of the catalogue, in its order: each command's default first, then its variants. */
export function listSamples(catalog: readonly CatalogEntry[]): SampleListing[] {
  return catalog.flatMap((entry) => entry.samples.map((sample) => sampleListing(entry, sample)));
}

/** The listings grouped by module, modules in the order they first appear. */
export function byModule(listings: readonly SampleListing[]): [string, SampleListing[]][] {
  const groups = new Map<string, SampleListing[]>();
  for (const listing of listings) {
    const group = groups.get(listing.module);
    if (group === undefined) groups.set(listing.module, [listing]);
    else group.push(listing);
  }
  return [...groups];
}
