import type { CatalogEntry } from './types.js';

/** Longest value shown for one field, and longest summary line; a peer picks the sizes. */
const VALUE_MAX = 60;
const LINE_MAX = 200;
const LIST_SHOWN = 3;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One step of a field's path: a property name, or an array index as well when it is digits. */
interface Step {
  name: string;
  index: number | undefined;
}

/** A field of a template or of `show`: `path`, or `path|text`, `path|count`, `path|list`. */
interface Field {
  steps: Step[];
  filter: string | undefined;
}

function compilePath(path: string): Step[] {
  return path
    .split(/[.[\]]+/)
    .filter((name) => name !== '')
    .map((name) => ({ name, index: /^\d+$/.test(name) ? Number(name) : undefined }));
}

function compileField(spec: string): Field {
  const bar = spec.indexOf('|');
  return {
    steps: compilePath(bar === -1 ? spec : spec.slice(0, bar)),
    filter: bar === -1 ? undefined : spec.slice(bar + 1),
  };
}

// Paths and specs come from the catalogue, so few are ever seen; the caches are capped anyway.
const MAX_CACHED = 512;
const paths = new Map<string, Step[]>();
const fields = new Map<string, Field>();

function cached<T>(cache: Map<string, T>, key: string, make: (key: string) => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = make(key);
    if (cache.size < MAX_CACHED) cache.set(key, value);
  }
  return value;
}

function walk(body: unknown, steps: readonly Step[]): unknown {
  let node: unknown = body;
  for (const step of steps) {
    if (Array.isArray(node) && step.index !== undefined) node = node[step.index];
    else if (isObject(node) && Object.hasOwn(node, step.name)) node = node[step.name];
    else return undefined;
  }
  return node;
}

/** The value at `Info.Action` or `MsgSeqList[0].MsgSeq`; undefined when any step is missing. */
export function valueAt(body: unknown, path: string): unknown {
  return walk(body, cached(paths, path, compilePath));
}

const ELEMENT_MARKS: Record<string, string> = {
  TIMTextElem: 'text',
  TIMLocationElem: 'location',
  TIMFaceElem: 'face',
  TIMCustomElem: 'custom',
  TIMSoundElem: 'sound',
  TIMImageElem: 'image',
  TIMFileElem: 'file',
  TIMVideoFileElem: 'video',
  TIMRelayElem: 'relay',
};

/** One MsgBody in a few words: the texts, and `[image]`-style marks for other elements. */
export function previewMsgBody(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const parts: string[] = [];
  for (const element of value.slice(0, 10)) {
    if (!isObject(element)) continue;
    const content = element.MsgContent;
    if (
      element.MsgType === 'TIMTextElem' &&
      isObject(content) &&
      typeof content.Text === 'string'
    ) {
      parts.push(`"${clip(content.Text, VALUE_MAX)}"`);
    } else if (typeof element.MsgType === 'string') {
      parts.push(`[${ELEMENT_MARKS[element.MsgType] ?? clip(element.MsgType, 20)}]`);
    }
  }
  if (value.length > 10) parts.push(`+${value.length - 10}`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return clip(value, VALUE_MAX);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isObject(value)) {
    const first = Object.values(value)[0];
    return typeof first === 'object' ? undefined : scalar(first);
  }
  return undefined;
}

function list(value: unknown): string | undefined {
  if (!Array.isArray(value)) return scalar(value);
  const shown = value.slice(0, LIST_SHOWN).map((v) => scalar(v) ?? '?');
  if (value.length > LIST_SHOWN) shown.push(`+${value.length - LIST_SHOWN}`);
  return shown.join(', ');
}

/** A field as text: `path` or `path|text`, `path|count`, `path|list`; undefined when absent. */
export function fieldText(body: unknown, spec: string): string | undefined {
  return textOf(body, cached(fields, spec, compileField));
}

function textOf(body: unknown, field: Field): string | undefined {
  const value = walk(body, field.steps);
  if (value === undefined || value === null) return undefined;
  const { filter } = field;
  if (filter === 'text') return previewMsgBody(value);
  if (filter === 'count') return Array.isArray(value) ? String(value.length) : undefined;
  if (filter === 'list' || Array.isArray(value)) return list(value);
  return scalar(value) ?? clip(JSON.stringify(value), VALUE_MAX);
}

/**
 * A summary template, parsed once: its parts in order, each a literal text, a field, or an
 * optional `[…]` segment of literals and fields that is left out when one of its fields is missing.
 */
type Piece = string | Field;
type Part = Piece | { optional: Piece[] };

function compilePieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{([^}]+)\}/g)) {
    if (match.index > last) pieces.push(text.slice(last, match.index));
    pieces.push(compileField(match[1] as string));
    last = match.index + match[0].length;
  }
  if (last < text.length) pieces.push(text.slice(last));
  return pieces;
}

function compileTemplate(template: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of template.matchAll(/\[([^\]]*)\]/g)) {
    parts.push(...compilePieces(template.slice(last, match.index)));
    parts.push({ optional: compilePieces(match[1] as string) });
    last = match.index + match[0].length;
  }
  parts.push(...compilePieces(template.slice(last)));
  return parts;
}

/** An optional segment filled in from the body; undefined when one of its fields is missing. */
function fillOptional(pieces: readonly Piece[], body: unknown): string | undefined {
  let text = '';
  for (const piece of pieces) {
    const value = typeof piece === 'string' ? piece : textOf(body, piece);
    if (value === undefined) return undefined;
    text += value;
  }
  return text;
}

interface Compiled {
  summary: Part[];
  show: { label: string; field: Field }[];
}

// One per catalogue entry, made the first time the entry is summarised.
const compiled = new WeakMap<CatalogEntry, Compiled>();

function compiledOf(entry: CatalogEntry): Compiled {
  let found = compiled.get(entry);
  if (found === undefined) {
    found = {
      summary: compileTemplate(entry.summary),
      show: entry.show.map((spec) => ({
        label: spec.replace(/\|.*$/, ''),
        field: compileField(spec),
      })),
    };
    compiled.set(entry, found);
  }
  return found;
}

/**
 * The command's one-line summary from its template: `{path}` placeholders (`?` when missing),
 * and `[…]` segments left out when a placeholder in them is missing. A value is never read as a
 * placeholder.
 */
export function summarize(entry: CatalogEntry, body: unknown): string {
  let line = '';
  for (const part of compiledOf(entry).summary) {
    if (typeof part === 'string') line += part;
    else if ('optional' in part) line += fillOptional(part.optional, body) ?? '';
    else line += textOf(body, part) ?? '?';
  }
  return clip(line, LINE_MAX);
}

/** The block's lines: `[label, value]` for each shown field the body has. */
export function showLines(entry: CatalogEntry, body: unknown): [string, string][] {
  const lines: [string, string][] = [];
  for (const { label, field } of compiledOf(entry).show) {
    const value = textOf(body, field);
    if (value !== undefined) lines.push([label, value]);
  }
  return lines;
}
