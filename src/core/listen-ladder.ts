import { isUtf8 } from 'node:buffer';
import {
  AFTER_GROUP_DESTROYED,
  type CallbackQuery,
  parseCallbackQuery,
  platformWarnings,
} from './callback-url.js';
import { checkBody } from './catalog/check.js';
import type { CatalogEntry } from './catalog/types.js';
import { duplicateKey, type RecordLine, type SdkAppIdCheck } from './record.js';
import type { Check } from './response-check.js';
import {
  createSignVerifier,
  type SignOutcome,
  type VerifySignInput,
  type VerifySignResult,
  verifySign,
} from './sign.js';
import { validateCallbackBody } from './validation.js';

/**
 * The listener's decision for one request, as pure functions of what arrived and the clock.
 * Routing comes first (a request to another path or with another method is not a callback, so
 * its body and credentials are not judged), then the ladder of DESIGN.md: size, SdkAppid, Sign,
 * JSON, schema. The first failing rung decides the answer; every check that could run is still
 * reported, so a forged or broken callback is shown in full.
 */

/** A distinct non-zero ErrorCode per rung: the HTTP status followed by a two-digit reason. */
export const FAIL_CODES = {
  wrongPath: 40401,
  wrongMethod: 40501,
  bodyTooLarge: 41301,
  sdkAppIdMissing: 40301,
  sdkAppIdMismatch: 40302,
  signMissing: 40101,
  signBad: 40102,
  signStale: 40103,
  signFuture: 40104,
  notUtf8: 40001,
  notJson: 40002,
  notObject: 40003,
  schema: 40004,
  malformedHttp: 40005,
  ambiguousQuery: 40006,
  headersTooLarge: 43101,
  noHost: 40007,
  expectationFailed: 41701,
  forwardLoop: 50801,
  requestTimeout: 40801,
  recordFailed: 50001,
  internal: 50002,
  backendUnreachable: 50201,
  backendTimeout: 50202,
  backendTooLarge: 50203,
} as const;

export type Rung =
  | 'http'
  | 'loop'
  | 'path'
  | 'method'
  | 'size'
  | 'query'
  | 'sdkappid'
  | 'sign'
  | 'json'
  | 'schema';

export interface Rejection {
  rung: Rung;
  status: number;
  code: number;
  reason: string;
}

export interface LadderConfig {
  /** Only this path is a callback (others get 404); undefined accepts every path. */
  path?: string | undefined;
  /** Enforced when set: SdkAppid must equal it (trtc.io/document/34377). */
  sdkAppId?: string | undefined;
  /** Enforced when set: Sign and RequestTime (cloud.tencent.com/document/product/269/32431). */
  token?: string | undefined;
  toleranceSeconds: number;
  /** Schema problems are answered 400 instead of only shown. */
  strict: boolean;
  /** This listener's relay id: a request that already carries it went round a forwarding loop. */
  hopId?: string | undefined;
  /**
   * The callback catalogue by exact CallbackCommand (indexCommands), built once per listener: each
   * body is checked against its own command's schema. Without it every command but
   * Group.CallbackAfterGroupDestroyed is only shape-checked.
   */
  commands?: CommandIndex | undefined;
}

/** The catalogue's entries by their exact CallbackCommand: one Map lookup per request. */
export type CommandIndex = ReadonlyMap<string, CatalogEntry>;

export function indexCommands(catalog: readonly CatalogEntry[]): CommandIndex {
  return new Map(catalog.map((entry) => [entry.command, entry]));
}

export interface IncomingRequest {
  method: string;
  /** The request target as received: a path with an optional query string. */
  target: string;
  /** The body bytes, or null when it was larger than the limit (and not kept). */
  body: Buffer | null;
  /** Receiver's clock, Unix seconds. */
  nowSeconds: number;
  /** HTTP/1.1 requires a Host header (RFC 9112 §3.2); false for a 1.1 request without one. */
  hostOk?: boolean | undefined;
  /** The Expect header, when there is one. */
  expect?: string | undefined;
  /** The relay ids of the listeners this request has passed through (the hop header). */
  hops?: string | undefined;
}

/** The hop header a listener adds when it relays a callback (--forward-to), with its relay id. */
export const HOP_HEADER = 'x-tim-callback-hop';

/** More relays than this is a loop too, whoever made it. */
const MAX_HOPS = 8;

export interface Verdict {
  path: string;
  search: string;
  query: CallbackQuery;
  /** The query's CallbackCommand, else the body's. */
  command: string | undefined;
  /** That command's catalogue entry, when the listener has the catalogue and the command is in it. */
  entry: CatalogEntry | undefined;
  /** The body decoded as UTF-8; undefined when it was too large or not UTF-8. */
  text: string | undefined;
  /** The parsed body, when it is JSON. */
  body: unknown;
  checks: RecordLine['checks'];
  /** The checks that ran, in ladder order, for display. */
  shown: Check[];
  warnings: string[];
  rejection: Rejection | undefined;
  /** A digest of the command and the fields that identify its event (record.ts, duplicateKey). */
  duplicateKey: string | undefined;
}

/** Problems beyond this many are counted, not listed: a broken 10,000-member list stays readable. */
const MAX_PROBLEMS = 20;

export function splitTarget(target: string): { path: string; search: string } {
  let rest = target;
  // An absolute-form target (RFC 9112 §3.2.2) comes from proxies; keep only its path.
  if (/^https?:\/\//i.test(rest)) {
    const slash = rest.indexOf('/', rest.indexOf('//') + 2);
    rest = slash === -1 ? '/' : rest.slice(slash);
  }
  const q = rest.indexOf('?');
  return q === -1 ? { path: rest, search: '' } : { path: rest.slice(0, q), search: rest.slice(q) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkSdkAppId(
  expected: string | undefined,
  received: string | undefined,
): { state: SdkAppIdCheck; check?: Check } {
  if (expected === undefined) return { state: 'unchecked' };
  if (received === undefined || received === '') {
    return {
      state: 'missing',
      check: { name: 'sdkappid', ok: false, message: 'SdkAppid is missing from the query string' },
    };
  }
  if (received !== expected) {
    return {
      state: 'mismatch',
      check: {
        name: 'sdkappid',
        ok: false,
        message: `SdkAppid ${JSON.stringify(received)} is not this app's ${expected}`,
      },
    };
  }
  return { state: 'ok', check: { name: 'sdkappid', ok: true, message: `SdkAppid ${expected}` } };
}

const SIGN_CODES: Record<Exclude<SignOutcome, 'ok'>, number> = {
  missing: FAIL_CODES.signMissing,
  bad: FAIL_CODES.signBad,
  stale: FAIL_CODES.signStale,
  future: FAIL_CODES.signFuture,
};

function describeSkew(skew: number | undefined): string {
  if (skew === undefined || skew === 0) return '';
  return skew > 0 ? ` (${skew} s old)` : ` (${-skew} s ahead)`;
}

/** What one ladder keeps between requests, so that a busy listener repeats no work. */
interface LadderParts {
  parseQuery(search: string): CallbackQuery;
  verifySign(input: VerifySignInput): VerifySignResult;
}

const UNCACHED: LadderParts = { parseQuery: parseCallbackQuery, verifySign };

export interface Ladder {
  judge(input: IncomingRequest): Verdict;
}

/**
 * The check ladder of one listener, with that listener's caches: IM's query string changes only
 * with RequestTime (whole seconds), so the last one parsed and the last expected Sign are reused.
 * Nothing downstream modifies a parsed query.
 */
export function createLadder(config: LadderConfig): Ladder {
  let lastQuery: { search: string; query: CallbackQuery } | undefined;
  const parts: LadderParts = {
    parseQuery(search) {
      if (lastQuery === undefined || lastQuery.search !== search) {
        lastQuery = { search, query: parseCallbackQuery(search) };
      }
      return lastQuery.query;
    },
    verifySign: createSignVerifier(),
  };
  return { judge: (input) => judgeWith(input, config, parts) };
}

/** Node's own rule: 100-continue is the only expectation a server meets (RFC 9110 §10.1.1). */
export function meetsExpectation(expect: string | undefined): boolean {
  return expect === undefined || /(?:^|\W)100-continue(?:$|\W)/i.test(expect);
}

type Reject = (rung: Rung, status: number, code: number, reason: string) => void;

/**
 * What HTTP itself refuses, answered as FAIL packets like every other refusal (node's own 400 and
 * 417 are bare), and a request that comes back through this listener's own relay. True if refused.
 */
function judgeTransport(input: IncomingRequest, config: LadderConfig, reject: Reject): boolean {
  if (input.hostOk === false) {
    reject('http', 400, FAIL_CODES.noHost, 'an HTTP/1.1 request needs a Host header');
    return true;
  }
  if (!meetsExpectation(input.expect)) {
    reject('http', 417, FAIL_CODES.expectationFailed, 'only "Expect: 100-continue" is supported');
    return true;
  }
  if (input.hops === undefined) return false;
  const hops = input.hops.split(',').map((hop) => hop.trim());
  if ((config.hopId !== undefined && hops.includes(config.hopId)) || hops.length > MAX_HOPS) {
    reject(
      'loop',
      508,
      FAIL_CODES.forwardLoop,
      'forwarding loop: this callback already came through this listener; --forward-to leads back to it',
    );
    return true;
  }
  return false;
}

/** Judges one request: which checks pass, and which rung (if any) rejects it. */
export function judgeRequest(input: IncomingRequest, config: LadderConfig): Verdict {
  return judgeWith(input, config, UNCACHED);
}

function judgeWith(input: IncomingRequest, config: LadderConfig, parts: LadderParts): Verdict {
  const { path, search } = splitTarget(input.target);
  const query = parts.parseQuery(search);
  const verdict: Verdict = {
    path,
    search,
    query,
    command: query.command,
    entry: undefined,
    text: undefined,
    body: undefined,
    checks: { sdkAppId: 'unchecked', sign: 'unchecked', schema: 'unchecked', problems: [] },
    shown: [],
    warnings: [],
    rejection: undefined,
    duplicateKey: undefined,
  };
  const reject = (rung: Rung, status: number, code: number, reason: string) => {
    verdict.rejection ??= { rung, status, code, reason };
  };

  if (judgeTransport(input, config, reject)) return verdict;
  if (config.path !== undefined && path !== config.path) {
    reject(
      'path',
      404,
      FAIL_CODES.wrongPath,
      `no callback at ${path}; this listener serves ${config.path}`,
    );
    return verdict;
  }
  if (input.method !== 'POST') {
    reject(
      'method',
      405,
      FAIL_CODES.wrongMethod,
      `${input.method} is not allowed; callbacks are POSTed`,
    );
    return verdict;
  }
  if (input.body === null) {
    reject('size', 413, FAIL_CODES.bodyTooLarge, 'the body is larger than --max-body');
  }

  if (query.repeated.length > 0) {
    // The listener would judge the first value and relay all of them to a backend that may take
    // the last: an ambiguous request is refused, not guessed (DESIGN.md, "Bounded by design").
    const message = `the query string repeats ${query.repeated.join(', ')}; send each of SdkAppid, CallbackCommand, Sign and RequestTime once`;
    verdict.shown.push({ name: 'query', ok: false, message });
    reject('query', 400, FAIL_CODES.ambiguousQuery, message);
  }

  const sdk = checkSdkAppId(config.sdkAppId, query.sdkAppId);
  verdict.checks.sdkAppId = sdk.state;
  if (sdk.check) {
    verdict.shown.push(sdk.check);
    if (!sdk.check.ok) {
      const code =
        sdk.state === 'missing' ? FAIL_CODES.sdkAppIdMissing : FAIL_CODES.sdkAppIdMismatch;
      reject('sdkappid', 403, code, sdk.check.message);
    }
  }

  if (config.token !== undefined) {
    const result = parts.verifySign({
      token: config.token,
      sign: query.sign,
      requestTime: query.requestTime,
      now: input.nowSeconds,
      toleranceSeconds: config.toleranceSeconds,
    });
    verdict.checks.sign = result.outcome;
    const ok = result.outcome === 'ok';
    verdict.shown.push({
      name: 'sign',
      ok,
      message: ok ? `Sign ok${describeSkew(result.skewSeconds)}` : result.reason,
    });
    if (result.outcome !== 'ok') reject('sign', 401, SIGN_CODES[result.outcome], result.reason);
  }

  if (input.body === null) return verdict;
  judgeBody(verdict, input.body, config);
  return verdict;
}

function judgeBody(verdict: Verdict, bytes: Buffer, config: LadderConfig): void {
  const { query } = verdict;
  // JSON text is UTF-8 (RFC 8259 §8.1); decoding anything else would silently alter the bytes.
  if (!isUtf8(bytes)) {
    const message = 'the body is not valid UTF-8';
    verdict.checks.problems.push(message);
    verdict.shown.push({ name: 'json', ok: false, message });
    verdict.rejection ??= { rung: 'json', status: 400, code: FAIL_CODES.notUtf8, reason: message };
    return;
  }
  const text = bytes.toString('utf8');
  verdict.text = text;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const message =
      text.trim() === ''
        ? 'the body is empty, not JSON'
        : `the body is not JSON: ${(error as Error).message}`;
    verdict.checks.problems.push(message);
    verdict.shown.push({ name: 'json', ok: false, message });
    verdict.rejection ??= { rung: 'json', status: 400, code: FAIL_CODES.notJson, reason: message };
    return;
  }
  verdict.body = body;
  if (!isObject(body)) {
    const message = `the body is JSON but not an object (${Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`})`;
    verdict.checks.problems.push(message);
    verdict.shown.push({ name: 'json', ok: false, message });
    verdict.rejection ??= {
      rung: 'json',
      status: 400,
      code: FAIL_CODES.notObject,
      reason: message,
    };
    return;
  }
  const bodyCommand = typeof body.CallbackCommand === 'string' ? body.CallbackCommand : undefined;
  verdict.command = query.command ?? bodyCommand;
  if (query.command === undefined) {
    verdict.warnings.push('no CallbackCommand in the query string (Tencent IM always sends one)');
  }
  for (const warning of platformWarnings(query.platform)) verdict.warnings.push(warning);

  const entry = verdict.command === undefined ? undefined : config.commands?.get(verdict.command);
  verdict.entry = entry;
  // Group.CallbackAfterGroupDestroyed keeps its own checks (core/validation.ts), warnings included.
  const catalogued = entry !== undefined && entry.command !== AFTER_GROUP_DESTROYED;
  const result = catalogued ? checkBody(entry, body) : validateCallbackBody(body, verdict.command);
  // Not push(...list): spreading a long list as arguments overflows the stack.
  for (const warning of result.warnings) verdict.warnings.push(warning);
  noteSchema(verdict, result.problems, catalogued, config.strict);
  if (verdict.rejection === undefined) {
    verdict.duplicateKey = duplicateKey(verdict.command, body, catalogued ? entry : undefined);
  }
}

/** The schema rung: problems listed (a catalogue check has capped them already), --strict enforced. */
function noteSchema(verdict: Verdict, problems: string[], capped: boolean, strict: boolean): void {
  verdict.checks.schema = problems.length === 0 ? 'ok' : 'invalid';
  const listed = capped ? problems : problems.slice(0, MAX_PROBLEMS);
  if (!capped && problems.length > MAX_PROBLEMS) {
    listed.push(`… and ${problems.length - MAX_PROBLEMS} more`);
  }
  for (const problem of listed) verdict.checks.problems.push(problem);
  if (problems.length === 0) {
    verdict.shown.push({ name: 'schema', ok: true, message: 'schema ok' });
    return;
  }
  for (const problem of listed) verdict.shown.push({ name: 'schema', ok: false, message: problem });
  if (strict) {
    // A capped list ends in `… and N more` (core/catalog/check.ts), where N is a lower bound: the
    // checker stops counting early, so the answer says "at least".
    const capLine = capped && /^… and [\d,]+ more$/.test(listed.at(-1) ?? '');
    const named = capLine ? listed.length - 1 : problems.length;
    const more = capLine
      ? ` (and at least ${named} more)`
      : named > 1
        ? ` (and ${named - 1} more)`
        : '';
    verdict.rejection ??= {
      rung: 'schema',
      status: 400,
      code: FAIL_CODES.schema,
      reason: `the body breaks the schema: ${problems[0]}${more}`,
    };
  }
}

/** `{"ActionStatus":"FAIL","ErrorCode":<code>,"ErrorInfo":"<reason>"}` (trtc.io/document/34354). */
export function failPacket(code: number, reason: string): string {
  return JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: reason });
}

/** The idempotency key of a recorded request, computed exactly as for a live one. */
export function recordDuplicateKey(line: RecordLine, commands?: CommandIndex): string | undefined {
  if (line.accepted !== true) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(line.body);
  } catch {
    return undefined;
  }
  const bodyCommand =
    isObject(body) && typeof body.CallbackCommand === 'string' ? body.CallbackCommand : undefined;
  const command = line.query?.CallbackCommand ?? bodyCommand;
  const entry = command === undefined ? undefined : commands?.get(command);
  return duplicateKey(command, body, entry?.command === AFTER_GROUP_DESTROYED ? undefined : entry);
}
