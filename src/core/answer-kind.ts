import type { AnswerCheck, Check } from './response-check.js';

/**
 * What one answer amounts to, so that each is counted once and named for what it is:
 * - accepted: a 200 with a well-formed OK packet;
 * - rejected: a refusal, that is a 401 or 403 (whatever the body) or a well-formed FAIL packet;
 * - malformed: the body breaks the packet format (not a JSON object, a field missing or mistyped);
 * - failed: every other way to miss (a well-formed packet with another status, a late answer).
 */
export type AnswerKind = 'accepted' | 'rejected' | 'malformed' | 'failed';

/** Statuses that say "you may not": the backend refused the callback. */
const REFUSAL_STATUSES: readonly number[] = [401, 403];

/** A 401 or 403: a refusal whatever the body says (send, validate and their hints agree). */
export function isRefusalStatus(status: number): boolean {
  return REFUSAL_STATUSES.includes(status);
}

/** The checks that make a packet (trtc.io/document/34354): failing one breaks the format. */
const FORMAT_CHECKS: readonly string[] = [
  // An answer cut at --max-answer: far longer than any packet, so none.
  'answer-size',
  'json-object',
  'action-status',
  'error-code',
  'error-info',
];

export function answerKind(
  status: number,
  actionStatus: 'OK' | 'FAIL' | undefined,
  failedChecks: readonly string[],
): AnswerKind {
  if (isRefusalStatus(status)) return 'rejected';
  if (failedChecks.some((name) => FORMAT_CHECKS.includes(name))) return 'malformed';
  if (actionStatus === 'FAIL') return 'rejected';
  return failedChecks.length === 0 ? 'accepted' : 'failed';
}

/** How a refusal is counted in a load summary: by its status, or as a FAIL packet. */
export function refusalLabel(status: number): string {
  if (isRefusalStatus(status)) return `HTTP ${status}`;
  return status === 200 ? 'FAIL' : `FAIL (HTTP ${status})`;
}

/**
 * The checks `send` shows for an answer it expects to be OK: the protocol checks, with a FAIL
 * packet's ActionStatus marked as the miss it is. One line per check, none said twice.
 */
export function checksExpectingOk(result: AnswerCheck): Check[] {
  return result.checks.map((check) =>
    check.name === 'action-status' && result.actionStatus === 'FAIL'
      ? { ...check, ok: false, message: 'ActionStatus is "FAIL", expected "OK"' }
      : check,
  );
}
