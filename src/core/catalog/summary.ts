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

/** The value at `Info.Action` or `MsgSeqList[0].MsgSeq`; undefined when any step is missing. */
export function valueAt(body: unknown, path: string): unknown {
  let node: unknown = body;
  for (const step of path.split(/[.[\]]+/).filter((s) => s !== '')) {
    if (Array.isArray(node) && /^\d+$/.test(step)) node = node[Number(step)];
    else if (isObject(node) && Object.hasOwn(node, step)) node = node[step];
    else return undefined;
  }
  return node;
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
  const bar = spec.indexOf('|');
  const path = bar === -1 ? spec : spec.slice(0, bar);
  const filter = bar === -1 ? undefined : spec.slice(bar + 1);
  const value = valueAt(body, path);
  if (value === undefined || value === null) return undefined;
  if (filter === 'text') return previewMsgBody(value);
  if (filter === 'count') return Array.isArray(value) ? String(value.length) : undefined;
  if (filter === 'list' || Array.isArray(value)) return list(value);
  return scalar(value) ?? clip(JSON.stringify(value), VALUE_MAX);
}

function fill(template: string, body: unknown): { text: string; missing: boolean } {
  let missing = false;
  const text = template.replace(/\{([^}]+)\}/g, (_, spec: string) => {
    const value = fieldText(body, spec);
    if (value === undefined) missing = true;
    return value ?? '?';
  });
  return { text, missing };
}

/**
 * The command's one-line summary from its template: `{path}` placeholders, and `[…]` segments
 * left out when a placeholder in them is missing.
 */
export function summarize(entry: CatalogEntry, body: unknown): string {
  const line = entry.summary.replace(/\[([^\]]*)\]/g, (_, segment: string) => {
    const { text, missing } = fill(segment, body);
    return missing ? '' : text;
  });
  return clip(fill(line, body).text, LINE_MAX);
}

/** The block's lines: `[label, value]` for each shown field the body has. */
export function showLines(entry: CatalogEntry, body: unknown): [string, string][] {
  const lines: [string, string][] = [];
  for (const spec of entry.show) {
    const value = fieldText(body, spec);
    if (value !== undefined) lines.push([spec.replace(/\|.*$/, ''), value]);
  }
  return lines;
}
