import type { CatalogEntry } from '../catalog/types.js';
import type { RecordLine } from '../record.js';

/** The short name and the one-line summary of a callback, for the inspector's list. */
export interface Description {
  alias: string | undefined;
  summary: string;
}

/**
 * A known command's alias and summary; undefined for a command it does not know, and no summary
 * for one it can name but not summarise (its fields are then listed).
 */
export type Summarizer = (
  command: string,
  body: Record<string, unknown>,
) => { alias: string | undefined; summary: string | undefined } | undefined;

const MAX_SUMMARY = 160;

function cut(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_SUMMARY ? `${flat.slice(0, MAX_SUMMARY - 1)}…` : flat;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value.length > 40 ? `${value.slice(0, 39)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.length}]`;
  return undefined;
}

/** A body no summariser knows: its first few fields, as `name value`. */
function genericSummary(body: Record<string, unknown>): string {
  let text = '';
  let parts = 0;
  let seen = 0;
  // The first fields only: a body may have thousands.
  for (const name in body) {
    if (++seen > 12 || parts === 4) break;
    if (name === 'CallbackCommand') continue;
    const shown = scalar(body[name]);
    if (shown === undefined) continue;
    text += `${parts === 0 ? '' : ' · '}${name} ${shown}`;
    parts++;
  }
  return text;
}

/** What the list says of a request whose body is not a JSON object. */
function bodyNote(line: RecordLine): string {
  const bytes = line.bodyBytes ?? line.body.length;
  if (line.bodyTruncated === true) return `${bytes} bytes, over --max-body, not kept`;
  if (line.bodyEncoding === 'base64') return `${bytes} bytes, not UTF-8`;
  if (line.body.trim() === '') return 'empty body';
  return cut(line.body.slice(0, 400));
}

/** The alias and summary of one request, from a summariser for known commands or its fields. */
export function describeRequest(
  line: RecordLine,
  command: string | undefined,
  body: unknown,
  summarizer: Summarizer,
): Description {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  if (!isObject) return { alias: undefined, summary: bodyNote(line) };
  const record = body as Record<string, unknown>;
  const known = command === undefined ? undefined : summarizer(command, record);
  return {
    alias: known?.alias,
    summary: cut(known?.summary ?? genericSummary(record)),
  };
}

/** The catalogue's lookups a summariser needs, passed in so that the catalogue loads lazily. */
export interface CatalogLookups {
  catalog: readonly CatalogEntry[];
  findEntry(catalog: readonly CatalogEntry[], name: string): CatalogEntry | undefined;
  aliasOf(command: string): string;
  summarize(entry: CatalogEntry, body: unknown): string;
}

const COMMAND_SHAPE = /^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$/;

/** How many distinct commands a summariser remembers the catalogue entry of. */
const MAX_REMEMBERED = 1000;

/** Aliases and summaries from the catalogue; a command shaped like one still gets its alias. */
export function catalogSummarizer(lookups: CatalogLookups): Summarizer {
  // Callbacks come with few distinct commands: each is looked up, and named, once.
  const known = new Map<string, { entry: CatalogEntry | undefined; alias: string | undefined }>();
  const lookUp = (command: string) => {
    let found = known.get(command);
    if (found === undefined) {
      const entry = lookups.findEntry(lookups.catalog, command);
      const named = entry?.command ?? (COMMAND_SHAPE.test(command) ? command : undefined);
      found = { entry, alias: named === undefined ? undefined : lookups.aliasOf(named) };
      if (known.size < MAX_REMEMBERED) known.set(command, found);
    }
    return found;
  };
  return (command, body) => {
    const { entry, alias } = lookUp(command);
    if (entry !== undefined) return { alias, summary: lookups.summarize(entry, body) };
    return alias === undefined ? undefined : { alias, summary: undefined };
  };
}
