import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { valueAt } from './catalog/summary.js';
import type { CatalogEntry } from './catalog/types.js';
import { describeJsonSyntaxOnLine } from './json-syntax.js';
import type { Verdict } from './listen-ladder.js';
import type { SignOutcome } from './sign.js';

export const RECORD_SCHEMA_VERSION = 1;

export type SdkAppIdCheck = 'ok' | 'mismatch' | 'missing' | 'unchecked';

/** One line of a `listen --record` file (DESIGN.md, "Record line"). Never holds the token. */
export interface RecordLine {
  schemaVersion: 1;
  id: string;
  receivedAt: string;
  remoteAddress: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The raw body as received, decoded as UTF-8 (base64 when `bodyEncoding` says so). */
  body: string;
  /** Body bytes received (or announced by Content-Length when the body was refused). */
  bodyBytes?: number;
  /** Present when the body was not valid UTF-8 and `body` holds its bytes in base64. */
  bodyEncoding?: 'base64';
  /** Present when the body was over --max-body and was not kept. */
  bodyTruncated?: true;
  checks: {
    sdkAppId: SdkAppIdCheck;
    sign: SignOutcome | 'unchecked';
    schema: 'ok' | 'invalid' | 'unchecked';
    problems: string[];
    warnings?: string[];
  };
  /** Passed every check the listener enforces (answered with --reply, or forwarded). */
  accepted?: boolean;
  duplicate: boolean;
  /** The connection was gone before the answer could be sent (a forced stop, a client that gave up): `response` is status 0. */
  cut?: true;
  response: { status: number; body: string };
  /** A before-callback's answer, in words: allow, deny, discard, custom, fail or invalid. */
  decision?: string;
  durationMs: number;
  forward?: {
    url: string;
    status?: number;
    error?: string;
    latencyMs: number;
    checks?: { name: string; ok: boolean; message: string }[];
    warnings?: string[];
  };
}

/** Characters of a duplicate key: SHA-256 in base64url, whatever the body holds. */
export const DUPLICATE_KEY_LENGTH = 43;

/**
 * The idempotency key of PROTOCOL.md §4: a payload has no event id, so a retried callback is
 * recognised by its command and the fields that identify its event: the catalogue entry's `key`
 * (`MsgKey`, `GroupId`+`MsgSeq`, …), or GroupId + EventTime for Group.CallbackAfterGroupDestroyed
 * and commands outside the catalogue. The key is a digest of those fields, so the listener's window
 * of recent keys costs the same per callback whether a field is 14 bytes or a megabyte (a peer
 * chooses its size). Undefined when the body has none of the fields.
 */
export function duplicateKey(
  command: string | undefined,
  body: unknown,
  entry?: CatalogEntry,
): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const name = command ?? '';
  // Length prefixes keep the fields apart whatever characters they hold.
  let fields = `${name.length}:${name}`;
  if (entry !== undefined) {
    let found = false;
    for (const path of entry.key) {
      const value = valueAt(body, path);
      if (value === undefined) fields += '-';
      else {
        found = true;
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        fields += `${text.length}:${text}`;
      }
    }
    return found ? hash('sha256', fields, 'base64url') : undefined;
  }
  const { GroupId, EventTime } = body as Record<string, unknown>;
  if (typeof GroupId !== 'string') return undefined;
  fields += `${GroupId.length}:${GroupId}${EventTime === undefined ? '' : String(EventTime)}`;
  // crypto.hash: one call, several times cheaper than createHash on the listener's hot path.
  return hash('sha256', fields, 'base64url');
}

export type ParsedRecordLine = { ok: true; line: RecordLine } | { ok: false; error: string };

/** Reads one line of a record file; a corrupt line is reported, never thrown. */
export function parseRecordLine(text: string): ParsedRecordLine {
  try {
    const value = JSON.parse(text) as Partial<RecordLine>;
    if (typeof value !== 'object' || value === null || typeof value.body !== 'string') {
      return { ok: false, error: 'not a record line (no "body" string)' };
    }
    return { ok: true, line: value as RecordLine };
  } catch {
    return { ok: false, error: `not JSON: ${describeJsonSyntaxOnLine(text)}` };
  }
}

export interface RecordInput {
  id: string;
  receivedAtMs: number;
  remoteAddress: string;
  method: string;
  headers: Record<string, string>;
  /** The raw body bytes (null when over the limit), kept byte-exact in the record. */
  rawBody: Buffer | null;
  /** How many body bytes arrived (or were announced) when the body was not kept. */
  bodyBytes: number;
  verdict: Verdict;
  duplicate: boolean;
  /** The answer given; ignored when the connection was cut before it could be sent. */
  response: { status: number; body: string };
  /** The connection was gone before the answer could be sent: the line says nothing was. */
  cut?: boolean | undefined;
  durationMs: number;
  forward?: RecordLine['forward'] | undefined;
  /** What the answer decides, for an answered before-callback. */
  decision?: string | undefined;
}

/** Formats a time in ms as `new Date(ms).toISOString()` does. */
export type IsoTime = (ms: number) => string;

/**
 * An ISO formatter that works the date part out once per second, not once per request: one per
 * listener, which keeps the second it formatted last.
 */
export function createIsoTime(): IsoTime {
  let isoSecond = Number.NaN;
  let isoPrefix = '';
  return (ms) => {
    // Outside years 0000–9999 the format changes (±YYYYYY); leave those to Date.
    if (!Number.isInteger(ms) || ms < 0 || ms >= 253402300800000) return new Date(ms).toISOString();
    const second = Math.floor(ms / 1000);
    if (second !== isoSecond) {
      isoSecond = second;
      isoPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    }
    const millis = ms - second * 1000;
    return `${isoPrefix}${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
  };
}

const isoString: IsoTime = (ms) => new Date(ms).toISOString();

/** The record line (DESIGN.md, "Record line"): one per request, and never the token. */
export function buildRecordLine(input: RecordInput, isoTime: IsoTime = isoString): RecordLine {
  const { verdict } = input;
  const line: RecordLine = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    id: input.id,
    receivedAt: isoTime(input.receivedAtMs),
    remoteAddress: input.remoteAddress,
    method: input.method,
    path: verdict.path,
    query: verdict.query.all,
    headers: input.headers,
    body: '',
    bodyBytes: input.rawBody?.length ?? input.bodyBytes,
    checks: verdict.checks,
    accepted: verdict.rejection === undefined,
    duplicate: input.duplicate,
    response: input.cut === true ? { status: 0, body: '' } : input.response,
    durationMs: Math.round(input.durationMs * 1000) / 1000,
  };
  if (verdict.warnings.length > 0) line.checks.warnings = verdict.warnings;
  if (input.rawBody === null) line.bodyTruncated = true;
  else if (verdict.text !== undefined) line.body = verdict.text;
  else if (isUtf8(input.rawBody)) line.body = input.rawBody.toString('utf8');
  else {
    // Not UTF-8: kept as base64 so that replay still sends the exact bytes.
    line.body = input.rawBody.toString('base64');
    line.bodyEncoding = 'base64';
  }
  if (input.decision !== undefined) line.decision = input.decision;
  if (input.forward !== undefined) line.forward = input.forward;
  if (input.cut === true) line.cut = true;
  return line;
}
