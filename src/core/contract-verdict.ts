import type { ContractCase } from './contract-cases.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNREACHABLE } from './errors.js';
import { type Check, checkAnswer, expectOk } from './response-check.js';

/** What one delivery of a case got back: an HTTP answer, or a network error. */
export type DeliveryOutcome =
  | {
      kind: 'answer';
      status: number;
      contentType: string | undefined;
      body: string;
      latencyMs: number;
    }
  | {
      kind: 'error';
      /** refused, dns, tls, timeout, reset, other. */
      errorKind: string;
      message: string;
    };

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  id: string;
  description: string;
  expect: ContractCase['expect'];
  status: CaseStatus;
  /** The slowest answer of the case; null when nothing answered or the case was skipped. */
  latencyMs: number | null;
  checks: Check[];
  warnings: string[];
  /** The flag that would enable a skipped case. */
  skipReason?: string;
  /** Whether any delivery reached the backend (an answer, or a connection that then timed out). */
  reached: boolean;
}

export interface SuiteSummary {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
}

// A timeout or a reset means a connection was made: the backend is there, only slow or broken.
const REACHED_ERROR_KINDS = ['timeout', 'reset'];

export function skipCase(kase: ContractCase, flag: string): CaseResult {
  return {
    id: kase.id,
    description: kase.description,
    expect: kase.expect,
    status: 'skipped',
    latencyMs: null,
    checks: [],
    warnings: [],
    skipReason: `needs ${flag}`,
    reached: false,
  };
}

function errorCheck(
  outcome: Extract<DeliveryOutcome, { kind: 'error' }>,
  timeoutMs: number,
): Check {
  if (outcome.errorKind === 'timeout') {
    // Tencent gives up after 2 seconds: trtc.io/document/34354.
    return {
      name: 'in-time',
      ok: false,
      message: `${outcome.message} (Tencent IM gives up after ${timeoutMs} ms)`,
    };
  }
  return { name: 'connection', ok: false, message: `${outcome.message} (${outcome.errorKind})` };
}

/** An acceptance: the answer must be a well-formed 200 OK in time. */
function judgeAcceptance(
  outcome: DeliveryOutcome,
  timeoutMs: number,
): { checks: Check[]; warnings: string[] } {
  if (outcome.kind === 'error') return { checks: [errorCheck(outcome, timeoutMs)], warnings: [] };
  const answer = checkAnswer({ ...outcome, timeoutMs });
  return { checks: [...answer.checks, expectOk(answer)], warnings: answer.warnings };
}

/**
 * A rejection: any non-200, or a 200 carrying a well-formed FAIL packet. A 200 OK means the
 * backend can be fooled; a malformed 200 is no clear rejection either.
 */
function judgeRejection(
  kase: ContractCase,
  outcome: DeliveryOutcome,
  timeoutMs: number,
): { checks: Check[]; warnings: string[] } {
  if (outcome.kind === 'error') return { checks: [errorCheck(outcome, timeoutMs)], warnings: [] };
  const answer = checkAnswer({ ...outcome, timeoutMs });
  const inTime = answer.checks.filter((c) => c.name === 'in-time');
  if (outcome.status !== 200) {
    return {
      checks: [
        { name: 'rejected', ok: true, message: `rejected with HTTP ${outcome.status}` },
        ...inTime,
      ],
      warnings: [],
    };
  }
  const accepted = kase.accepted ?? 'a callback it should reject';
  let rejected: Check;
  if (answer.wellFormed && answer.actionStatus === 'FAIL') {
    rejected = { name: 'rejected', ok: true, message: 'rejected with a FAIL packet' };
  } else if (answer.wellFormed) {
    rejected = { name: 'rejected', ok: false, message: `accepted ${accepted}: answered 200 OK` };
  } else {
    rejected = {
      name: 'rejected',
      ok: false,
      message: `answered 200 without a well-formed FAIL packet to ${accepted}`,
    };
  }
  return { checks: [...answer.checks, rejected], warnings: answer.warnings };
}

const ORDINALS = ['first', 'second', 'third'];

/** Judges every delivery of a case; checks of a repeated delivery are named after it. */
export function judgeCase(
  kase: ContractCase,
  outcomes: readonly DeliveryOutcome[],
  timeoutMs: number,
): CaseResult {
  const checks: Check[] = [];
  const warnings: string[] = [];
  outcomes.forEach((outcome, i) => {
    const judged =
      kase.expect === 'accept'
        ? judgeAcceptance(outcome, timeoutMs)
        : judgeRejection(kase, outcome, timeoutMs);
    const ordinal = ORDINALS[i] ?? `delivery-${i + 1}`;
    for (const check of judged.checks) {
      checks.push(
        i === 0
          ? check
          : {
              name: `${ordinal}-delivery-${check.name}`,
              ok: check.ok,
              message: `${ordinal} delivery: ${check.message}`,
            },
      );
    }
    for (const warning of judged.warnings) {
      warnings.push(i === 0 ? warning : `${ordinal} delivery: ${warning}`);
    }
  });
  const latencies = outcomes.flatMap((o) => (o.kind === 'answer' ? [o.latencyMs] : []));
  return {
    id: kase.id,
    description: kase.description,
    expect: kase.expect,
    status: checks.length > 0 && checks.every((c) => c.ok) ? 'passed' : 'failed',
    latencyMs: latencies.length > 0 ? Math.max(...latencies) : null,
    checks,
    warnings: [...new Set(warnings)],
    reached: outcomes.some((o) => o.kind === 'answer' || REACHED_ERROR_KINDS.includes(o.errorKind)),
  };
}

export function summarize(results: readonly CaseResult[]): SuiteSummary {
  const count = (status: CaseStatus) => results.filter((r) => r.status === status).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    skipped: count('skipped'),
    total: results.length,
  };
}

/** True when cases ran and none of them reached the backend at all. */
export function isUnreachable(results: readonly CaseResult[]): boolean {
  const ran = results.filter((r) => r.status !== 'skipped');
  return ran.length > 0 && ran.every((r) => !r.reached);
}

/** 0 all passed (skips allowed), 1 any failed, 3 the target was reached by no case. */
export function suiteExitCode(results: readonly CaseResult[]): number {
  if (isUnreachable(results)) return EXIT_UNREACHABLE;
  return results.some((r) => r.status === 'failed') ? EXIT_CHECK_FAILED : EXIT_OK;
}

/** Everything a reporter needs about one run of the suite. */
export interface SuiteReport {
  /** The backend URL as given, without any credentials. */
  target: string;
  /** ISO time the run started. */
  startedAt: string;
  durationMs: number;
  timeoutMs: number;
  /** True when no --sdkappid was given and the placeholder SdkAppid was sent. */
  placeholderSdkAppId: boolean;
  results: CaseResult[];
  summary: SuiteSummary;
}
