import type { ChalkInstance } from 'chalk';
import { AFTER_GROUP_DESTROYED } from '../core/callback-url.js';
import { aliasOf } from '../core/catalog/names.js';
import { showLines, summarize } from '../core/catalog/summary.js';
import type { CatalogEntry } from '../core/catalog/types.js';
import { formatMs } from '../core/response-check.js';
import type { ClientErrorEvent, Exchange, ListenStats } from './listener.js';
import { formatCheck, formatWarning } from './render.js';

/**
 * What `listen` prints: a banner, one compact block per callback, a summary. Everything a client
 * sent is passed through `safe` first: a terminal must never receive a client's control bytes.
 */

const MEMBERS_SHOWN = 5;
const PROBLEMS_SHOWN = 5;
const WARNINGS_SHOWN = 5;
const INDENT = '   ';
const DUPLICATE_WARNING =
  'duplicate: the same command, GroupId and EventTime arrived before (a retry after a timeout?)';

/** What a catalogued command's blocks repeat: its alias, label width and duplicate line. */
interface KnownCommand {
  alias: string;
  width: number;
  duplicateLine: string;
}

/** The styled pieces every block repeats, made once per chalk instance, not once per request. */
interface Styled {
  separator: string;
  groupLabel: string;
  membersLabel: string;
  duplicate: string;
  duplicateLine: string;
}

function styled(c: ChalkInstance): Styled {
  return {
    separator: c.dim(' · '),
    groupLabel: `${INDENT}${c.dim('group  ')} `,
    membersLabel: `${INDENT}${c.dim('members')} `,
    duplicate: c.yellow.bold('DUPLICATE'),
    duplicateLine: `${INDENT}${formatWarning(c, DUPLICATE_WARNING)}`,
  };
}

/**
 * What one printer keeps between blocks, so that a busy listener repeats no work: the styled
 * pieces, the local time of the last second, the last EventTime and the last answer shown.
 */
interface PrinterState {
  c: ChalkInstance;
  styled: Styled;
  clockSecond: number;
  clockPrefix: string;
  lastEvent: { value: unknown; text: string | undefined } | undefined;
  lastAnswer: { body: string; shown: string } | undefined;
  /** Each catalogued command's alias and label width, worked out once (at most one per entry). */
  commands: Map<CatalogEntry, KnownCommand>;
}

/** Formats the blocks of one listener; its caches belong to it alone. */
export interface ListenPrinter {
  exchange(exchange: Exchange): string;
}

export function createListenPrinter(c: ChalkInstance): ListenPrinter {
  const state: PrinterState = {
    c,
    styled: styled(c),
    clockSecond: Number.NaN,
    clockPrefix: '',
    lastEvent: undefined,
    lastAnswer: undefined,
    commands: new Map(),
  };
  return { exchange: (exchange) => formatBlock(state, exchange) };
}

/** One compact block for one request and its answer (a one-off printer; a listener keeps one). */
export function formatExchange(c: ChalkInstance, exchange: Exchange): string {
  return createListenPrinter(c).exchange(exchange);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Escapes control and bidi characters and cuts long values: client text, ready for a terminal. */
export function safe(text: string, max = 80): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  // Most text is clean: testing first skips building a copy.
  if (!UNSAFE.test(cut)) return cut;
  return cut.replace(UNSAFE_ALL, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The start of a (possibly huge) text on one line: only the part that can be shown is scanned. */
function flatten(text: string): string {
  return text.slice(0, 400).replace(/\s+/g, ' ').trim();
}

/** 10000 → "10,000" (Intl is slow for a per-request path). */
function count(n: number): string {
  const digits = String(n);
  return n < 1000 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? '' : 's'}`;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n));

/** Local time, worked out once per second: a busy listener prints many requests in each one. */
function clockTime(state: PrinterState, ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== state.clockSecond) {
    const d = new Date(second * 1000);
    state.clockSecond = second;
    state.clockPrefix = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.`;
  }
  return `${state.clockPrefix}${pad3(ms - second * 1000)}`;
}

function field(value: unknown): string | undefined {
  if (typeof value === 'string') return safe(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return undefined;
  return `(${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value})`;
}

function describeEventTime(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof ms === 'number' && Number.isSafeInteger(ms) && ms >= 0 && ms < 8.64e15) {
    return `${new Date(ms).toISOString()}${typeof value === 'string' ? ' (string)' : ''}`;
  }
  return field(value);
}

/** Retries and bursts repeat an EventTime: the last one shown is kept. */
function eventTime(state: PrinterState, value: unknown): string | undefined {
  if (typeof value === 'object' && value !== null) return describeEventTime(value);
  if (state.lastEvent === undefined || !Object.is(state.lastEvent.value, value)) {
    state.lastEvent = { value, text: describeEventTime(value) };
  }
  return state.lastEvent.text;
}

/** The group and members lines, each starting with a newline. */
function groupLines(state: PrinterState, body: Record<string, unknown>): string {
  const { c } = state;
  const { separator, groupLabel, membersLabel } = state.styled;
  const id = field(body.GroupId);
  let text = `\n${groupLabel}${c.bold(id ?? c.red('(no GroupId)'))}`;
  if (body.Name !== undefined) text += `${separator}"${field(body.Name)}"`;
  if (body.Type !== undefined) text += `${separator}${field(body.Type) ?? ''}`;
  if (body.Owner_Account !== undefined) text += `${separator}owner ${field(body.Owner_Account)}`;
  if (body.Operator_Account !== undefined) text += `${separator}by ${field(body.Operator_Account)}`;
  const members = Array.isArray(body.MemberList) ? (body.MemberList as unknown[]) : undefined;
  if (members !== undefined) text += `${separator}${plural(members.length, 'member')}`;
  const event = eventTime(state, body.EventTime);
  if (event !== undefined) text += `${separator}event ${event}`;
  if (members !== undefined && members.length > 0) {
    const shown = Math.min(members.length, MEMBERS_SHOWN);
    text += `\n${membersLabel}`;
    for (let i = 0; i < shown; i++) {
      const account = (members[i] as { Member_Account?: unknown } | null)?.Member_Account;
      text += `${i === 0 ? '' : ', '}${typeof account === 'string' ? safe(account, 40) : c.red('?')}`;
    }
    const rest = members.length - shown;
    if (rest > 0) text += c.dim(` … and ${count(rest)} more`);
  }
  return text;
}

function bodyPreview(c: ChalkInstance, exchange: Exchange): string | undefined {
  const { line } = exchange;
  if (line.bodyTruncated) {
    return `${INDENT}${c.dim('body   ')} ${c.dim(`${count(line.bodyBytes ?? 0)} bytes, over the limit, not kept`)}`;
  }
  if (line.body === '') return undefined;
  const preview = line.bodyEncoding === 'base64' ? '(not UTF-8)' : safe(flatten(line.body), 100);
  return `${INDENT}${c.dim('body   ')} ${preview} ${c.dim(`(${plural(line.bodyBytes ?? 0, 'byte')})`)}`;
}

function answerLine(state: PrinterState, exchange: Exchange): string {
  const { c } = state;
  const { line, verdict, forward } = exchange;
  const took = c.dim(` · ${formatMs(line.durationMs)}`);
  const rejection = verdict.rejection;
  if (line.cut === true) {
    return `${INDENT}${c.red('✖ connection cut before the answer could be sent (nothing was answered)')}${took}`;
  }
  if (exchange.failure === undefined && rejection !== undefined) {
    return `${INDENT}${c.red(`← ${line.response.status} FAIL ${rejection.code} ${safe(rejection.reason, 120)}`)}${took}`;
  }
  const good =
    exchange.failure === undefined &&
    line.response.status === 200 &&
    (forward === undefined || forward.check?.wellFormed === true);
  const text = `← ${line.response.status} ${shownAnswer(state, line.response.body)}`;
  return `${INDENT}${good ? c.green(text) : c.red(text)}${took}`;
}

/** A listener answers the same packet over and over: the last one's shown form is kept. */
function shownAnswer(state: PrinterState, body: string): string {
  if (state.lastAnswer === undefined || state.lastAnswer.body !== body) {
    state.lastAnswer = { body, shown: safe(flatten(body), 100) };
  }
  return state.lastAnswer.shown;
}

function forwardLines(c: ChalkInstance, exchange: Exchange): string[] {
  const forward = exchange.forward;
  if (forward === undefined) return [];
  const target = forward.url.split('?')[0] ?? forward.url;
  if (forward.error !== undefined) {
    return [`${INDENT}${c.red(`→ ${target}: ${forward.error.message}`)}`];
  }
  const answer = forward.answer;
  const check = forward.check;
  if (answer === undefined || check === undefined) return [];
  const head = `→ ${target} answered ${answer.status} in ${formatMs(answer.latencyMs)}`;
  if (check.wellFormed) {
    const lines = [`${INDENT}${c.green(`${head}, a well-formed ${check.actionStatus} packet`)}`];
    // What can still fail here is the decision of a before-callback (checkRelayedDecision).
    for (const failed of check.checks.filter((k) => !k.ok)) {
      lines.push(`${INDENT}  ${formatCheck(c, { ...failed, message: safe(failed.message, 120) })}`);
    }
    for (const w of check.warnings) lines.push(`${INDENT}  ${formatWarning(c, safe(w, 120))}`);
    return lines;
  }
  const lines = [`${INDENT}${c.red(`${head}: IM would count this as a failed callback`)}`];
  for (const failed of check.checks.filter((k) => !k.ok)) {
    lines.push(`${INDENT}  ${formatCheck(c, { ...failed, message: safe(failed.message, 120) })}`);
  }
  for (const w of check.warnings) lines.push(`${INDENT}  ${formatWarning(c, safe(w, 120))}`);
  return lines;
}

function commandOf(state: PrinterState, entry: CatalogEntry): KnownCommand {
  let known = state.commands.get(entry);
  if (known === undefined) {
    const labels = entry.show.map((spec) => spec.replace(/\|.*$/, '').length);
    const warning = `duplicate: the same command and ${entry.key.join(', ')} arrived before (a retry after a timeout?)`;
    known = {
      alias: aliasOf(entry.command),
      width: Math.min(Math.max(0, ...labels), 32),
      duplicateLine: `${INDENT}${formatWarning(state.c, warning)}`,
    };
    state.commands.set(entry, known);
  }
  return known;
}

/** A catalogued command's lines: its one-line summary, then its shown fields, one a line. */
function catalogLines(state: PrinterState, entry: CatalogEntry, body: unknown): string {
  const { c } = state;
  const { width } = commandOf(state, entry);
  let text = `\n${INDENT}${c.bold(safe(summarize(entry, body), 160))}`;
  for (const [label, value] of showLines(entry, body)) {
    // An empty string is shown as one, not as nothing after the label.
    const shown = value === '' ? '""' : safe(value, 100);
    text += `\n${INDENT}${c.dim(safe(label, 32).padEnd(width))}  ${shown}`;
  }
  return text;
}

function decisionLine(c: ChalkInstance, exchange: Exchange): string | undefined {
  const decision = exchange.decision;
  if (decision === undefined) return undefined;
  const code = decision.errorCode === undefined ? '' : ` (ErrorCode ${decision.errorCode})`;
  const good = decision.word !== 'invalid' && decision.word !== 'fail';
  const word = good ? c.bold(decision.word) : c.red.bold(decision.word);
  return `${INDENT}${c.dim('decision')} ${word}${code}: ${safe(decision.meaning, 120)}`;
}

function headerLine(state: PrinterState, exchange: Exchange, alias: string | undefined): string {
  const { c, styled: pieces } = state;
  const { line, verdict } = exchange;
  const query = verdict.query;
  let text = `${c.dim(`#${exchange.seq}`)}  ${clockTime(state, exchange.receivedAtMs)}  ${safe(line.method, 12)} ${safe(line.path, 60)}`;
  if (alias !== undefined) text += `  ${c.bold(alias)}`;
  else if (verdict.command !== undefined) text += `  ${c.bold(safe(verdict.command, 60))}`;
  if (query.platform !== undefined) text += `  ${safe(query.platform, 20)}`;
  if (query.clientIp !== undefined) text += `  ClientIP ${safe(query.clientIp, 46)}`;
  text += `  ${c.dim(`from ${line.remoteAddress}`)}`;
  if (line.duplicate) text += `  ${pieces.duplicate}`;
  return text;
}

function formatBlock(state: PrinterState, exchange: Exchange): string {
  const { c, styled: pieces } = state;
  const { line, verdict } = exchange;
  const body = verdict.body;
  const isObjectBody = typeof body === 'object' && body !== null && !Array.isArray(body);
  // Group.CallbackAfterGroupDestroyed keeps its own block; other catalogued commands get theirs.
  const entry =
    verdict.entry !== undefined && verdict.entry.command !== AFTER_GROUP_DESTROYED
      ? verdict.entry
      : undefined;
  let text = headerLine(state, exchange, entry && commandOf(state, entry).alias);

  const rung = verdict.rejection?.rung;
  const routed = rung !== 'path' && rung !== 'method' && rung !== 'http' && rung !== 'loop';
  const isGroup =
    isObjectBody && (verdict.command === undefined || verdict.command === AFTER_GROUP_DESTROYED);
  if (isGroup) text += groupLines(state, body as Record<string, unknown>);
  else if (entry !== undefined && isObjectBody && routed) text += catalogLines(state, entry, body);
  else if (routed) {
    const preview = bodyPreview(c, exchange);
    if (preview !== undefined) text += `\n${preview}`;
  }

  // Passed checks share one line; each failed one gets its own.
  let passed = '';
  for (const check of verdict.shown) {
    if (check.ok) passed += `${passed === '' ? INDENT : '  '}${formatCheck(c, check)}`;
  }
  if (passed !== '') text += `\n${passed}`;
  let problems = 0;
  for (const check of verdict.shown) {
    if (check.ok || (check.name === 'schema' && ++problems > PROBLEMS_SHOWN)) continue;
    text += `\n${INDENT}${formatCheck(c, { ...check, message: safe(check.message, 160) })}`;
  }
  if (problems > PROBLEMS_SHOWN) {
    text += `\n${INDENT}${c.red(`  … ${problems - PROBLEMS_SHOWN} more schema problems`)}`;
  }
  if (line.duplicate) {
    text += `\n${entry === undefined ? pieces.duplicateLine : commandOf(state, entry).duplicateLine}`;
  }
  const { warnings } = verdict;
  for (let i = 0; i < warnings.length && i < WARNINGS_SHOWN; i++) {
    text += `\n${INDENT}${formatWarning(c, safe(warnings[i] as string, 160))}`;
  }
  if (warnings.length > WARNINGS_SHOWN) {
    text += `\n${INDENT}${c.yellow(`  … ${warnings.length - WARNINGS_SHOWN} more warnings`)}`;
  }
  if (exchange.forward !== undefined) {
    for (const forwardLine of forwardLines(c, exchange)) text += `\n${forwardLine}`;
  }
  if (exchange.failure !== undefined) text += `\n${INDENT}${c.red(`✖ ${exchange.failure}`)}`;
  const decided = decisionLine(c, exchange);
  if (decided !== undefined) text += `\n${decided}`;
  return `${text}\n${answerLine(state, exchange)}`;
}

export function formatClientError(c: ChalkInstance, event: ClientErrorEvent): string {
  const answer = event.status === undefined ? 'connection closed' : `answered ${event.status}`;
  if (event.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return c.red(`✖ timed out: ${event.remoteAddress} sent no complete request in time: ${answer}`);
  }
  return c.red(`✖ malformed HTTP from ${event.remoteAddress} (${event.code}): ${answer}`);
}

export interface BannerInfo {
  url: string;
  sendCommand: string;
  sdkAppId: string | undefined;
  token: boolean;
  toleranceSeconds: number;
  strict: boolean;
  path: string | undefined;
  answer: string;
  record: string | undefined;
  /** The inspector page's address (--ui). */
  inspector?: string | undefined;
}

export function formatBanner(c: ChalkInstance, info: BannerInfo): string[] {
  const checks = [
    info.path === undefined ? 'any path' : `path ${info.path}`,
    info.sdkAppId === undefined
      ? c.dim('SdkAppid not checked (--sdkappid)')
      : `SdkAppid ${info.sdkAppId}`,
    info.token ? `Sign ±${info.toleranceSeconds} s` : c.dim('Sign not checked (--token)'),
    info.strict ? 'schema enforced' : 'schema shown, not enforced (--strict)',
  ];
  const lines = [
    `${c.bold('tim-callback listening on')} ${c.cyan(info.url)}`,
    `  ${c.dim('try it ')}  ${info.sendCommand}`,
    `  ${c.dim('checks ')}  ${checks.join(c.dim(' · '))}`,
    `  ${c.dim('answer ')}  ${info.answer}`,
  ];
  if (info.record !== undefined) lines.push(`  ${c.dim('record ')}  ${info.record}`);
  if (info.inspector !== undefined) lines.push(`  inspector: ${c.cyan(info.inspector)}`);
  lines.push(c.dim('  Ctrl+C to stop'));
  return lines;
}

export function formatSummary(c: ChalkInstance, stats: ListenStats, recordLine?: string): string[] {
  const parts = [
    `received ${count(stats.received)}`,
    c.green(`accepted ${count(stats.accepted)}`),
    (stats.rejected > 0 ? c.red : c.dim)(`rejected ${count(stats.rejected)}`),
    (stats.duplicates > 0 ? c.yellow : c.dim)(`duplicates ${count(stats.duplicates)}`),
  ];
  if (stats.forwarded > 0) parts.push(`forwarded ${count(stats.forwarded)}`);
  if (stats.backendErrors > 0)
    parts.push(c.red(`backend unreachable ${count(stats.backendErrors)}`));
  if (stats.cut > 0) parts.push(c.red(`cut before the answer ${count(stats.cut)}`));
  if (stats.aborted > 0) parts.push(`aborted uploads ${count(stats.aborted)}`);
  if (stats.timedOut > 0) parts.push(`timed out ${count(stats.timedOut)}`);
  if (stats.malformedHttp > 0) parts.push(`malformed HTTP ${count(stats.malformedHttp)}`);
  if (stats.errors > 0) parts.push(c.red(`errors ${count(stats.errors)}`));
  const lines = [`${c.bold('stopped:')} ${parts.join(c.dim(' · '))}`];
  if (recordLine !== undefined) lines.push(`  ${c.dim('record ')}  ${recordLine}`);
  return lines;
}
