import { performance } from 'node:perf_hooks';
import { Chalk } from 'chalk';
import type { Dispatcher } from 'undici';
import {
  CASE_IDS,
  type CaseRequest,
  createRunTag,
  missingRequirement,
  selectCases,
} from '../core/contract-cases.js';
import {
  type CaseResult,
  type DeliveryOutcome,
  judgeCase,
  type SuiteReport,
  skipCase,
  suiteExitCode,
  summarize,
} from '../core/contract-verdict.js';
import { EXIT_UNREACHABLE } from '../core/errors.js';
import { writeOutputFile } from '../io/files.js';
import { loadCallbackFixture } from '../io/fixtures.js';
import { createDispatcher, NetworkError, postCallback } from '../io/http-client.js';
import type { Output } from '../io/output.js';
import { renderHuman } from '../io/reporters/human.js';
import { renderJson } from '../io/reporters/json.js';
import { renderJunit } from '../io/reporters/junit.js';
import { createSuiteProgress } from '../io/suite-progress.js';

export const REPORTERS = ['human', 'json', 'junit'] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface ValidateOptions {
  /** The backend's callback URL. */
  target: string;
  sdkAppId: string | undefined;
  token: string | undefined;
  /** Tencent's own is 2000 ms (trtc.io/document/34354). */
  timeoutMs: number;
  /** Case ids from --cases; all cases when undefined. */
  caseIds: string[] | undefined;
  reporter: Reporter;
  outputFile: string | undefined;
  insecure?: boolean | undefined;
  ca?: string | undefined;
  /** Injected by tests; otherwise a proxy-aware dispatcher is made and closed here. */
  dispatcher?: Dispatcher | undefined;
  /** The clock, Unix ms. */
  now?: (() => number) | undefined;
}

/**
 * A slow answer is still read for as long again as the timeout, so the report can say how late it
 * was ("answered in 3012 ms, over the 2000 ms timeout") instead of only "no answer".
 */
const LATE_ANSWER_FACTOR = 2;

/** `validate <url>`: the live contract suite. */
export async function runValidate(options: ValidateOptions, out: Output): Promise<number> {
  const cases = selectCases(options.caseIds);
  // Fail on an unwritable --output before the run, not after it.
  if (options.outputFile !== undefined) writeOutputFile(options.outputFile, '', '--output');
  const now = options.now ?? Date.now;
  const dispatcher =
    options.dispatcher ?? createDispatcher({ insecure: options.insecure, ca: options.ca });
  const startedMs = now();
  const started = performance.now();
  const runTag = createRunTag(startedMs);
  const progress = await createSuiteProgress(cases.length, out.stderr);
  const results: CaseResult[] = [];
  try {
    for (const kase of cases) {
      progress.begin(kase.id);
      const flag = missingRequirement(kase, options);
      if (flag !== undefined) {
        results.push(skipCase(kase, flag));
        continue;
      }
      const request = kase.build({
        target: options.target,
        sdkAppId: options.sdkAppId,
        token: options.token,
        nowMs: now(),
        runTag,
        index: CASE_IDS.indexOf(kase.id),
        loadFixture: loadCallbackFixture,
      });
      const outcomes: DeliveryOutcome[] = [];
      for (let i = 0; i < request.deliveries; i++) {
        outcomes.push(await deliver(request, options.timeoutMs, dispatcher));
      }
      results.push(judgeCase(kase, outcomes, options.timeoutMs));
    }
  } finally {
    progress.stop();
    if (options.dispatcher === undefined) await dispatcher.close();
  }

  const report: SuiteReport = {
    target: displayTarget(options.target),
    startedAt: new Date(startedMs).toISOString(),
    durationMs: performance.now() - started,
    timeoutMs: options.timeoutMs,
    placeholderSdkAppId: options.sdkAppId === undefined,
    results,
    summary: summarize(results),
  };
  emitReport(report, options, out);
  const code = suiteExitCode(results);
  if (code === EXIT_UNREACHABLE) {
    const reason = firstConnectionError(results);
    out.info(
      `tim-callback: could not reach ${report.target} in any case${reason ? `: ${reason}` : ''}; check that the backend is running and the URL is right`,
    );
  }
  return code;
}

async function deliver(
  request: CaseRequest,
  timeoutMs: number,
  dispatcher: Dispatcher,
): Promise<DeliveryOutcome> {
  try {
    const answer = await postCallback({
      url: request.url,
      body: request.body,
      timeoutMs: timeoutMs * LATE_ANSWER_FACTOR,
      dispatcher,
    });
    return {
      kind: 'answer',
      status: answer.status,
      contentType: answer.contentType,
      body: answer.body,
      latencyMs: answer.latencyMs,
    };
  } catch (error) {
    if (error instanceof NetworkError) {
      return { kind: 'error', errorKind: error.kind, message: error.message };
    }
    throw error;
  }
}

/** Writes the chosen report to --output or stdout; with --output the terminal gets the human one. */
function emitReport(report: SuiteReport, options: ValidateOptions, out: Output): void {
  const render = (c: InstanceType<typeof Chalk>) =>
    options.reporter === 'json'
      ? renderJson(report)
      : options.reporter === 'junit'
        ? renderJunit(report)
        : renderHuman(report, c);
  if (options.outputFile === undefined) {
    out.raw(render(out.c));
    return;
  }
  writeOutputFile(options.outputFile, render(new Chalk({ level: 0 })), '--output');
  out.raw(renderHuman(report, out.c));
  out.info(`${options.reporter} report written to ${options.outputFile}`);
}

/** The target as shown in reports: never with credentials in it. */
export function displayTarget(target: string): string {
  const url = new URL(target);
  url.username = '';
  url.password = '';
  return url.toString();
}

function firstConnectionError(results: readonly CaseResult[]): string | undefined {
  return results.flatMap((r) => r.checks).find((c) => c.name === 'connection')?.message;
}
