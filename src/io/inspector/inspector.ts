import type { Dispatcher } from 'undici';
import type { TokenSource } from '../../core/command-line.js';
import {
  bodyBytesOf,
  curlLine,
  joinQuery,
  resendQuery,
  sendLine,
} from '../../core/inspector/commands.js';
import { describeRequest, type Summarizer } from '../../core/inspector/describe.js';
import {
  buildRow,
  checksOfLine,
  commandOfLine,
  parseLineBody,
  type Row,
  verdictOf,
} from '../../core/inspector/rows.js';
import {
  createInspectorStore,
  DEFAULT_STORE_LIMITS,
  type EntryFacts,
  type InspectorStore,
  type StoredEntry,
  type StoreLimits,
} from '../../core/inspector/store.js';
import type { RecordLine } from '../../core/record.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { type AnswerCheck, type Check, checkAnswer } from '../../core/response-check.js';
import type { Exchange } from '../listener.js';
import type { RecordWriter } from '../record-writer.js';
import {
  createEventHub,
  DEFAULT_EVENT_HUB,
  type EventHub,
  type EventHubOptions,
  sseEvent,
} from './events.js';
import { readLineAt, readLinesBefore } from './history.js';

/**
 * The inspector's state, apart from its HTTP server: the last requests (bounded), the rows and
 * details it serves, the pages streaming new rows, older rows paged from the --record file, and
 * resending. The token stays here: it signs a resend and is never part of what is served.
 */
export interface InspectorConfig {
  token: string | undefined;
  tokenSource: TokenSource | undefined;
  tokenFile: string | undefined;
  sdkAppId: string | undefined;
  forwardTo: string | undefined;
  /** How long a resend may take. */
  timeoutMs: number;
  record: RecordWriter | undefined;
  /** The alias and summary of a known command (the catalogue's). */
  summarizer: Summarizer;
  limits?: StoreLimits | undefined;
  events?: EventHubOptions | undefined;
  clock?: (() => number) | undefined;
}

export interface Detail {
  row: Row;
  line: RecordLine;
  checks: { name: string; ok: boolean; message: string }[];
  warnings: string[];
  /** Whether it can be copied as a `tim-callback send` line (a JSON text body). */
  sendable: boolean;
  /** Where "Resend to the backend" goes (passwords masked), when the listener forwards. */
  forwardTo: string | null;
}

export interface ResendResult {
  url: string;
  status?: number;
  body?: string;
  latencyMs?: number;
  error?: string;
  check?: AnswerCheck;
}

/** Which request a page means: by its number while it is kept, else by its place in the record. */
export interface EntryRef {
  seq: number | undefined;
  at: number | undefined;
  id: string | undefined;
}

const PAGE_BUDGET = 32 * 1024 * 1024;
const MAX_DETAIL_LINE = 128 * 1024 * 1024;
const MAX_WARNINGS = 20;
const ANSWER_SHOWN = 4096;
/**
 * Rows sent to the pages in one flush window (100 ms); more are announced as a gap, which a page
 * loads when asked. 200 rows a second is more than anyone reads; at 1,000 a second, streaming
 * cost the listener about 5 % of its throughput under load (`npm run bench -- --only=ui`).
 */
const STREAMED_PER_FLUSH = 20;

export interface Inspector {
  readonly store: InspectorStore;
  readonly events: EventHub;
  /** The listener's address (its wildcard replaced by loopback), known once it is bound. */
  listenerUrl: string;
  /** Every answered request (the listener's onExchange). */
  observe(exchange: Exchange): void;
  olderFromRecord(at: number, limit: number): Promise<{ rows: Row[]; next: number | null }>;
  /** Where paging the record starts: the oldest kept request that is in it. */
  recordCursor(): number | null;
  /** Kept rows older than `before` and newer than `after`, newest first. */
  rows(before: number | undefined, limit: number, after?: number): Row[];
  /** Kept rows newer than `after`, oldest first. */
  since(after: number): Row[];
  detail(ref: EntryRef): Promise<Detail | undefined>;
  commandLine(ref: EntryRef, kind: 'curl' | 'send'): Promise<string | undefined>;
  lineOf(ref: EntryRef): Promise<RecordLine | undefined>;
  resend(ref: EntryRef, to: 'listener' | 'forward'): Promise<ResendResult | undefined>;
  close(): Promise<void>;
}

interface State {
  config: InspectorConfig;
  store: InspectorStore;
  events: EventHub;
  summarizer: Summarizer;
  seq: number;
  /** Where the next record line starts: the file grows by each recorded request, in order. */
  recordEnd: number;
  /** This flush window's rows: how many were streamed, and the ones that were not. */
  window: { streamed: number; gapFirst: number | undefined; gapLast: number | undefined };
  dispatcher: Dispatcher | undefined;
  /** The checks shown for the last request kept, and their text. */
  lastShown: { checks: readonly Check[]; warnings: readonly string[]; text: string } | undefined;
}

/** Creates the inspector and reads the end of the --record file into it. */
export async function createInspector(config: InspectorConfig): Promise<Inspector> {
  const limits = config.limits ?? DEFAULT_STORE_LIMITS;
  const store = createInspectorStore(limits);
  const state: State = {
    config,
    store,
    events: createEventHub(config.events ?? DEFAULT_EVENT_HUB, () => trailer(state)),
    window: { streamed: 0, gapFirst: undefined, gapLast: undefined },
    summarizer: config.summarizer,
    seq: 0,
    recordEnd: config.record?.earlierBytes ?? 0,
    dispatcher: undefined,
    lastShown: undefined,
  };
  if (config.record !== undefined) await loadHistory(state, config.record, limits.maxEntries);
  const inspector: Inspector = {
    store: state.store,
    events: state.events,
    listenerUrl: '',
    observe: (exchange) => observe(state, exchange),
    olderFromRecord: (at, limit) => olderFromRecord(state, at, limit),
    recordCursor: () => recordCursor(state.store),
    rows: (before, limit, after) =>
      state.store.page(before, limit, after).map((entry) => keptRow(state, entry)),
    since: (after) => state.store.since(after).map((entry) => keptRow(state, entry)),
    detail: (ref) => detail(state, ref),
    commandLine: (ref, kind) => commandLine(state, inspector.listenerUrl, ref, kind),
    lineOf: (ref) => lineOf(state, ref),
    resend: (ref, to) => resend(state, inspector.listenerUrl, ref, to),
    close: async () => {
      state.events.close();
      await state.dispatcher?.close();
    },
  };
  return inspector;
}

async function loadHistory(state: State, record: RecordWriter, limit: number): Promise<void> {
  const { lines } = await readLinesBefore(record.handle, record.earlierBytes, {
    limit,
    budget: PAGE_BUDGET,
    maxLine: MAX_DETAIL_LINE,
  });
  for (let i = lines.length - 1; i >= 0; i--) {
    const { line, at } = lines[i] as (typeof lines)[number];
    const found = foundInRecord(line, at);
    const text = JSON.stringify(line);
    state.store.add(
      { ...found, seq: ++state.seq, shown: shownText(state, found.checks, found.warnings) },
      text,
    );
  }
}

/** A request as a page asks about it: kept in memory, or read back from the record. */
interface Found extends Omit<EntryFacts, 'shown'> {
  line: RecordLine;
  checks: readonly Check[];
  warnings: readonly string[];
}

/** A request read from the --record file (an earlier run's: its checks are rebuilt from it). */
function foundInRecord(line: RecordLine, at: number): Found {
  return {
    seq: 0,
    verdict: verdictOf(line),
    at,
    earlier: true,
    line,
    checks: checksOfLine(line),
    warnings: (line.checks.warnings ?? []).slice(0, MAX_WARNINGS),
  };
}

/**
 * The checks and warnings shown for a request, as the JSON text kept beside it. Requests in a
 * burst mostly show the same words, so one that shows what the previous one did shares its text
 * instead of writing its own.
 */
function shownText(state: State, checks: readonly Check[], warnings: readonly string[]): string {
  const last = state.lastShown;
  if (last !== undefined && sameShown(last, checks, warnings)) return last.text;
  const text = JSON.stringify({ checks, warnings });
  state.lastShown = { checks, warnings, text };
  return text;
}

function sameShown(
  last: { checks: readonly Check[]; warnings: readonly string[] },
  checks: readonly Check[],
  warnings: readonly string[],
): boolean {
  if (last.checks.length !== checks.length || last.warnings.length !== warnings.length) {
    return false;
  }
  for (let i = 0; i < checks.length; i++) {
    const a = last.checks[i] as Check;
    const b = checks[i] as Check;
    if (a.name !== b.name || a.ok !== b.ok || a.message !== b.message) return false;
  }
  return warnings.every((warning, i) => warning === last.warnings[i]);
}

function foundInStore(store: InspectorStore, entry: StoredEntry): Found {
  const shown = JSON.parse(entry.shown) as Pick<Found, 'checks' | 'warnings'>;
  return {
    seq: entry.seq,
    verdict: entry.verdict,
    at: entry.at,
    earlier: entry.earlier,
    line: JSON.parse(store.textOf(entry)) as RecordLine,
    checks: shown.checks,
    warnings: shown.warnings,
  };
}

/**
 * The list's row of a request. Its summary needs the body parsed, which the listener had at hand
 * (`parsed`) or which is parsed again from the line. Rows are built when a page asks, not kept.
 */
function rowOf(
  state: State,
  facts: Pick<EntryFacts, 'seq' | 'at' | 'earlier'>,
  line: RecordLine,
  parsed?: { body: unknown },
): Row {
  const body = parsed === undefined ? parseLineBody(line) : parsed.body;
  const command = commandOfLine(line, body);
  const { alias, summary } = describeRequest(line, command, body, state.summarizer);
  return buildRow({
    seq: facts.seq,
    line,
    command,
    alias,
    summary,
    at: facts.at ?? undefined,
    earlier: facts.earlier,
  });
}

function keptRow(state: State, entry: StoredEntry): Row {
  return rowOf(state, entry, foundInStore(state.store, entry).line);
}

const NONE: readonly never[] = [];
/** What a request not streamed adds to a flush: nothing but the gap its trailer announces. */
const NOTHING = () => '';

function observe(state: State, exchange: Exchange): void {
  const { line, verdict, failure } = exchange;
  // A line the listener did not write (no --record, no --json) is written here, once: kept as an
  // object it would cost the garbage collector more than this does.
  const lineText = exchange.lineText ?? JSON.stringify(line);
  const bytes = Buffer.byteLength(lineText);
  let at: number | null = null;
  if (
    state.config.record !== undefined &&
    exchange.lineText !== undefined &&
    failure === undefined
  ) {
    at = state.recordEnd;
    state.recordEnd += bytes + 1;
  }
  const checks =
    failure === undefined
      ? verdict.shown
      : [...verdict.shown, { name: 'record', ok: false, message: failure }];
  const { warnings } = verdict;
  const shown = shownText(
    state,
    checks,
    warnings.length === 0 ? NONE : warnings.slice(0, MAX_WARNINGS),
  );
  const facts: EntryFacts = {
    seq: ++state.seq,
    verdict: verdictOf(line),
    at,
    earlier: false,
    shown,
  };
  state.store.add(facts, lineText, bytes);
  stream(state, facts, line, verdict.body);
}

/**
 * Sends a new request's row to the open pages: at most STREAMED_PER_FLUSH rows in each flush
 * window, so that a burst costs the listener little; the rest are announced as a gap, which a
 * page loads when asked to. With no page open, no row is built at all.
 */
function stream(state: State, facts: EntryFacts, line: RecordLine, body: unknown): void {
  const { events, window } = state;
  if (events.clients === 0) return;
  if (window.streamed < STREAMED_PER_FLUSH) {
    window.streamed++;
    const row = rowOf(state, facts, line, { body });
    events.publish(() => sseEvent('row', JSON.stringify(row)));
    return;
  }
  window.gapFirst ??= facts.seq;
  window.gapLast = facts.seq;
  events.publish(NOTHING);
}

/** What ends each flush: the gap of rows not streamed in it (if any), then the counts. */
function trailer(state: State): string {
  const { window } = state;
  let text = '';
  if (window.gapFirst !== undefined && window.gapLast !== undefined) {
    const gap = { after: window.gapFirst - 1, before: window.gapLast + 1 };
    text = sseEvent('gap', JSON.stringify({ ...gap, count: gap.before - gap.after - 1 }));
  }
  window.streamed = 0;
  window.gapFirst = undefined;
  window.gapLast = undefined;
  return `${text}${countsEvent(state.store)}`;
}

/** The counts by verdict, sent after each burst of rows. */
export function countsEvent(store: InspectorStore): string {
  return sseEvent('counts', JSON.stringify(store.counts));
}

function recordCursor(store: InspectorStore): number | null {
  // Kept requests are in the record's order: the first one that is in the file bounds the rest.
  for (const entry of store.page(undefined, store.size).reverse()) {
    // A request at the very start of the file has nothing before it.
    if (entry.at !== null) return entry.at === 0 ? null : entry.at;
  }
  return null;
}

async function olderFromRecord(
  state: State,
  at: number,
  limit: number,
): Promise<{ rows: Row[]; next: number | null }> {
  const { record } = state.config;
  if (record === undefined) return { rows: [], next: null };
  const page = await readLinesBefore(record.handle, at, {
    limit,
    budget: PAGE_BUDGET,
    maxLine: MAX_DETAIL_LINE,
  });
  // Not kept, so numbered 0: a page asks for them by their place in the record.
  const rows = page.lines.map(({ line, at }) => rowOf(state, foundInRecord(line, at), line));
  const stuck = page.next === at;
  return { rows, next: page.next === undefined || stuck ? null : page.next };
}

/** The request a page names: kept in memory, or read back from the record and matched by id. */
async function find(state: State, ref: EntryRef): Promise<Found | undefined> {
  if (ref.seq !== undefined && ref.seq > 0) {
    const kept = state.store.get(ref.seq);
    if (kept !== undefined) {
      const found = foundInStore(state.store, kept);
      if (ref.id === undefined || found.line.id === ref.id) return found;
    }
  }
  const { record } = state.config;
  if (ref.at === undefined || record === undefined || ref.at >= state.recordEnd) return undefined;
  const line = await readLineAt(record.handle, ref.at, MAX_DETAIL_LINE);
  if (line === undefined || (ref.id !== undefined && line.id !== ref.id)) return undefined;
  return foundInRecord(line, ref.at);
}

async function lineOf(state: State, ref: EntryRef): Promise<RecordLine | undefined> {
  return (await find(state, ref))?.line;
}

async function detail(state: State, ref: EntryRef): Promise<Detail | undefined> {
  const found = await find(state, ref);
  if (found === undefined) return undefined;
  const { line } = found;
  const { config } = state;
  return {
    row: rowOf(state, found, line),
    line,
    checks: [...found.checks],
    warnings: [...found.warnings],
    forwardTo: config.forwardTo === undefined ? null : maskUrlPasswords(config.forwardTo),
    sendable: line.bodyEncoding !== 'base64' && line.bodyTruncated !== true,
  };
}

/**
 * The request as a command line to copy: curl exactly as recorded (its Sign goes stale with the
 * tolerance), or `tim-callback send`, which signs it afresh. Asked for apart from the detail, so
 * that opening a large body does not carry it three times.
 */
async function commandLine(
  state: State,
  listenerUrl: string,
  ref: EntryRef,
  kind: 'curl' | 'send',
): Promise<string | undefined> {
  const found = await find(state, ref);
  if (found === undefined) return undefined;
  const { line } = found;
  const { config } = state;
  const target = `${listenerUrl.replace(/\/$/, '')}${line.path}`;
  if (kind === 'curl')
    return curlLine(line, joinQuery(target, resendQuery(line.query, undefined, 0)));
  return sendLine(line, {
    url: target,
    sdkAppId: config.sdkAppId,
    tokenSource: config.token === undefined ? undefined : config.tokenSource,
    tokenFile: config.tokenFile,
  });
}

async function resend(
  state: State,
  listenerUrl: string,
  ref: EntryRef,
  to: 'listener' | 'forward',
): Promise<ResendResult | undefined> {
  const found = await find(state, ref);
  const { config } = state;
  if (found === undefined) return undefined;
  const { line } = found;
  const body = bodyBytesOf(line);
  const base =
    to === 'forward' ? config.forwardTo : `${listenerUrl.replace(/\/$/, '')}${line.path}`;
  if (base === undefined || body === undefined) return undefined;
  const clock = config.clock ?? Date.now;
  const url = joinQuery(base, resendQuery(line.query, config.token, Math.floor(clock() / 1000)));
  const shown = maskUrlPasswords(url);
  const { createDispatcher, postCallback, NetworkError } = await import('../http-client.js');
  state.dispatcher ??= createDispatcher();
  try {
    const contentType = line.headers['content-type'];
    const answer = await postCallback({
      url,
      body,
      timeoutMs: config.timeoutMs,
      dispatcher: state.dispatcher,
      headers: contentType === undefined ? undefined : { 'content-type': contentType },
    });
    const result: ResendResult = {
      url: shown,
      status: answer.status,
      body: answer.body.slice(0, ANSWER_SHOWN),
      latencyMs: Math.round(answer.latencyMs * 10) / 10,
    };
    if (to === 'forward') {
      result.check = checkAnswer({ ...answer, timeoutMs: 2000 });
    }
    return result;
  } catch (error) {
    if (error instanceof NetworkError) return { url: shown, error: error.message };
    throw error;
  }
}
