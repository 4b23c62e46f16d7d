import type { Dispatcher } from 'undici';
import { type AnswerKind, answerKind, checksExpectingOk } from '../../core/answer-kind.js';
import { callbackParamsIn, platformWarnings } from '../../core/callback-url.js';
import {
  buildSendCommandLine,
  DEFAULT_CONCURRENCY,
  DEFAULT_FIXTURE,
  nameAssignment,
  type TokenSource,
} from '../../core/command-line.js';
import {
  type CliError,
  InterruptedError,
  UnreachableError,
  UsageError,
} from '../../core/errors.js';
import {
  EXIT_CHECK_FAILED,
  EXIT_OK,
  EXIT_UNREACHABLE,
  type ExitCode,
  exitCodeForSignal,
  type StopSignal,
} from '../../core/exit-codes.js';
import type { LoadSummary } from '../../core/load-stats.js';
import { parseHttpUrl } from '../../core/options.js';
import { buildPayload, type JsonObject, PayloadError } from '../../core/payload.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { type Check, checkAnswer, formatMs } from '../../core/response-check.js';
import { GROUP_TYPES } from '../../core/schemas/index.js';
import {
  commandOf,
  createRequestFactory,
  type PreparedRequest,
  type RequestPlan,
} from '../../core/send-request.js';
import { plural } from '../../core/text.js';
import { parseJson, type ValidationResult, validateCallbackBody } from '../../core/validation.js';
import { readJsonInput } from '../../io/files.js';
import { listFixtures, loadCallbackFixture } from '../../io/fixtures.js';
import type { HttpAnswer, NetworkError } from '../../io/http-client.js';
import { type Interruption, watchInterruption } from '../../io/interruption.js';
import type { Output } from '../../io/output.js';
import { askSendAnswers, canPrompt, loadPrompts, type Prompts } from '../../io/prompts.js';
import { formatCheck, formatWarning } from '../../io/render.js';

export interface SendOptions {
  url: string | undefined;
  fixture: string | undefined;
  payload: string | undefined;
  set: string[];
  unset: string[];
  type: string | undefined;
  members: number | undefined;
  sdkAppId: string | undefined;
  token: string | undefined;
  tokenSource: TokenSource | undefined;
  tokenFile: string | undefined;
  requestTime: number | undefined;
  skewSeconds: number | undefined;
  clientIp: string | undefined;
  platform: string | undefined;
  timeoutMs: number;
  /** How much of each answer body is read (--max-answer). */
  maxAnswerBytes?: number | undefined;
  insecure: boolean;
  ca: string | undefined;
  dryRun: boolean;
  interactive: boolean;
  count: number;
  concurrency: number;
  durationSeconds: number | undefined;
  rate: number | undefined;
}

export interface SendDeps {
  /** The prompts module; the real @inquirer/prompts is loaded only when a prompt is shown. */
  prompts?: () => Promise<Prompts>;
  stdin?: { isTTY?: boolean };
  /** An injected transport; the caller owns and closes it. */
  dispatcher?: Dispatcher;
  /** Wall clock in ms, for EventTime and RequestTime. */
  now?: () => number;
}

const BODY_PREVIEW_CHARS = 2000;

/** `tim-callback send`: one signed callback and its checked answer, or a load run. */
export async function runSend(
  options: SendOptions,
  out: Output,
  deps: SendDeps = {},
): Promise<ExitCode> {
  const now = deps.now ?? Date.now;
  const opts = options.interactive ? await askInteractively(options, out, deps) : options;
  if (opts.url === undefined) {
    throw new UsageError(
      'missing the backend URL',
      'give it first, e.g. tim-callback send http://127.0.0.1:8080/im/callback (or -i on a terminal)',
    );
  }
  const loadMode = opts.count > 1 || opts.durationSeconds !== undefined;
  const base = await readBase(opts);
  const plan = planRequests(opts, base, opts.url, loadMode, now());
  const prepare = createRequestFactory(plan);
  const request = prepare(0, now());
  // What is printed: the URL with any password masked; only `request` goes on the wire.
  const first = { ...request, url: maskUrlPasswords(request.url) };
  const bodyCheck = validateCallbackBody(JSON.parse(first.body), commandOf(plan.body));
  reportBodyCheck(bodyCheck, opts, out);

  if (opts.dryRun) return printDryRun(first, bodyCheck, out);

  const http = await import('../../io/http-client.js');
  if (!loadMode) http.preferQuickExit();
  const dispatcher =
    deps.dispatcher ??
    http.createDispatcher({
      insecure: opts.insecure,
      ca: opts.ca,
      ...(loadMode ? { connections: opts.concurrency } : {}),
    });
  // SIGINT/SIGTERM: a load run stops and reports what finished; a single request is cut short.
  const interruption = watchInterruption();
  let cut = false;
  try {
    if (loadMode) {
      return await sendLoad(opts, plan, first, bodyCheck, dispatcher, out, deps, interruption);
    }
    // The request line first, so a slow backend is seen waited for.
    if (!out.json) printRequest(first, out);
    const answering = http.postCallback({
      url: request.url,
      body: request.body,
      timeoutMs: opts.timeoutMs,
      dispatcher,
      maxAnswerBytes: opts.maxAnswerBytes,
    });
    let outcome: HttpAnswer | NodeJS.Signals;
    try {
      outcome = await Promise.race([answering, interruption.received]);
    } catch (error) {
      if (error instanceof http.NetworkError) throw unreachable(error, first, bodyCheck, opts, out);
      throw error;
    }
    if (typeof outcome === 'string') {
      cut = true;
      throw interrupted(outcome, first, bodyCheck, opts, out);
    }
    return printAnswer(first, outcome, bodyCheck, opts.timeoutMs, out);
  } finally {
    interruption.dispose();
    // A cut request is not waited for: destroy() aborts it, close() would wait for its answer.
    if (deps.dispatcher === undefined) await (cut ? dispatcher.destroy() : dispatcher.close());
  }
}

/** Reads the body and decides what each request carries. */
function planRequests(
  opts: SendOptions,
  base: JsonObject,
  target: string,
  loadMode: boolean,
  nowMs: number,
): RequestPlan {
  const overrides = { type: opts.type, members: opts.members, set: opts.set, unset: opts.unset };
  let plain: JsonObject;
  let stamped: JsonObject;
  try {
    plain = buildPayload(base, overrides);
    stamped = buildPayload(base, { ...overrides, nowMs });
  } catch (error) {
    if (error instanceof PayloadError) {
      throw new UsageError(
        error.message,
        error.hint ?? 'see tim-callback send --help for --set and --unset',
      );
    }
    throw error;
  }
  return {
    target,
    body: stamped,
    // A body without EventTime of its own is stamped with the send time on every request.
    stampEventTime: !('EventTime' in plain) && 'EventTime' in stamped,
    uniqueGroupIds: loadMode,
    sdkAppId: opts.sdkAppId,
    clientIp: opts.clientIp,
    platform: opts.platform,
    token: opts.token,
    requestTime: opts.requestTime,
    skewSeconds: opts.skewSeconds,
  };
}

/** The body to start from: --payload (a file or stdin) or a bundled fixture, never both. */
async function readBase(opts: SendOptions): Promise<JsonObject> {
  if (opts.payload !== undefined && opts.fixture !== undefined) {
    throw new UsageError(
      `a fixture ("${opts.fixture}") and --payload cannot go together`,
      'send a bundled fixture or your own body, not both',
    );
  }
  return opts.payload !== undefined
    ? readPayload(opts.payload)
    : loadCallbackFixture(opts.fixture ?? DEFAULT_FIXTURE);
}

async function readPayload(path: string): Promise<JsonObject> {
  const value = await readJsonInput(path, '--payload');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--payload "${path}" is not a JSON object`,
      'a callback body is an object, e.g. tim-callback fixtures show group-destroyed',
    );
  }
  return value as JsonObject;
}

/** Schema problems are warnings: sending a broken callback on purpose is a use. */
function reportBodyCheck(check: ValidationResult, opts: SendOptions, out: Output): void {
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
  const loadMode = opts.count > 1 || opts.durationSeconds !== undefined;
  if (!loadMode && (opts.rate !== undefined || opts.concurrency !== DEFAULT_CONCURRENCY)) {
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

function printDryRun(first: PreparedRequest, bodyCheck: ValidationResult, out: Output): ExitCode {
  if (out.json) {
    out.document({
      schemaVersion: 1,
      dryRun: true,
      request: { method: 'POST', url: first.url, headers: requestHeaders(), body: first.body },
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
function requestHeaders(): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8' };
}

function printRequest(first: PreparedRequest, out: Output): void {
  const { c } = out;
  out.line(`${c.bold('→ POST')} ${first.url}`);
  out.line(c.dim(`  ${describeBody(first.body)}`));
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

function printAnswer(
  first: PreparedRequest,
  answer: HttpAnswer,
  bodyCheck: ValidationResult,
  timeoutMs: number,
  out: Output,
): ExitCode {
  const result = checkAnswer({ ...answer, timeoutMs });
  const checks = checksExpectingOk(result);
  const failedNames = result.checks.filter((check) => !check.ok).map((check) => check.name);
  const kind = answerKind(answer.status, result.actionStatus, failedNames);
  const ok = kind === 'accepted';
  if (out.json) {
    out.document({
      schemaVersion: 1,
      ok,
      verdict: kind,
      request: { method: 'POST', url: first.url, headers: requestHeaders(), body: first.body },
      response: {
        status: answer.status,
        headers: answer.headers,
        body: answer.body,
        latencyMs: round(answer.latencyMs),
      },
      checks,
      warnings: result.warnings,
      bodyCheck,
      timing: { latencyMs: round(answer.latencyMs), timeoutMs },
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
  for (const warning of result.warnings) out.line(`  ${formatWarning(c, warning)}`);
  const verdictLine = verdict(kind, answer, checks);
  out.line(ok ? c.green(verdictLine) : c.red(verdictLine));
  return ok ? EXIT_OK : EXIT_CHECK_FAILED;
}

/** One line for the answer, counted as it is shown: a refusal is named a refusal. */
function verdict(kind: AnswerKind, answer: HttpAnswer, checks: Check[]): string {
  if (kind === 'accepted') return '✔ accepted: HTTP 200 with a well-formed OK packet';
  if (kind === 'rejected') return `✖ rejected: HTTP ${answer.status}${backendWords(answer.body)}`;
  const failed = checks.filter((check) => !check.ok).length;
  const what = kind === 'malformed' ? 'not a well-formed answer' : 'not accepted';
  return `✖ ${what}: ${plural(failed, 'check')} failed`;
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
function unreachable(
  error: NetworkError,
  first: PreparedRequest,
  bodyCheck: ValidationResult,
  opts: SendOptions,
  out: Output,
): CliError {
  if (out.json) {
    out.document({
      ...noAnswerDocument(first, bodyCheck, opts),
      error: { kind: error.kind, message: error.message },
    });
  }
  return new UnreachableError(
    `no answer (${error.kind}): ${error.message}`,
    UNREACHABLE_HINTS[error.kind],
  );
}

/** A signal came before the answer: the --json document says so, then one line and 130/143. */
function interrupted(
  signal: StopSignal,
  first: PreparedRequest,
  bodyCheck: ValidationResult,
  opts: SendOptions,
  out: Output,
): InterruptedError {
  if (out.json) {
    out.document({ ...noAnswerDocument(first, bodyCheck, opts), interrupted: true, signal });
  }
  return new InterruptedError(signal, `interrupted by ${signal} before an answer came`);
}

function noAnswerDocument(first: PreparedRequest, bodyCheck: ValidationResult, opts: SendOptions) {
  return {
    schemaVersion: 1,
    ok: false,
    request: { method: 'POST', url: first.url, headers: requestHeaders(), body: first.body },
    response: null,
    checks: [],
    bodyCheck,
    timing: { timeoutMs: opts.timeoutMs },
  };
}

async function sendLoad(
  opts: SendOptions,
  plan: RequestPlan,
  first: PreparedRequest,
  bodyCheck: ValidationResult,
  dispatcher: Dispatcher,
  out: Output,
  deps: SendDeps,
  interruption: Interruption,
): Promise<ExitCode> {
  const [{ startLoad }, { createProgress }, { exitCodeForLoad }] = await Promise.all([
    import('../../io/load-runner.js'),
    import('../../io/progress.js'),
    import('../../core/load-stats.js'),
  ]);
  const durationMs = opts.durationSeconds !== undefined ? opts.durationSeconds * 1000 : undefined;
  // --duration alone runs until the time is up; with --count too, whichever comes first.
  const count = durationMs !== undefined && opts.count === 1 ? undefined : opts.count;
  if (!out.json) printLoadHeader(opts, plan, first, count, out);
  const run = startLoad({
    dispatcher,
    prepare: createRequestFactory(plan),
    timeoutMs: opts.timeoutMs,
    maxAnswerBytes: opts.maxAnswerBytes,
    concurrency: opts.concurrency,
    count,
    durationMs,
    rate: opts.rate,
    ...(deps.now ? { now: deps.now } : {}),
  });
  // A signal starts nothing new; what is in flight finishes (within --timeout), then the report.
  void interruption.received.then(() => run.stop());
  const progress = await createProgress({ stream: out.stderr, count, durationMs });
  const tick = progress
    ? setInterval(
        () =>
          progress.update({
            finished: run.stats.finished,
            failures: run.stats.failures,
            elapsedMs: run.elapsedMs(),
          }),
        100,
      )
    : undefined;
  let summary: LoadSummary;
  try {
    summary = await run.done;
  } finally {
    if (tick) clearInterval(tick);
    progress?.stop();
  }
  const code = exitCodeForLoad(summary);
  const { signal } = interruption;
  if (out.json) {
    out.document(loadDocument(summary, code, signal, opts, first, bodyCheck));
  } else {
    if (signal !== undefined) {
      out.line(out.c.yellow(`interrupted by ${signal}: no new requests were started`));
    }
    printLoadSummary(summary, opts.timeoutMs, code, out);
  }
  // The signal decides the exit code: the summary above says how the finished requests went.
  if (signal !== undefined) return exitCodeForSignal(signal);
  if (code === EXIT_UNREACHABLE) {
    const kinds = Object.entries(summary.errors)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(', ');
    throw new UnreachableError(
      `none of the ${plural(summary.requests, 'request')} got an answer (${kinds})`,
      UNREACHABLE_HINTS[Object.keys(summary.errors)[0] ?? 'other'],
    );
  }
  return code;
}

function printLoadHeader(
  opts: SendOptions,
  plan: RequestPlan,
  first: PreparedRequest,
  count: number | undefined,
  out: Output,
): void {
  const { c } = out;
  out.line(`${c.bold('→ POST')} ${first.url}`);
  const amount =
    count !== undefined ? plural(count, 'request') : `requests for ${opts.durationSeconds} s`;
  const pace = opts.rate !== undefined ? `, at most ${opts.rate}/s` : '';
  const ids = typeof plan.body.GroupId === 'string' ? `, GroupId ${plan.body.GroupId}-<n>` : '';
  out.line(c.dim(`  ${amount}, ${opts.concurrency} in flight${pace}, each signed afresh${ids}`));
}

function loadDocument(
  summary: LoadSummary,
  code: number,
  signal: StopSignal | undefined,
  opts: SendOptions,
  first: PreparedRequest,
  bodyCheck: ValidationResult,
) {
  return {
    schemaVersion: 1,
    ok: code === 0 && signal === undefined,
    target: first.url,
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
    bodyCheck,
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
  if (code === 0) {
    const all =
      summary.requests === 1 ? 'the 1 answer was' : `all ${summary.requests} answers were`;
    out.line(c.green(`✔ ${all} HTTP 200 with a well-formed OK packet`));
    return;
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
  out.line(
    c.red(
      `✖ ${summary.requests - summary.accepted} of ${plural(summary.requests, 'request')} not accepted: ${why}`,
    ),
  );
}

/** -i: asks for what the flags would say, shows the equivalent command line, then sends. */
async function askInteractively(
  options: SendOptions,
  out: Output,
  deps: SendDeps,
): Promise<SendOptions> {
  if (!canPrompt(deps.stdin ?? process.stdin, out.json)) {
    if (options.url === undefined) {
      throw new UsageError(
        'missing the backend URL, and -i prompts only on a terminal without --json',
        'give the URL as the first argument',
      );
    }
    return options;
  }
  if (options.payload === '-') {
    throw new UsageError(
      '-i cannot read --payload from stdin: the terminal answers the prompts',
      'give --payload a file, or leave out -i',
    );
  }
  const prompts = await (deps.prompts ?? loadPrompts)();
  const factsOf = (body: JsonObject) => ({
    type: typeof body.Type === 'string' ? body.Type : 'Public',
    name: typeof body.Name === 'string' ? body.Name : '',
    members: Array.isArray(body.MemberList) ? body.MemberList.length : 0,
  });
  const fixtureFacts = (name: string) => factsOf(loadCallbackFixture(name));
  const fixture = options.fixture ?? DEFAULT_FIXTURE;
  // With --payload the body is the user's own: no fixture to choose, its facts are the defaults.
  const own =
    options.payload !== undefined
      ? factsOf(await readPayload(options.payload))
      : fixtureFacts(fixture);
  const answers = await askSendAnswers(
    prompts,
    {
      url: options.url,
      fixture,
      fixtures:
        options.payload !== undefined ? [] : listFixtures().filter((f) => f.kind === 'callback'),
      type: options.type ?? own.type,
      types: GROUP_TYPES,
      name: own.name,
      members: options.members ?? own.members,
      sdkAppId: options.sdkAppId,
      hasToken: options.token !== undefined,
    },
    (value) => {
      try {
        parseHttpUrl('URL', value.trim());
        return true;
      } catch (error) {
        return (error as Error).message;
      }
    },
    fixtureFacts,
  );
  const chosen = answers.fixture === fixture ? own : fixtureFacts(answers.fixture);
  const next: SendOptions = {
    ...options,
    url: parseHttpUrl('URL', answers.url),
    fixture: options.payload !== undefined ? undefined : answers.fixture,
    type: answers.type !== chosen.type ? answers.type : undefined,
    members:
      answers.members !== undefined && answers.members !== chosen.members
        ? answers.members
        : undefined,
    set:
      answers.name !== chosen.name ? [...options.set, nameAssignment(answers.name)] : options.set,
    sdkAppId: answers.sdkAppId,
    ...(answers.token !== undefined
      ? { token: answers.token, tokenSource: 'prompt' as const }
      : {}),
    interactive: false,
  };
  out.line(out.c.dim('equivalent command:'));
  out.line(maskUrlPasswords(buildSendCommandLine({ ...next, url: next.url as string })));
  if (answers.token !== undefined) {
    out.line(out.c.dim('(the token is not shown: export TIM_CALLBACK_TOKEN, or use --token-file)'));
  }
  return next;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
