import { isRefusalStatus } from './answer-kind.js';
import {
  DENIED_CAUSE,
  type DeliveryOutcome,
  describeOutcome,
  type GivenFlags,
  isAccepted,
  likelyCause,
} from './contract-answer.js';
import type { CaseDecision, ContractCase } from './contract-cases.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNREACHABLE, type ExitCode } from './exit-codes.js';
import { type Check, checkAnswer, expectOk, formatMs } from './response-check.js';
import { parseJson } from './validation.js';

export type { DeliveryOutcome } from './contract-answer.js';

/**
 * Tencent IM gives up on an answer after 2 seconds (trtc.io/document/34354), whatever the tool
 * waits: an answer slower than this fails the in-time check even with a longer --timeout.
 */
export const IM_BUDGET_MS = 2000;

export type CaseStatus = 'passed' | 'failed' | 'inconclusive' | 'skipped' | 'interrupted';

export interface CaseResult {
  id: string;
  /** The CallbackCommand of a case of `--command`; absent in the default suite. */
  command?: string;
  description: string;
  expect: ContractCase['expect'];
  status: CaseStatus;
  /** The slowest answer of the case; null when nothing answered or the case did not run. */
  latencyMs: number | null;
  checks: Check[];
  warnings: string[];
  /** Why a skipped case did not run (the flag that would enable it). */
  skipReason?: string;
  /** Whether any delivery reached the backend (an answer, or a connection that then timed out). */
  reached: boolean;
  /** What came back: the first delivery that broke a check, else the first; null if none ran. */
  reply: DeliveryOutcome | null;
  /** For a probe: what the valid control callback sent just before it got. */
  control?: DeliveryOutcome;
  /**
   * For a probe of a before-callback whose control was answered OK but not allowed: `denied`
   * (deny, a custom rejection code) or `did not allow` (a code the command does not take).
   */
  controlDenied?: 'denied' | 'did not allow';
}

export interface SuiteSummary {
  passed: number;
  failed: number;
  inconclusive: number;
  skipped: number;
  interrupted: number;
  total: number;
}

// A timeout or a reset means a connection was made: the backend is there, only slow or broken.
const REACHED_ERROR_KINDS = ['timeout', 'reset'];

/** Whether an outcome shows the backend is there (it answered, or a connection was made). */
export function reachedBackend(outcome: DeliveryOutcome): boolean {
  return outcome.kind === 'answer' || REACHED_ERROR_KINDS.includes(outcome.errorKind);
}

function commandOf(kase: ContractCase): { command?: string } {
  return kase.decision === undefined ? {} : { command: kase.decision.command };
}

function notRun(kase: ContractCase, status: 'skipped' | 'interrupted', reason?: string) {
  const result: CaseResult = {
    id: kase.id,
    ...commandOf(kase),
    description: kase.description,
    expect: kase.expect,
    status,
    latencyMs: null,
    checks: [],
    warnings: [],
    reached: false,
    reply: null,
  };
  if (reason !== undefined) result.skipReason = reason;
  return result;
}

export function skipCase(kase: ContractCase, flag: string): CaseResult {
  return notRun(kase, 'skipped', `needs ${flag}`);
}

/** A case that did not run because the run stopped (the target was down). */
export function notRunCase(kase: ContractCase, reason: string): CaseResult {
  return notRun(kase, 'skipped', `not run: ${reason}`);
}

/** A case cut short, or never started, by SIGINT/SIGTERM. */
export function interruptedCase(kase: ContractCase): CaseResult {
  return notRun(kase, 'interrupted');
}

/** The in-time limit: --timeout when stricter, otherwise IM's own budget. */
export function inTimeLimit(timeoutMs: number): number {
  return Math.min(timeoutMs, IM_BUDGET_MS);
}

function inTimeCheck(latencyMs: number, timeoutMs: number): Check {
  const limit = inTimeLimit(timeoutMs);
  const ok = latencyMs <= limit;
  const over =
    limit === IM_BUDGET_MS
      ? `, over IM's ${IM_BUDGET_MS} ms budget (Tencent IM gives up after 2 s)`
      : `, over the ${limit} ms timeout`;
  return { name: 'in-time', ok, message: `answered in ${formatMs(latencyMs)}${ok ? '' : over}` };
}

function errorCheck(
  outcome: Extract<DeliveryOutcome, { kind: 'error' }>,
  timeoutMs: number,
): Check {
  if (outcome.errorKind === 'timeout') {
    const limit = inTimeLimit(timeoutMs);
    const why =
      limit === IM_BUDGET_MS
        ? `Tencent IM gives up after ${IM_BUDGET_MS} ms`
        : `the limit is the ${limit} ms timeout`;
    return { name: 'in-time', ok: false, message: `${outcome.message} (${why})` };
  }
  return { name: 'connection', ok: false, message: `${outcome.message} (${outcome.errorKind})` };
}

type Judged = { checks: Check[]; warnings: string[] };

/** The protocol checks of an answer, with IM's budget for in-time. */
function protocolChecks(
  outcome: Extract<DeliveryOutcome, { kind: 'answer' }>,
  timeoutMs: number,
  decision?: CaseDecision,
) {
  const decides = decision?.phase === 'before';
  const answer = checkAnswer({ ...outcome, timeoutMs: inTimeLimit(timeoutMs), decides });
  const inTime = inTimeCheck(outcome.latencyMs, timeoutMs);
  return {
    ...answer,
    checks: answer.checks.map((c) => (c.name === 'in-time' ? inTime : c)),
    inTime,
  };
}

/**
 * An acceptance: the answer must be a well-formed 200 OK in time. A non-200 is one verdict (the
 * status), not also a list of packet checks: IM treats any non-200 as a failure, whatever its body.
 */
function judgeAcceptance(
  outcome: DeliveryOutcome,
  timeoutMs: number,
  decision?: CaseDecision,
): Judged {
  if (outcome.kind === 'error') return { checks: [errorCheck(outcome, timeoutMs)], warnings: [] };
  const answer = protocolChecks(outcome, timeoutMs, decision);
  if (outcome.status !== 200) {
    const message = `${isRefusalStatus(outcome.status) ? 'rejected: ' : ''}HTTP ${outcome.status}, expected 200`;
    return { checks: [{ name: 'status', ok: false, message }, answer.inTime], warnings: [] };
  }
  const ok = expectOk(answer);
  if (answer.actionStatus === 'FAIL') ok.message = 'rejected with a FAIL packet, expected OK';
  const judged = { checks: [...answer.checks, ok], warnings: answer.warnings };
  if (decision === undefined || !answer.wellFormed || answer.actionStatus !== 'OK') return judged;
  const verdict = judgeDecision(decision, outcome.body);
  return {
    checks: [...judged.checks, ...verdict.checks],
    warnings: [...judged.warnings, ...verdict.warnings],
  };
}

/**
 * The decision check of a well-formed OK answer (DESIGN.md, "validate"): for a before-callback,
 * an ErrorCode the command takes and well-formed MsgBody, RefusedMembers_Account or ResultItem,
 * each problem its own check; for any command, a warning for answer fields it ignores.
 */
function judgeDecision(decision: CaseDecision, body: string): Judged {
  const parsed = parseJson(body);
  const packet = parsed.ok ? parsed.value : undefined;
  const { problems, warnings } = decision.check(packet);
  if (decision.phase !== 'before') return { checks: [], warnings };
  if (problems.length > 0) {
    return {
      checks: problems.map((message) => ({ name: 'decision', ok: false, message })),
      warnings,
    };
  }
  const code = (packet as { ErrorCode: number }).ErrorCode;
  const meaning = decision.meaning(code);
  const message = `ErrorCode ${code}${meaning === undefined ? '' : ` (${meaning})`}`;
  return { checks: [{ name: 'decision', ok: true, message }], warnings };
}

/** The ErrorCode of a well-formed OK answer that refuses a before-callback (deny, a custom code). */
export function deniedCode(
  outcome: DeliveryOutcome,
  decision: CaseDecision | undefined,
): number | undefined {
  if (decision === undefined || !isAccepted(outcome) || outcome.kind !== 'answer') return undefined;
  const parsed = parseJson(outcome.body);
  const code = parsed.ok ? (parsed.value as { ErrorCode?: unknown }).ErrorCode : undefined;
  return Number.isInteger(code) && decision.refuses(code as number) ? (code as number) : undefined;
}

/** `denied (ErrorCode 1: deny)`, or for a code the command does not take `not allowed (ErrorCode 3)`. */
function deniedWords(code: number, decision: CaseDecision | undefined): string {
  const meaning = decision?.meaning(code);
  if (meaning === undefined) return `not allowed (ErrorCode ${code})`;
  return `denied (ErrorCode ${code}: ${meaning.split(':')[0]})`;
}

function deniedVerb(code: number, decision: CaseDecision | undefined): 'denied' | 'did not allow' {
  return decision?.meaning(code) === undefined ? 'did not allow' : 'denied';
}

/**
 * A rejection: any non-200, or a 200 carrying a well-formed FAIL packet. A 200 OK means the
 * backend can be fooled; a malformed 200 is no clear rejection either.
 */
function judgeRejection(kase: ContractCase, outcome: DeliveryOutcome, timeoutMs: number): Judged {
  if (outcome.kind === 'error') return { checks: [errorCheck(outcome, timeoutMs)], warnings: [] };
  const answer = protocolChecks(outcome, timeoutMs, kase.decision);
  if (outcome.status !== 200) {
    const rejected = { name: 'rejected', ok: true, message: `rejected: HTTP ${outcome.status}` };
    return { checks: [rejected, answer.inTime], warnings: [] };
  }
  const accepted = kase.accepted ?? 'a callback it should reject';
  const denied = deniedCode(outcome, kase.decision);
  let rejected: Check;
  if (answer.wellFormed && answer.actionStatus === 'FAIL') {
    rejected = { name: 'rejected', ok: true, message: 'rejected with a FAIL packet' };
  } else if (denied !== undefined) {
    rejected = {
      name: 'rejected',
      ok: true,
      message: `rejected: ${deniedWords(denied, kase.decision)}`,
    };
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

/** Checks of a repeated delivery are named after it: `second-delivery-answered-ok`. */
function nameDelivery(check: Check, i: number): Check {
  if (i === 0) return check;
  const ordinal = ORDINALS[i] ?? `delivery-${i + 1}`;
  return {
    name: `${ordinal}-delivery-${check.name}`,
    ok: check.ok,
    message: `${ordinal} delivery: ${check.message}`,
  };
}

/** Judges every delivery of a case; `timeoutMs` is --timeout (IM's 2 s budget applies anyway). */
export function judgeCase(
  kase: ContractCase,
  outcomes: readonly DeliveryOutcome[],
  timeoutMs: number,
): CaseResult {
  const checks: Check[] = [];
  const warnings: string[] = [];
  let reply: DeliveryOutcome | null = null;
  outcomes.forEach((outcome, i) => {
    const judged =
      kase.expect === 'accept'
        ? judgeAcceptance(outcome, timeoutMs, kase.decision)
        : judgeRejection(kase, outcome, timeoutMs);
    if (reply === null || (judged.checks.some((c) => !c.ok) && checks.every((c) => c.ok))) {
      reply = outcome;
    }
    checks.push(...judged.checks.map((check) => nameDelivery(check, i)));
    const ordinal = ORDINALS[i] ?? `delivery-${i + 1}`;
    warnings.push(...judged.warnings.map((w) => (i === 0 ? w : `${ordinal} delivery: ${w}`)));
  });
  const latencies = outcomes.flatMap((o) => (o.kind === 'answer' ? [o.latencyMs] : []));
  return {
    id: kase.id,
    ...commandOf(kase),
    description: kase.description,
    expect: kase.expect,
    status: checks.length > 0 && checks.every((c) => c.ok) ? 'passed' : 'failed',
    latencyMs: latencies.length > 0 ? Math.max(...latencies) : null,
    checks,
    warnings: [...new Set(warnings)],
    reached: outcomes.some(reachedBackend),
    reply,
  };
}

/**
 * A probe with its control (DESIGN.md, "Trustworthy verdicts"): a refusal proves something only
 * if the valid callback sent just before, to the same URL with the same SdkAppid and token, was
 * accepted. When the backend refused that too, the probe is inconclusive.
 */
export function judgeProbe(
  kase: ContractCase,
  probe: DeliveryOutcome,
  control: DeliveryOutcome,
  timeoutMs: number,
  given: GivenFlags,
): CaseResult {
  const result = judgeCase(kase, [probe], timeoutMs);
  result.control = control;
  result.reached ||= reachedBackend(control);
  const refusedProbe = result.checks.some((c) => c.name === 'rejected' && c.ok);
  const denied = deniedCode(control, kase.decision);
  if (isAccepted(control) && denied === undefined) {
    result.checks.unshift({
      name: 'control',
      ok: true,
      message: 'a valid callback sent just before was accepted',
    });
    return result;
  }
  let message: string;
  if (denied === undefined) {
    const what = `a valid callback sent just before was refused${refusedProbe ? ' too' : ''} (${describeOutcome(control)})`;
    message = refusedProbe ? `inconclusive: ${what}; ${likelyCause(control, given)}` : what;
  } else {
    result.controlDenied = deniedVerb(denied, kase.decision);
    const what = `the backend ${result.controlDenied} a valid callback sent just before (${describeOutcome(control)})`;
    message = refusedProbe ? `inconclusive: ${what}; ${DENIED_CAUSE}` : what;
  }
  result.checks.unshift({ name: 'control', ok: false, message });
  if (refusedProbe) result.status = 'inconclusive';
  return result;
}

export function summarize(results: readonly CaseResult[]): SuiteSummary {
  const count = (status: CaseStatus) => results.filter((r) => r.status === status).length;
  return {
    passed: count('passed'),
    failed: count('failed'),
    inconclusive: count('inconclusive'),
    skipped: count('skipped'),
    interrupted: count('interrupted'),
    total: results.length,
  };
}

/** True when cases ran and none of them reached the backend at all. */
export function isUnreachable(results: readonly CaseResult[]): boolean {
  const ran = results.filter((r) => r.checks.length > 0);
  return ran.length > 0 && ran.every((r) => !r.reached);
}

/**
 * 0 all passed (skips allowed), 1 any failed or inconclusive (a probe that proves nothing never
 * passes a run), 3 the target was reached by no case.
 */
export function suiteExitCode(results: readonly CaseResult[]): ExitCode {
  if (isUnreachable(results)) return EXIT_UNREACHABLE;
  const bad = results.some((r) => r.status === 'failed' || r.status === 'inconclusive');
  return bad ? EXIT_CHECK_FAILED : EXIT_OK;
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
  /** Likely causes worked out from the pattern of answers (contract-hints.ts). */
  hints: string[];
  /** The signal that stopped the run, if one did. */
  interrupted?: string | undefined;
  /** Why the run stopped early because the target could not be reached. */
  unreachable?: string | undefined;
}
