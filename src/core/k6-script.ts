import { buildCallbackUrl } from './callback-url.js';
import type { Phase } from './catalog/types.js';
import type { JsonObject } from './payload.js';
import type { EventVariation } from './send-request.js';

/**
 * `send --export k6`: a k6 script that sends the callbacks `send` would, for a load that outgrows
 * one machine. Each iteration builds its request as `send` does in load mode: the same URL and
 * query, RequestTime fresh and Sign = sha256(token + RequestTime) with k6/crypto, and the fields
 * that identify the event made unique per request. The token and the SdkAppID are read from
 * __ENV at run time; the token is never written into the script. The answer checks are k6 checks,
 * IM's 2-second budget a threshold. Plain ES2015 for k6's JavaScript runtime: no Node APIs.
 */

export interface K6Load {
  count: number;
  concurrency: number;
  durationSeconds?: number | undefined;
  rate?: number | undefined;
}

export interface K6ScriptInput {
  target: string;
  command: string;
  /** The body as send builds it (after --type, --members, --set, --unset). */
  body: JsonObject;
  /** The field made unique per request, as send's load mode varies it. */
  vary: EventVariation | undefined;
  /** EventTime is the send time of each request (the body had none of its own). */
  stampEventTime: boolean;
  /** Parameters this command's callbacks come without (a catalogue entry's queryOmits). */
  queryOmits?: readonly string[] | undefined;
  /** The SdkAppid to send when TIM_SDKAPPID is not set at run time. */
  sdkAppId?: string | undefined;
  /** The export was made with a token: the script refuses to run without TIM_CALLBACK_TOKEN. */
  signed: boolean;
  clientIp?: string | undefined;
  platform?: string | undefined;
  requestTime?: number | undefined;
  skewSeconds?: number | undefined;
  timeoutMs: number;
  /** before: a decision the command takes passes; after/alarm: OK with ErrorCode 0. */
  phase: Phase | undefined;
  /** A before-callback's decisions: its ErrorCodes and custom range. */
  decisions?:
    | { codes: readonly number[]; range?: readonly [number, number] | undefined }
    | undefined;
  load: K6Load;
  /** The tool's version, for the header. */
  version: string;
}

/** IM gives up on a callback after 2 s, whatever --timeout says. */
export const IM_BUDGET_MS = 2000;

/** A JavaScript literal of a JSON value; U+2028/2029 escaped for runtimes older than ES2019. */
function literal(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The URL before SdkAppid (the target with its own query) and IM's parameters after it. A password
 * in the target is left out (`passwordAt`: where it goes back in, after the user name): the
 * script reads it at run time, as it reads the token.
 */
export function urlParts(input: K6ScriptInput): {
  head: string;
  tail: string;
  passwordAt: number | undefined;
} {
  const target = new URL(input.target);
  target.hash = '';
  const hasPassword = target.password !== '';
  target.password = '';
  const url = buildCallbackUrl({
    target: target.toString(),
    command: input.command,
    clientIp: input.clientIp,
    platform: input.platform,
    omit: input.queryOmits,
  });
  const at = url.search(/[?&]CallbackCommand=/) + 1;
  const head = url.slice(0, at);
  // A user name is percent-encoded: the first @ after the scheme ends it.
  const passwordAt = hasPassword ? head.indexOf('@', head.indexOf('//') + 2) : undefined;
  return { head, tail: url.slice(at), passwordAt };
}

/** Requests per time unit, both integers as k6 wants them. */
function perUnit(rate: number): { rate: number; timeUnit: string } {
  for (const [seconds, unit] of [
    [1, '1s'],
    [60, '1m'],
    [3600, '1h'],
  ] as const) {
    if (Number.isInteger(rate * seconds)) return { rate: rate * seconds, timeUnit: unit };
  }
  return { rate: Math.max(1, Math.round(rate * 3600)), timeUnit: '1h' };
}

/**
 * send's load flags as one k6 scenario: --count → shared iterations over --concurrency VUs;
 * --duration → constant VUs for that time (with --count, whichever ends first); --rate → a
 * constant arrival rate with --concurrency VUs at most, for --duration or as long as --count
 * requests take at that rate.
 */
export function k6Scenario(load: K6Load): Record<string, unknown> {
  const { count, concurrency, durationSeconds, rate } = load;
  if (rate !== undefined) {
    const byCount = count / rate;
    const seconds =
      durationSeconds === undefined
        ? byCount
        : count > 1
          ? Math.min(durationSeconds, byCount)
          : durationSeconds;
    return {
      executor: 'constant-arrival-rate',
      ...perUnit(rate),
      duration: `${Math.max(1, Math.ceil(seconds * 1000))}ms`,
      preAllocatedVUs: concurrency,
      maxVUs: concurrency,
    };
  }
  if (durationSeconds !== undefined && count === 1) {
    return { executor: 'constant-vus', vus: concurrency, duration: `${durationSeconds}s` };
  }
  return {
    executor: 'shared-iterations',
    vus: Math.min(concurrency, count),
    iterations: count,
    ...(durationSeconds !== undefined ? { maxDuration: `${durationSeconds}s` } : {}),
  };
}

function access(parts: readonly (string | number)[]): string {
  return parts.map((p) => `[${literal(p)}]`).join('');
}

/** The statements that make request n's body: a copy of BODY with its varying fields set. */
function bodyStatements(input: K6ScriptInput): string[] {
  const lines: string[] = [];
  const vary = input.vary;
  if (vary !== undefined) {
    // Objects and arrays are copied on the way down, so BODY itself never changes.
    for (let i = 1; i < vary.path.length; i++) {
      const at = access(vary.path.slice(0, i));
      lines.push(`body${at} = copyOf(body${at});`);
    }
    const at = access(vary.path);
    lines.push(
      typeof vary.base === 'string'
        ? `body${at} = ${literal(vary.base)} + '-' + n;`
        : `body${at} = ${literal(vary.base)} + n;`,
    );
  }
  if (input.stampEventTime) lines.push(`body["EventTime"] = nowMs;`);
  return lines;
}

function ackCheck(input: K6ScriptInput): string {
  if (input.phase === 'before') {
    const codes = literal(input.decisions?.codes ?? [0]);
    const range = input.decisions?.range;
    const inRange = range
      ? ` || (packet.ErrorCode >= ${range[0]} && packet.ErrorCode <= ${range[1]})`
      : '';
    return `'answered OK with a decision the command takes (ErrorCode ${[...(input.decisions?.codes ?? [0]), ...(range ? [`${range[0]}-${range[1]}`] : [])].join(', ')})': function () { return packet !== null && packet.ActionStatus === 'OK' && (${codes}.indexOf(packet.ErrorCode) !== -1${inRange}); },`;
  }
  if (input.phase === undefined) {
    return `'acknowledged (ActionStatus OK)': function () { return packet !== null && packet.ActionStatus === 'OK'; },`;
  }
  return `'acknowledged (ActionStatus OK, ErrorCode 0)': function () { return packet !== null && packet.ActionStatus === 'OK' && packet.ErrorCode === 0; },`;
}

function header(input: K6ScriptInput): string {
  const varied = [
    ...(input.vary
      ? [
          input.vary.path
            .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
            .join(''),
        ]
      : []),
    ...(input.stampEventTime ? ['EventTime'] : []),
  ].join(', ');
  return `// ${input.command} callbacks for k6, exported by tim-callback ${input.version} (send --export k6).
// Each request is built as tim-callback send builds it: the same URL and body, RequestTime
// fresh and Sign = sha256(token + RequestTime), ${varied === '' ? 'the body unchanged' : `${varied} unique per request`}.
// The token is read at run time and is not in this file:
//   TIM_CALLBACK_TOKEN=... TIM_SDKAPPID=1400000000 k6 run this-script.js${
    new URL(input.target).password === ''
      ? ''
      : `
// The target URL's password is not in this file either: set TIM_URL_PASSWORD too.`
  }
// (or k6 run -e TIM_SDKAPPID=...; in k6's cloud, set them as environment variables there).
// A run fails (exit 99) when any answer fails a check or takes more than ${IM_BUDGET_MS} ms.`;
}

function constants(input: K6ScriptInput): string {
  const { head, tail, passwordAt } = urlParts(input);
  return `const TOKEN = __ENV.TIM_CALLBACK_TOKEN || '';
${passwordAt === undefined ? '' : urlPassword(head, passwordAt)}
const SDKAPPID = __ENV.TIM_SDKAPPID || ${literal(input.sdkAppId ?? '')};
${
  input.signed
    ? `if (TOKEN === '') {
  throw new Error('set TIM_CALLBACK_TOKEN to the callback token: this script signs every callback');
}
`
    : ''
}${passwordAt === undefined ? `const URL_HEAD = ${literal(head)};` : ''}
const URL_TAIL = ${literal(tail)};
const FIXED_REQUEST_TIME = ${input.requestTime === undefined ? 'null' : String(input.requestTime)};
const SKEW_SECONDS = ${input.skewSeconds ?? 0};
const TIMEOUT_MS = ${input.timeoutMs};
const BUDGET_MS = ${IM_BUDGET_MS};
const BODY = ${literal(input.body)};`;
}

/** A target URL's password, read from TIM_URL_PASSWORD at run time and put back in the URL. */
function urlPassword(head: string, at: number): string {
  return `const URL_PASSWORD = __ENV.TIM_URL_PASSWORD || '';
if (URL_PASSWORD === '') {
  throw new Error('set TIM_URL_PASSWORD to the password of the target URL: it is not in this file');
}
const URL_HEAD = ${literal(head.slice(0, at))} + ':' + encodeURIComponent(URL_PASSWORD) + ${literal(head.slice(at))};
`;
}

function functions(input: K6ScriptInput): string {
  const vary = bodyStatements(input).map((line) => `  ${line}`);
  return `export const options = ${JSON.stringify(
    {
      scenarios: { callbacks: k6Scenario(input.load) },
      thresholds: { http_req_duration: [`max<=${IM_BUDGET_MS}`], checks: ['rate==1'] },
    },
    null,
    2,
  )};

/** The callback URL for a RequestTime: SdkAppid, IM's parameters, and Sign when there is a token. */
function callbackUrl(requestTime) {
  let url = URL_HEAD;
  if (SDKAPPID !== '') url += 'SdkAppid=' + encodeURIComponent(SDKAPPID) + '&';
  url += URL_TAIL;
  if (TOKEN !== '') {
    url += '&Sign=' + crypto.sha256(TOKEN + String(requestTime), 'hex') + '&RequestTime=' + requestTime;
  }
  return url;
}

/** The body of request n (from 1) sent at nowMs. */
function callbackBody(n, nowMs) {
  const body = Object.assign({}, BODY);
${vary.join('\n')}
  return JSON.stringify(body);
}

function copyOf(value) {
  return Array.isArray(value) ? value.slice() : Object.assign({}, value);
}

function parsePacket(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : null;
  } catch (e) {
    return null;
  }
}

export default function () {
  const nowMs = Date.now();
  const requestTime =
    FIXED_REQUEST_TIME !== null ? FIXED_REQUEST_TIME : Math.floor(nowMs / 1000) + SKEW_SECONDS;
  const n = exec.scenario.iterationInTest + 1;
  const res = http.post(callbackUrl(requestTime), callbackBody(n, nowMs), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
    timeout: TIMEOUT_MS + 'ms',
    // One name for every URL: each carries its own Sign.
    tags: { name: ${literal(input.command)} },
  });
  const packet = parsePacket(res.body);
  check(res, {
    'HTTP 200': function (r) { return r.status === 200; },
    'body is a JSON object': function () { return packet !== null; },
    'ActionStatus is OK or FAIL': function () { return packet !== null && (packet.ActionStatus === 'OK' || packet.ActionStatus === 'FAIL'); },
    'ErrorCode is an integer': function () { return packet !== null && Number.isInteger(packet.ErrorCode); },
    'ErrorInfo is a string': function () { return packet !== null && typeof packet.ErrorInfo === 'string'; },
    ${ackCheck(input)}
    'answered within ${IM_BUDGET_MS} ms': function (r) { return r.timings.duration <= BUDGET_MS; },
  });
}`;
}

/** The whole k6 script. */
export function k6Script(input: K6ScriptInput): string {
  return `${header(input)}
import http from 'k6/http';
import crypto from 'k6/crypto';
import exec from 'k6/execution';
import { check } from 'k6';

${constants(input)}

${functions(input)}
`;
}
