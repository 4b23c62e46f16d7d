import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { FAIL_CODES, failPacket, HOP_HEADER } from '../core/listen-ladder.js';
import type { RecordLine } from '../core/record.js';
import { maskUrlPasswords } from '../core/redact.js';
import { type AnswerCheck, checkAnswer, formatByteSize } from '../core/response-check.js';
import { type HttpAnswer, JSON_CONTENT_TYPE, NetworkError, postCallback } from './http-client.js';

export interface ForwardOptions {
  /** The real backend; the request's own query string is appended to it unchanged. */
  url: string;
  timeoutMs: number;
  dispatcher: Dispatcher;
  /** How much of the backend's answer is read (--max-answer); the default cap when not given. */
  maxAnswerBytes?: number | undefined;
}

/** What the backend made of one relayed callback. */
export interface ForwardOutcome {
  url: string;
  latencyMs: number;
  answer?: HttpAnswer;
  /** The backend's answer checked as IM checks it, as `validate` does. */
  check?: AnswerCheck;
  error?: NetworkError;
  /** The same, as it goes into the record line. */
  record: NonNullable<RecordLine['forward']>;
}

/**
 * Relays a callback to the backend: the body bytes and the query string go on unchanged, with the
 * hop header (HOP_HEADER) naming the listeners it went through, so that a loop is recognised.
 */
export async function relay(
  forward: ForwardOptions,
  body: Buffer,
  search: string,
  sent: { contentType: string | undefined; hop: string },
): Promise<ForwardOutcome> {
  const url =
    search === ''
      ? forward.url
      : `${forward.url}${forward.url.includes('?') ? '&' : '?'}${search.slice(1)}`;
  const started = performance.now();
  try {
    const answer = await postCallback({
      url,
      body,
      timeoutMs: forward.timeoutMs,
      dispatcher: forward.dispatcher,
      maxAnswerBytes: forward.maxAnswerBytes,
      headers: {
        [HOP_HEADER]: sent.hop,
        ...(sent.contentType !== undefined ? { 'content-type': sent.contentType } : {}),
      },
    });
    const check = checkAnswer({
      status: answer.status,
      contentType: answer.contentType,
      body: answer.body,
      latencyMs: answer.latencyMs,
      timeoutMs: forward.timeoutMs,
      cutAtBytes: answer.cutAtBytes,
    });
    return withRecord({ url, latencyMs: answer.latencyMs, answer, check });
  } catch (error) {
    if (error instanceof NetworkError) {
      return withRecord({ url, latencyMs: performance.now() - started, error });
    }
    throw error;
  }
}

/**
 * What the caller gets: the backend's own answer, or a 502 FAIL packet when there is none to pass
 * on (no answer, or one cut at --max-answer: its first bytes are not the backend's answer).
 */
export function answerForCaller(outcome: ForwardOutcome): {
  status: number;
  body: string;
  contentType: string | undefined;
} {
  const { answer, error } = outcome;
  if (answer !== undefined && answer.cutAtBytes === undefined) return answer;
  const packet =
    answer?.cutAtBytes !== undefined
      ? failPacket(
          FAIL_CODES.backendTooLarge,
          `the backend's answer is larger than ${formatByteSize(answer.cutAtBytes)} (--max-answer)`,
        )
      : failPacket(
          error?.kind === 'timeout' ? FAIL_CODES.backendTimeout : FAIL_CODES.backendUnreachable,
          `the backend did not answer: ${error?.message ?? 'unknown error'}`,
        );
  return { status: 502, body: packet, contentType: JSON_CONTENT_TYPE };
}

function withRecord(sent: Omit<ForwardOutcome, 'record'>): ForwardOutcome {
  // Shown and recorded with any password masked; the request itself went to the real URL.
  const outcome = { ...sent, url: maskUrlPasswords(sent.url) };
  const record: ForwardOutcome['record'] = {
    url: outcome.url,
    latencyMs: Math.round(outcome.latencyMs * 1000) / 1000,
  };
  if (outcome.answer !== undefined) record.status = outcome.answer.status;
  if (outcome.error !== undefined) record.error = outcome.error.message;
  if (outcome.check !== undefined) {
    record.checks = outcome.check.checks;
    if (outcome.check.warnings.length > 0) record.warnings = outcome.check.warnings;
  }
  return { ...outcome, record };
}
