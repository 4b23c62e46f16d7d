import { resignCallbackUrl } from './callback-url.js';
import { UsageError } from './errors.js';
import type { RecordLine } from './record.js';

/** One `--filter field=value`: a dotted path into a record line and the text it must equal. */
export interface RecordFilter {
  path: string[];
  value: string;
  raw: string;
}

export function parseRecordFilter(raw: string): RecordFilter {
  const eq = raw.indexOf('=');
  const field = eq < 0 ? '' : raw.slice(0, eq);
  const path = field.split('.');
  if (eq <= 0 || path.some((segment) => segment === '')) {
    throw new UsageError(
      `--filter "${raw}" is not field=value`,
      'use a dotted field of the record line, e.g. --filter query.CallbackCommand=Group.CallbackAfterGroupDestroyed or --filter checks.sign=ok',
    );
  }
  return { path, value: raw.slice(eq + 1), raw };
}

function textOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return String(value);
  }
  return JSON.stringify(value);
}

/** The text at a dotted path of a record line (`checks.sign`, `query.SdkAppid`), if any. */
export function recordField(line: RecordLine, path: readonly string[]): string | undefined {
  let node: unknown = line;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, segment)) {
      return undefined;
    }
    node = (node as Record<string, unknown>)[segment];
  }
  return textOf(node);
}

/** Every filter must match (they AND together); no filter matches everything. */
export function matchesFilters(line: RecordLine, filters: readonly RecordFilter[]): boolean {
  return filters.every((f) => recordField(line, f.path) === f.value);
}

/** The recorded query as name/value pairs, in the recorded order; anything else is dropped. */
export function recordedQuery(line: RecordLine): [string, string][] {
  const query: unknown = line.query;
  if (typeof query !== 'object' || query === null || Array.isArray(query)) return [];
  return Object.entries(query as Record<string, unknown>).flatMap(([name, value]) =>
    typeof value === 'string' ? [[name, value] as [string, string]] : [],
  );
}

/**
 * The URL a recorded callback is replayed to: the target, then the recorded query in order
 * (a recorded parameter replaces the target's own of the same name). With a token, Sign and
 * RequestTime are made fresh: a recorded Sign goes stale after 1 minute
 * (cloud.tencent.com/document/product/269/32431), and the Sign does not cover the body.
 */
export function buildReplayUrl(
  target: string,
  line: RecordLine,
  resign?: { token: string; requestTime: number },
): string {
  const url = new URL(target);
  const query = recordedQuery(line);
  for (const [name] of query) url.searchParams.delete(name);
  for (const [name, value] of query) url.searchParams.append(name, value);
  const plain = url.toString();
  return resign ? resignCallbackUrl(plain, resign.token, resign.requestTime) : plain;
}

/** How old a recorded RequestTime is at `nowSeconds`, when the record carries one. */
export function recordedSignAge(line: RecordLine, nowSeconds: number): number | undefined {
  const requestTime = recordedQuery(line).find(([name]) => name === 'RequestTime')?.[1];
  if (requestTime === undefined || !/^\d{1,15}$/.test(requestTime)) return undefined;
  return nowSeconds - Number(requestTime);
}

/** `45 s`, `12 min`, `5 h`, `365 days`: an age a person reads at a glance. */
export function formatAge(seconds: number): string {
  const s = Math.abs(seconds);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  if (s < 2 * 86_400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
