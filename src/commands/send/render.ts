import { type AnswerKind, answerKind, checksExpectingOk } from '../../core/answer-kind.js';
import { callbackParamsIn, platformWarnings } from '../../core/callback-url.js';
import { DEFAULT_CONCURRENCY } from '../../core/command-line.js';
import { type CliError, InterruptedError, UnreachableError } from '../../core/errors.js';
import {
  EXIT_CHECK_FAILED,
  EXIT_OK,
  type ExitCode,
  type StopSignal,
} from '../../core/exit-codes.js';
import type { LoadSummary } from '../../core/load-stats.js';
import type { JsonObject } from '../../core/payload.js';
import { type Check, checkAnswer, formatMs } from '../../core/response-check.js';
import { commandOf, type PreparedRequest, variationOf } from '../../core/send-request.js';
import { plural } from '../../core/text.js';
import { parseJson, type ValidationResult } from '../../core/validation.js';
import type { HttpAnswer, NetworkError } from '../../io/http-client.js';
import type { Output } from '../../io/output.js';
import { formatCheck, formatWarning } from '../../io/render.js';
import { isLoadMode, type PreparedSend, type SendOptions } from './request.js';
import type { Decision } from './sample.js';

// Every line `send` prints, in every mode, and its --json documents: all through the one Output.
// Imported by one-shot, load and interactive alike; it loads neither undici nor the load runner.

const BODY_PREVIEW_CHARS = 2000;

/** Schema problems are warnings: sending a broken callback on purpose is a use. */
export function reportBodyCheck(check: ValidationResult, opts: SendOptions, out: Output): void {
  for (const problem of check.problems)
    out.warn(`body breaks the schema (sent anyway): ${problem}`);
  for (const warning of check.warnings) out.warn(`body: ${warning}`);
  for (const warning of platformWarnings(opts.platform)) out.warn(warning);
  if (opts.url !== undefined) notePastedParams(opts, out);
  if (opts.sdkAppId === undefined) {
    out.warn('no SdkAppid in the URL: pass --sdkappid <id> or set TIM_SDKAPPID');
  }
  if (opts.token === undefined) {
    const ignored =
      opts.requestTime !== undefined || opts.skewSeconds !== undefined
        ? ' (so --request-time and --skew do nothing)'
        : '';
    out.warn(
      `no token: the request is unsigned, no Sign or RequestTime${ignored}; pass --token-file <file> or set TIM_CALLBACK_TOKEN to sign it`,
    );
  }
  if (!isLoadMode(opts) && (opts.rate !== undefined || opts.concurrency !== DEFAULT_CONCURRENCY)) {
    out.warn('--rate and --concurrency apply to load mode only: add --count <n> or --duration <s>');
  }
}

/** A URL pasted from `sign --url` or a log: its callback parameters are replaced, said once. */
function notePastedParams(opts: SendOptions, out: Output): void {
  const pasted = callbackParamsIn(opts.url as string);
  if (pasted.length === 0) return;
  const unset = new Set<string>();
  if (opts.token === undefined) unset.add('Sign').add('RequestTime');
  if (opts.sdkAppId === undefined) unset.add('SdkAppid');
  const replaced = pasted.filter((name) => !unset.has(name));
  const dropped = pasted.filter((name) => unset.has(name));
  const what =
    dropped.length === 0
      ? "replaced by this request's own"
      : replaced.length === 0
        ? 'left out'
        : `${replaced.join(', ')} replaced by this request's own; ${dropped.join(', ')} left out`;
  out.info(`note: the URL already carries ${pasted.join(', ')}: ${what}; none is sent twice`);
}

export function printDryRun(
  first: PreparedRequest,
  bodyCheck: ValidationResult,
  out: Output,
): ExitCode {
  if (out.json) {
    out.document({
      schemaVersion: 1,
      dryRun: true,
      request: requestDocument(first),
      bodyCheck,
    });
    return EXIT_OK;
  }
  out.line(`POST ${first.url}`);
  out.line(JSON.stringify(JSON.parse(first.body), null, 2));
  return EXIT_OK;
}

// What postCallback sends (http-client's JSON_CONTENT_TYPE), written out here so that --dry-run
// and the output code do not load undici.
function requestDocument(first: PreparedRequest) {
  const headers = { 'content-type': 'application/json; charset=utf-8' };
  return { method: 'POST', url: first.url, headers, body: first.body };
}

/** The request line, printed before the wait so that a slow backend is seen waited for. */
export function printRequest(sent: PreparedSend, out: Output): void {
  const { c } = out;
  const { first, catalog } = sent;
  out.line(`${c.bold('→ POST')} ${first.url}`);
  const body =
    catalog === undefined
      ? describeBody(first.body)
      : `body: ${catalog.summary}, ${Buffer.byteLength(first.body)} bytes`;
  out.line(c.dim(`  ${body}`));
}

function describeBody(text: string): string {
  const body = JSON.parse(text) as JsonObject;
  const parts: string[] = [];
  const group: string[] = [];
  if (typeof body.GroupId === 'string') group.push(body.GroupId);
  if (typeof body.Name === 'string') group.push(JSON.stringify(body.Name));
  const details: string[] = [];
  if (typeof body.Type === 'string') details.push(body.Type);
  if (Array.isArray(body.MemberList)) {
    details.push(`${body.MemberList.length} member${body.MemberList.length === 1 ? '' : 's'}`);
  }
  if (details.length > 0) group.push(`(${details.join(', ')})`);
  if (group.length > 0) parts.push(group.join(' '));
  if (body.EventTime !== undefined) parts.push(`EventTime ${JSON.stringify(body.EventTime)}`);
  parts.push(`${Buffer.byteLength(text)} bytes`);
  return `body: ${parts.join(', ')}`;
}

/** The answer, its checks and the verdict (or the --json document); the exit code follows it. */
export function printAnswer(sent: PreparedSend, answer: HttpAnswer, out: Output): ExitCode {
  const { first, bodyCheck } = sent;
  const timeoutMs = sent.opts.timeoutMs;
  const result = checkAnswer({ ...answer, timeoutMs });
  const decision = sent.catalog?.decide?.(answer.body);
  const checks = [...checksExpectingOk(result), ...(decision?.checks ?? [])];
  // A before-callback's non-zero ErrorCode is its decision, not a packet to warn about.
  const warnings = [
    ...result.warnings.filter(
      (w) => decision === undefined || !w.startsWith('ActionStatus is OK but ErrorCode'),
    ),
    ...(decision?.warnings ?? []),
  ];
  // The protocol's own checks name the kind of miss (a FAIL packet is a refusal, not a malformed one).
  const failedNames = [...result.checks, ...(decision?.checks ?? [])]
    .filter((check) => !check.ok)
    .map((check) => check.name);
  const kind = answerKind(answer.status, result.actionStatus, failedNames);
  const ok = kind === 'accepted';
  if (out.json) {
    const latencyMs = round(answer.latencyMs);
    out.document({
      schemaVersion: 1,
      ok,
      verdict: kind,
      command: sent.catalog?.entry.command ?? commandOf(sent.plan.body),
      ...(decision !== undefined ? { decision: decisionDocument(answer.body, decision) } : {}),
      request: requestDocument(first),
      response: { status: answer.status, headers: answer.headers, body: answer.body, latencyMs },
      checks,
      warnings,
      bodyCheck,
      timing: { latencyMs, timeoutMs },
    });
    return ok ? EXIT_OK : EXIT_CHECK_FAILED;
  }
  const { c } = out;
  const statusText = `HTTP ${answer.status}`;
  out.line(
    `${c.bold('←')} ${answer.status === 200 ? c.green(statusText) : c.red(statusText)} in ${formatMs(answer.latencyMs)}${answer.contentType ? c.dim(` (${answer.contentType})`) : ''}`,
  );
  out.line(indent(preview(answer.body), '  '));
  for (const check of checks) out.line(`  ${formatCheck(c, check)}`);
  for (const warning of warnings) out.line(`  ${formatWarning(c, warning)}`);
  const verdictLine = verdict(kind, answer, checks, decision?.meaning ?? null);
  out.line(ok ? c.green(verdictLine) : c.red(verdictLine));
  return ok ? EXIT_OK : EXIT_CHECK_FAILED;
}

/** One line for the answer, counted as it is shown: a refusal is named a refusal. */
function verdict(
  kind: AnswerKind,
  answer: HttpAnswer,
  checks: Check[],
  decided: string | null,
): string {
  if (kind === 'accepted' && decided !== null) {
    return `✔ decided: ${decided.split(':')[0]} (HTTP 200 with a well-formed OK packet)`;
  }
  if (kind === 'accepted') return '✔ accepted: HTTP 200 with a well-formed OK packet';
  if (kind === 'rejected') return `✖ rejected: HTTP ${answer.status}${backendWords(answer.body)}`;
  const failed = checks.filter((check) => !check.ok).length;
  const what = kind === 'malformed' ? 'not a well-formed answer' : 'not accepted';
  return `✖ ${what}: ${plural(failed, 'check')} failed`;
}

/** A before-callback's decision in --json: the ErrorCode and its meaning, null when none was read. */
function decisionDocument(body: string, decision: Decision) {
  const packet = parseJson(body);
  const code = packet.ok ? (packet.value as Record<string, unknown>).ErrorCode : undefined;
  return {
    errorCode: Number.isInteger(code) ? code : null,
    meaning: decision.meaning,
    ok: decision.checks.every((check) => check.ok),
  };
}

/** What a refusing backend said: its FAIL packet's code and ErrorInfo, or the start of the body. */
function backendWords(body: string): string {
  const packet = parseJson(body);
  const value = packet.ok ? (packet.value as Record<string, unknown> | null) : null;
  if (value !== null && typeof value === 'object' && value.ActionStatus === 'FAIL') {
    const info =
      typeof value.ErrorInfo === 'string' && value.ErrorInfo !== ''
        ? `, ${JSON.stringify(value.ErrorInfo)}`
        : '';
    return ` with FAIL ${String(value.ErrorCode)}${info}`;
  }
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat === '') return ' (empty body)';
  return `, ${JSON.stringify(flat.length > 80 ? `${flat.slice(0, 77)}...` : flat)}`;
}

function preview(body: string): string {
  if (body === '') return '(empty body)';
  if (body.length <= BODY_PREVIEW_CHARS) return body;
  return `${body.slice(0, BODY_PREVIEW_CHARS)}… (${body.length - BODY_PREVIEW_CHARS} more characters)`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}

const UNREACHABLE_HINTS: Record<string, string> = {
  refused: 'is the backend running and listening on that port?',
  proxy:
    'is the proxy running? check HTTPS_PROXY / HTTP_PROXY, or list the backend in NO_PROXY to go direct',
  'plain-http': 'the server speaks plain HTTP: use http://',
  dns: 'check the host name in the URL',
  tls: 'for a staging certificate pass --ca <file.pem>, or --insecure to skip the check',
  timeout:
    'Tencent IM gives up after 2 s (trtc.io/document/34354); raise --timeout to see how long it takes',
  reset: 'the backend closed the connection without answering',
  other: 'check the URL and the network',
};

/** Nothing came back: the --json document says so too, then one stderr line and exit 3. */
export function unreachable(error: NetworkError, sent: PreparedSend, out: Output): CliError {
  if (out.json) {
    out.document({
      ...noAnswerDocument(sent),
      error: { kind: error.kind, message: error.message },
    });
  }
  return new UnreachableError(
    `no answer (${error.kind}): ${error.message}`,
    UNREACHABLE_HINTS[error.kind],
  );
}

/** A signal came before the answer: the --json document says so, then one line and 130/143. */
export function interrupted(signal: StopSignal, sent: PreparedSend, out: Output): InterruptedError {
  if (out.json) out.document({ ...noAnswerDocument(sent), interrupted: true, signal });
  return new InterruptedError(signal, `interrupted by ${signal} before an answer came`);
}

function noAnswerDocument(sent: PreparedSend) {
  return {
    schemaVersion: 1,
    ok: false,
    request: requestDocument(sent.first),
    response: null,
    checks: [],
    bodyCheck: sent.bodyCheck,
    timing: { timeoutMs: sent.opts.timeoutMs },
  };
}

/** Load mode's first lines: where, how many, how fast. */
export function printLoadHeader(sent: PreparedSend, count: number | undefined, out: Output): void {
  const { opts, plan, first } = sent;
  const { c } = out;
  out.line(`${c.bold('→ POST')} ${first.url}`);
  const amount =
    count !== undefined ? plural(count, 'request') : `requests for ${opts.durationSeconds} s`;
  const pace = opts.rate !== undefined ? `, at most ${opts.rate}/s` : '';
  const vary = variationOf(plan);
  const ids =
    vary === undefined
      ? ''
      : `, ${pathText(vary.path)} ${vary.base}${typeof vary.base === 'string' ? '-<n>' : ' + <n>'}`;
  out.line(c.dim(`  ${amount}, ${opts.concurrency} in flight${pace}, each signed afresh${ids}`));
}

/** Load mode's report: the --json document, or the summary after any interruption's line. */
export function printLoadReport(
  sent: PreparedSend,
  summary: LoadSummary,
  code: number,
  signal: StopSignal | undefined,
  out: Output,
): void {
  if (out.json) {
    out.document(loadDocument(sent, summary, code, signal));
    return;
  }
  if (signal !== undefined) {
    out.line(out.c.yellow(`interrupted by ${signal}: no new requests were started`));
  }
  printLoadSummary(summary, sent.opts.timeoutMs, code, out);
}

/** No request of a load run got an answer: exit 3, with the hint for the first kind of error. */
export function loadUnreachable(summary: LoadSummary): UnreachableError {
  const kinds = Object.entries(summary.errors)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  return new UnreachableError(
    `none of the ${plural(summary.requests, 'request')} got an answer (${kinds})`,
    UNREACHABLE_HINTS[Object.keys(summary.errors)[0] ?? 'other'],
  );
}

function loadDocument(
  sent: PreparedSend,
  summary: LoadSummary,
  code: number,
  signal: StopSignal | undefined,
) {
  const { opts } = sent;
  return {
    schemaVersion: 1,
    ok: code === 0 && signal === undefined,
    target: sent.first.url,
    interrupted: signal !== undefined,
    signal: signal ?? null,
    ...summary,
    latencyMs: summary.latencyMs ?? {
      min: null,
      mean: null,
      p50: null,
      p90: null,
      p99: null,
      max: null,
    },
    concurrency: opts.concurrency,
    rate: opts.rate ?? null,
    timeoutMs: opts.timeoutMs,
    bodyCheck: sent.bodyCheck,
  };
}

function printLoadSummary(summary: LoadSummary, timeoutMs: number, code: number, out: Output) {
  const { c } = out;
  const label = (text: string) => c.bold(text.padEnd(10));
  const counts = (record: Record<string, number>, prefix = '') =>
    Object.entries(record)
      .sort(([, a], [, b]) => b - a)
      .map(([key, n]) => `${prefix}${key} × ${n}`)
      .join(', ');
  const tally = (n: number, by: Record<string, number>) =>
    n === 0 ? 'none' : c.red(`${n} (${counts(by)})`);
  out.line(
    `${plural(summary.requests, 'request')} in ${formatMs(summary.durationMs)}: ${c.bold(`${summary.requestsPerSecond.toFixed(1)} requests/s`)}`,
  );
  const l = summary.latencyMs;
  if (l) {
    const over = l.max > timeoutMs / 2;
    const max = formatMs(l.max);
    out.line(
      `${label('latency')}p50 ${formatMs(l.p50)}  p90 ${formatMs(l.p90)}  p99 ${formatMs(l.p99)}  max ${over ? c.yellow(max) : max}  ${c.dim(`(budget ${timeoutMs} ms)`)}`,
    );
  }
  if (summary.answered > 0) {
    out.line(
      `${label('answers')}${counts(summary.byStatus, 'HTTP ')}; ${counts(summary.byActionStatus)}`,
    );
  }
  out.line(`${label('rejected')}${tally(summary.rejected, summary.rejectedBy)}`);
  out.line(`${label('malformed')}${tally(summary.malformed, summary.malformedByCheck)}`);
  if (summary.failed > 0)
    out.line(`${label('failed')}${tally(summary.failed, summary.failedByCheck)}`);
  const errorCount = summary.requests - summary.answered;
  out.line(`${label('errors')}${tally(errorCount, summary.errors)}`);
  out.line(loadVerdict(summary, code, errorCount, c));
}

function loadVerdict(
  summary: LoadSummary,
  code: number,
  errorCount: number,
  c: Output['c'],
): string {
  if (code === 0) {
    const all =
      summary.requests === 1 ? 'the 1 answer was' : `all ${summary.requests} answers were`;
    return c.green(`✔ ${all} HTTP 200 with a well-formed OK packet`);
  }
  const parts = [
    [summary.rejected, 'rejected'],
    [summary.malformed, 'malformed'],
    [summary.failed, 'failed'],
    [errorCount, 'without an answer'],
  ] as const;
  const why = parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
  return c.red(
    `✖ ${summary.requests - summary.accepted} of ${plural(summary.requests, 'request')} not accepted: ${why}`,
  );
}

/** `Info.To_Account`, `PairList[0].From_Account`: a varied field's path as --set writes it. */
function pathText(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** -i: the command line the answers amount to, with the token left out. */
export function printEquivalentCommand(commandLine: string, prompted: boolean, out: Output): void {
  out.line(out.c.dim('equivalent command:'));
  out.line(commandLine);
  if (prompted) {
    out.line(out.c.dim('(the token is not shown: export TIM_CALLBACK_TOKEN, or use --token-file)'));
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
