import { FAIL_CODES, failPacket, type Verdict } from './listen-ladder.js';
import type { CallbackDecision, ReplyTable } from './listen-reply.js';

/**
 * The listener's decision after the ladder, as pure functions: what a verdict is answered, what a
 * connection-level error is answered, and how each request is counted. The HTTP edge
 * (io/listener.ts) only reads, waits, relays and writes what these decide.
 */

export interface ListenStats {
  received: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  forwarded: number;
  backendErrors: number;
  /** Uploads the client abandoned before the body was complete. */
  aborted: number;
  /** Requests whose connection was gone before their answer could be sent (recorded as cut). */
  cut: number;
  /** Connections that sent no complete request within the header or request timeout. */
  timedOut: number;
  /** Connections that did not speak HTTP well enough to become a request. */
  malformedHttp: number;
  /** Answers the listener could not give as planned (record write failures, bugs). */
  errors: number;
}

export function createListenStats(): ListenStats {
  return {
    received: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    forwarded: 0,
    backendErrors: 0,
    aborted: 0,
    cut: 0,
    timedOut: 0,
    malformedHttp: 0,
    errors: 0,
  };
}

export interface Answer {
  status: number;
  body: string;
}

/**
 * A rejected request is answered its FAIL packet at once; an accepted one waits out --delay, then
 * gets the reply packet, or the backend's answer when it is forwarded (a body over the limit never
 * is: it was not kept).
 */
export type Decision<Target> =
  | { kind: 'reject'; answer: Answer }
  | { kind: 'reply'; answer: Answer; decision?: CallbackDecision | undefined }
  | { kind: 'forward'; to: Target; body: Buffer };

/**
 * `reply` answers every accepted callback unless `replies` (listen --reply, per command) is given:
 * then the command's own answer, or the table's fallback for a command outside the catalogue.
 */
export function decideAnswer<Target>(
  verdict: Verdict,
  reply: Answer,
  forwardTo: Target | undefined,
  body: Buffer | null,
  replies?: ReplyTable,
): Decision<Target> {
  const { rejection } = verdict;
  if (rejection !== undefined) {
    return {
      kind: 'reject',
      answer: { status: rejection.status, body: failPacket(rejection.code, rejection.reason) },
    };
  }
  if (forwardTo !== undefined && body !== null) return { kind: 'forward', to: forwardTo, body };
  if (replies === undefined) return { kind: 'reply', answer: reply };
  const choice =
    (verdict.command === undefined ? undefined : replies.byCommand.get(verdict.command)) ??
    replies.fallback;
  return { kind: 'reply', answer: choice.answer, decision: choice.decision };
}

/** What replaces the planned answer when its record line could not be written. */
export const RECORD_FAILED_ANSWER: Answer = {
  status: 500,
  body: failPacket(FAIL_CODES.recordFailed, 'the listener could not record the callback'),
};

/** What a request is answered when the listener itself failed (a bug). */
export const INTERNAL_ERROR_ANSWER: Answer = {
  status: 500,
  body: failPacket(FAIL_CODES.internal, 'internal error in the listener'),
};

/** How one handled request ended, for the statistics. */
export interface Outcome {
  cut: boolean;
  /** The listener could not answer as planned (its record line failed). */
  failed: boolean;
  rejected: boolean;
  duplicate: boolean;
  /** Present when the request was relayed; `error` when the backend could not be reached. */
  forward?: { error?: unknown } | undefined;
}

export function countOutcome(stats: ListenStats, outcome: Outcome): void {
  stats.received++;
  if (outcome.cut) stats.cut++;
  else if (outcome.failed) stats.errors++;
  else if (outcome.rejected) stats.rejected++;
  else stats.accepted++;
  if (outcome.duplicate) stats.duplicates++;
  if (outcome.forward !== undefined) {
    stats.forwarded++;
    if (outcome.forward.error !== undefined) stats.backendErrors++;
  }
}

/** A connection that never became a request: counted, and answered where HTTP still allows. */
export type ClientErrorDecision =
  | { kind: 'quiet' }
  | { kind: 'answer'; timedOut: boolean; answer: Answer };

/** From node's clientError code: a vanished peer needs no answer and is no news. */
export function decideClientError(code: string): ClientErrorDecision {
  if (code === 'ECONNRESET' || code === 'EPIPE') return { kind: 'quiet' };
  if (code === 'HPE_HEADER_OVERFLOW') {
    const body = failPacket(FAIL_CODES.headersTooLarge, 'the request headers are too large');
    return { kind: 'answer', timedOut: false, answer: { status: 431, body } };
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // Slow headers, a body that never ends, or a connection that never sent a byte.
    const body = failPacket(FAIL_CODES.requestTimeout, 'the request took too long to arrive');
    return { kind: 'answer', timedOut: true, answer: { status: 408, body } };
  }
  const body = failPacket(FAIL_CODES.malformedHttp, `malformed HTTP request (${code})`);
  return { kind: 'answer', timedOut: false, answer: { status: 400, body } };
}
