import { performance } from 'node:perf_hooks';
import { Chalk } from 'chalk';
import type { Dispatcher } from 'undici';
import type { CatalogEntry } from '../../core/catalog/types.js';
import type { DeliveryOutcome, GivenFlags } from '../../core/contract-answer.js';
import {
  buildControl,
  CASE_IDS,
  type CaseRequest,
  CONTROL_INDEX_OFFSET,
  type ContractCase,
  createRunTag,
  missingRequirement,
  PLACEHOLDER_SDKAPPID,
} from '../../core/contract-cases.js';
import { suiteHints } from '../../core/contract-hints.js';
import {
  type CaseResult,
  inTimeLimit,
  interruptedCase,
  judgeCase,
  judgeProbe,
  notRunCase,
  type SuiteReport,
  skipCase,
  suiteExitCode,
  summarize,
} from '../../core/contract-verdict.js';
import { type ExitCode, exitCodeForSignal } from '../../core/exit-codes.js';
import { writeOutputFile } from '../../io/files.js';
import { loadCallbackFixture } from '../../io/fixtures.js';
import { createDispatcher, NetworkError, postCallback } from '../../io/http-client.js';
import { type Interruption, watchInterruption } from '../../io/interruption.js';
import type { Output } from '../../io/output.js';
import { annotation, renderAnnotations, renderGithub } from '../../io/reporters/github.js';
import {
  caseWidth,
  renderCase,
  renderFooter,
  renderHeader,
  renderHuman,
} from '../../io/reporters/human.js';
import { renderJson } from '../../io/reporters/json.js';
import { renderJunit } from '../../io/reporters/junit.js';
import { createSuiteProgress } from '../../io/suite-progress.js';
import { casesOf } from './cases.js';
import type { Reporter } from './command.js';

export type { Reporter };

export interface ValidateOptions {
  /** The backend's callback URL. */
  target: string;
  sdkAppId: string | undefined;
  token: string | undefined;
  /** How long the tool waits; IM's own 2000 ms budget applies to the in-time check anyway. */
  timeoutMs: number;
  /** How much of each answer body is read (--max-answer). */
  maxAnswerBytes?: number | undefined;
  /** Case ids from --cases; all cases when undefined. */
  caseIds: string[] | undefined;
  /** --command: the catalogue commands whose cases run; today's suite when undefined. */
  commands?: readonly CatalogEntry[] | undefined;
  reporter: Reporter;
  outputFile: string | undefined;
  insecure?: boolean | undefined;
  ca?: string | undefined;
  /** Injected by tests; otherwise a proxy-aware dispatcher is made and closed here. */
  dispatcher?: Dispatcher | undefined;
  /** The clock, Unix ms. */
  now?: (() => number) | undefined;
  /** Injected by tests; otherwise SIGINT/SIGTERM are watched while the suite runs. */
  interruption?: Interruption | undefined;
}

/**
 * A slow answer is still read for as long again as the in-time limit (or up to --timeout when
 * that is longer), so the report can say how late it was, not only "no answer".
 */
const LATE_ANSWER_FACTOR = 2;

const STOPPED = Symbol('stopped by a signal');

interface RunContext {
  options: ValidateOptions;
  dispatcher: Dispatcher;
  now: () => number;
  runTag: string;
  given: GivenFlags;
  interruption: Interruption;
  waitMs: number;
}

interface SuiteRun {
  results: CaseResult[];
  /** Set when the run stopped because the first case that ran could not reach the target. */
  unreachable?: string;
}

/** `validate <url>`: the live contract suite. */
export async function runValidate(options: ValidateOptions, out: Output): Promise<ExitCode> {
  const cases = await casesOf(options.commands, options.caseIds);
  // Fail on an unwritable --output before the run, not after it.
  if (options.outputFile !== undefined) writeOutputFile(options.outputFile, '', '--output');
  const now = options.now ?? Date.now;
  const dispatcher =
    options.dispatcher ?? createDispatcher({ insecure: options.insecure, ca: options.ca });
  const startedMs = now();
  const started = performance.now();
  const ctx: RunContext = {
    options,
    dispatcher,
    now,
    runTag: createRunTag(startedMs),
    given: givenFlags(options),
    interruption: options.interruption ?? watchInterruption(),
    waitMs: Math.max(options.timeoutMs, inTimeLimit(options.timeoutMs) * LATE_ANSWER_FACTOR),
  };
  const stream = createCaseStream(options, out, cases);
  const progress = await createSuiteProgress(stream ? 0 : cases.length, out.stderr);
  let run: SuiteRun;
  try {
    run = await runCases(cases, ctx, progress.begin, (r) => stream?.finished(r));
  } finally {
    progress.stop();
    if (options.interruption === undefined) ctx.interruption.dispose();
    // An interrupted run does not wait for the answer still in flight.
    if (options.dispatcher === undefined) {
      await (ctx.interruption.signal ? dispatcher.destroy() : dispatcher.close());
    }
  }
  const report: SuiteReport = {
    target: displayTarget(options.target),
    startedAt: new Date(startedMs).toISOString(),
    durationMs: performance.now() - started,
    timeoutMs: options.timeoutMs,
    placeholderSdkAppId: options.sdkAppId === undefined,
    results: run.results,
    summary: summarize(run.results),
    hints: suiteHints(run.results, ctx.given),
    interrupted: ctx.interruption.signal,
    unreachable: run.unreachable,
  };
  emitReport(report, options, out, stream);
  if (ctx.interruption.signal) return exitCodeForSignal(ctx.interruption.signal);
  return suiteExitCode(run.results);
}

function givenFlags(options: ValidateOptions): GivenFlags {
  return {
    token: options.token !== undefined,
    sdkAppId: options.sdkAppId ?? PLACEHOLDER_SDKAPPID,
    placeholderSdkAppId: options.sdkAppId === undefined,
  };
}

/**
 * Runs the cases in order. A signal stops the run at once: the case in flight and those after it
 * are marked interrupted. When the first case that runs cannot reach the target at all, the rest
 * are not run: twelve identical connection failures would say nothing more.
 */
async function runCases(
  cases: readonly ContractCase[],
  ctx: RunContext,
  begin: (id: string) => void,
  finished: (result: CaseResult) => void,
): Promise<SuiteRun> {
  const results: CaseResult[] = [];
  let reached = false;
  for (const [i, kase] of cases.entries()) {
    begin(kase.id);
    const result = ctx.interruption.signal ? STOPPED : await runCase(kase, ctx);
    if (result === STOPPED) {
      results.push(...cases.slice(i).map(interruptedCase));
      return { results };
    }
    reached ||= result.reached;
    if (!reached && result.checks.length > 0) {
      const why = result.checks.find((c) => !c.ok)?.message ?? 'no connection';
      results.push(result, ...cases.slice(i + 1).map((k) => notRunCase(k, 'the target is down')));
      return { results, unreachable: why };
    }
    results.push(result);
    finished(result);
  }
  return { results };
}

/** One case: skipped without its flag; a probe goes after its control. */
async function runCase(kase: ContractCase, ctx: RunContext): Promise<CaseResult | typeof STOPPED> {
  const flag = missingRequirement(kase, ctx.options);
  if (flag !== undefined) return skipCase(kase, flag);
  const index = CASE_IDS.indexOf(kase.id);
  if (kase.expect === 'reject') {
    const controlOf = kase.control ?? buildControl;
    const control = await send(controlOf(caseContext(ctx, index + CONTROL_INDEX_OFFSET)), ctx);
    if (control === STOPPED) return STOPPED;
    const probe = await send(kase.build(caseContext(ctx, index)), ctx);
    if (probe === STOPPED) return STOPPED;
    return judgeProbe(kase, probe, control, ctx.options.timeoutMs, ctx.given);
  }
  const request = kase.build(caseContext(ctx, index));
  const outcomes: DeliveryOutcome[] = [];
  for (let i = 0; i < request.deliveries; i++) {
    const outcome = await send(request, ctx);
    if (outcome === STOPPED) return STOPPED;
    outcomes.push(outcome);
  }
  return judgeCase(kase, outcomes, ctx.options.timeoutMs);
}

function caseContext(ctx: RunContext, index: number) {
  return {
    target: ctx.options.target,
    sdkAppId: ctx.options.sdkAppId,
    token: ctx.options.token,
    nowMs: ctx.now(),
    runTag: ctx.runTag,
    index,
    loadFixture: loadCallbackFixture,
  };
}

/** One delivery, or STOPPED as soon as a signal arrives (the request is left to the dispatcher). */
async function send(
  request: CaseRequest,
  ctx: RunContext,
): Promise<DeliveryOutcome | typeof STOPPED> {
  const delivery = deliver(request, ctx.waitMs, ctx.options.maxAnswerBytes, ctx.dispatcher);
  const stopped = ctx.interruption.received.then((): typeof STOPPED => STOPPED);
  return Promise.race([delivery, stopped]);
}

async function deliver(
  request: CaseRequest,
  waitMs: number,
  maxAnswerBytes: number | undefined,
  dispatcher: Dispatcher,
): Promise<DeliveryOutcome> {
  try {
    const answer = await postCallback({
      url: request.url,
      body: request.body,
      timeoutMs: waitMs,
      dispatcher,
      maxAnswerBytes,
    });
    return {
      kind: 'answer',
      status: answer.status,
      contentType: answer.contentType,
      body: answer.body,
      latencyMs: answer.latencyMs,
      cutAtBytes: answer.cutAtBytes,
    };
  } catch (error) {
    if (error instanceof NetworkError) {
      return { kind: 'error', errorKind: error.kind, message: error.message };
    }
    throw error;
  }
}

/** Case lines printed as cases finish: a CI log (stdout not a terminal) shows the run progress. */
interface CaseStream {
  finished(result: CaseResult): void;
  /** Prints what is held back; a target that is down holds back everything (one line says it). */
  flush(): void;
}

function createCaseStream(
  options: ValidateOptions,
  out: Output,
  cases: readonly ContractCase[],
): CaseStream | undefined {
  const humanOnStdout =
    options.outputFile !== undefined ||
    options.reporter === 'human' ||
    options.reporter === 'github';
  if (!humanOnStdout || out.isTTY) return undefined;
  const width = caseWidth(cases);
  let pending: string[] = [
    renderHeader(displayTarget(options.target), cases.length, options.timeoutMs, out.c),
  ];
  let flowing = false;
  const flush = () => {
    flowing = true;
    if (pending.length > 0) out.raw(`${pending.join('\n')}\n`);
    pending = [];
  };
  return {
    finished(result) {
      pending.push(...renderCase(result, width, out.c));
      if (flowing || result.reached) flush();
    },
    flush,
  };
}

function render(reporter: Reporter, report: SuiteReport, c: InstanceType<typeof Chalk>): string {
  if (reporter === 'json') return renderJson(report);
  if (reporter === 'junit') return renderJunit(report);
  return reporter === 'github' ? renderGithub(report, c) : renderHuman(report, c);
}

const PLAIN = new Chalk({ level: 0 });

/**
 * The report: to --output when given (the terminal then gets the human one), else to stdout.
 * A github report is the human one plus an annotation per failed or inconclusive case.
 */
function emitReport(
  report: SuiteReport,
  options: ValidateOptions,
  out: Output,
  stream: CaseStream | undefined,
): void {
  const file = options.outputFile;
  if (file !== undefined)
    writeOutputFile(file, render(options.reporter, report, PLAIN), '--output');
  const machine = options.reporter === 'json' || options.reporter === 'junit';
  if (report.unreachable !== undefined) {
    emitUnreachable(report, options, out);
  } else if (file === undefined && machine) {
    out.raw(render(options.reporter, report, out.c));
  } else {
    if (stream === undefined) out.raw(renderHuman(report, out.c));
    else {
      stream.flush();
      out.raw(renderFooter(report, out.c));
    }
    if (options.reporter === 'github')
      out.raw(
        renderAnnotations(report)
          .map((a) => `${a}\n`)
          .join(''),
      );
  }
  if (file !== undefined) out.info(`${options.reporter} report written to ${file}`);
}

/** A target that is down: one line (and the document a machine reporter promised). */
function emitUnreachable(report: SuiteReport, options: ValidateOptions, out: Output): void {
  const reason = `could not reach ${report.target}: ${report.unreachable ?? 'no connection'}`;
  const machine = options.reporter === 'json' || options.reporter === 'junit';
  if (options.outputFile === undefined && machine) out.raw(render(options.reporter, report, out.c));
  if (options.reporter === 'github') out.raw(`${annotation('tim-callback validate', reason)}\n`);
  out.info(`tim-callback: ${reason}; check that the backend is running and the URL is right`);
}

/** The target as shown in reports: never with credentials in it. */
export function displayTarget(target: string): string {
  const url = new URL(target);
  url.username = '';
  url.password = '';
  return url.toString();
}
