import { isRefusalStatus } from './answer-kind.js';
import { formatByteSize } from './response-check.js';
import { parseJson } from './validation.js';

/**
 * What a backend said, in the words reports show: its status, and its ErrorInfo or the start of
 * a body that is not a packet; and what a refusal of a valid callback most likely means.
 */

/** What one delivery of a case got back: an HTTP answer, or a network error. */
export type DeliveryOutcome =
  | {
      kind: 'answer';
      status: number;
      contentType: string | undefined;
      body: string;
      latencyMs: number;
      /** The body was longer than this and reading stopped there (--max-answer). */
      cutAtBytes?: number | undefined;
    }
  | {
      kind: 'error';
      /** refused, dns, tls, timeout, reset, other. */
      errorKind: string;
      message: string;
    };

/** What the user gave the run: the likely cause of a refusal depends on it. */
export interface GivenFlags {
  /** Whether a token was given (the callbacks were signed). */
  token: boolean;
  /** The SdkAppid that was sent. */
  sdkAppId: string;
  /** True when no --sdkappid was given and the placeholder was sent. */
  placeholderSdkAppId: boolean;
}

/** How much of a body that is not a packet is quoted in a message. */
export const BODY_PREVIEW_CHARS = 200;

/** How much of an answer's body a JSON report carries. */
export const REPORT_BODY_BYTES = 4096;

interface PacketView {
  actionStatus: string;
  errorCode: unknown;
  errorInfo: string | undefined;
}

/** The packet fields of a body, when it is a JSON object with a string ActionStatus. */
export function packetOf(body: string): PacketView | undefined {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return undefined;
  if (Array.isArray(parsed.value)) return undefined;
  const { ActionStatus, ErrorCode, ErrorInfo } = parsed.value as Record<string, unknown>;
  if (typeof ActionStatus !== 'string') return undefined;
  return {
    actionStatus: ActionStatus,
    errorCode: ErrorCode,
    errorInfo: typeof ErrorInfo === 'string' ? ErrorInfo : undefined,
  };
}

/** The first characters of a body, on one line, quoted; "…" marks a cut. */
export function previewBody(body: string, chars = BODY_PREVIEW_CHARS): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const head = [...flat].slice(0, chars).join('');
  return `${JSON.stringify(head)}${head.length < flat.length ? '…' : ''}`;
}

/** `HTTP 200, FAIL (ErrorCode 1): "invalid sdk appId"`, `HTTP 404, body "Not Found"`, or the error. */
export function describeOutcome(outcome: DeliveryOutcome): string {
  if (outcome.kind === 'error') return `no answer: ${outcome.message}`;
  const head = `HTTP ${outcome.status}`;
  if (outcome.cutAtBytes !== undefined) {
    return `${head}, answer larger than ${formatByteSize(outcome.cutAtBytes)} (--max-answer)`;
  }
  const packet = packetOf(outcome.body);
  if (packet !== undefined) {
    const code = packet.errorCode === undefined ? '' : ` (ErrorCode ${String(packet.errorCode)})`;
    const info = packet.errorInfo ? `: ${JSON.stringify(packet.errorInfo)}` : '';
    return `${head}, ${packet.actionStatus}${code}${info}`;
  }
  if (outcome.body.trim() === '') return `${head}, empty body`;
  return `${head}, body ${previewBody(outcome.body)}`;
}

/** An answer as JSON reports carry it: the body cut at REPORT_BODY_BYTES of UTF-8. */
export function reportAnswer(
  outcome: DeliveryOutcome | null,
): { status: number; body: string; truncated: boolean } | null {
  if (outcome === null || outcome.kind === 'error') return null;
  const body = cutUtf8(outcome.body, REPORT_BODY_BYTES);
  return { status: outcome.status, body, truncated: body.length < outcome.body.length };
}

/** The longest prefix of text whose UTF-8 form fits in maxBytes, never splitting a character. */
export function cutUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** Whether a valid callback was taken: a 200 with ActionStatus OK. Anything else refuses it. */
export function isAccepted(outcome: DeliveryOutcome): boolean {
  return (
    outcome.kind === 'answer' &&
    outcome.status === 200 &&
    // The first bytes of an answer cut at --max-answer may parse; they are not the answer.
    outcome.cutAtBytes === undefined &&
    packetOf(outcome.body)?.actionStatus === 'OK'
  );
}

// "invalid sdk appId", "SdkAppid is not ours", "unknown app", "wrong application".
const MENTIONS_APP = /app\s*id|\bapp(lication)?\b/i;

function mentionsApp(outcome: DeliveryOutcome): boolean {
  if (outcome.kind === 'error') return false;
  const packet = packetOf(outcome.body);
  const words = packet ? (packet.errorInfo ?? '') : outcome.body.slice(0, BODY_PREVIEW_CHARS);
  return MENTIONS_APP.test(words);
}

/**
 * Why a probe of a before-callback proves nothing when its control was denied: the backend took
 * the valid callback and said no, so its refusal of the probe need not be about the forgery.
 */
export const DENIED_CAUSE =
  'a probe proves something only if the valid callback sent just before it is allowed (ErrorCode 0)';

/**
 * The likely reason a backend refused a valid callback, from its answer and from what was given.
 * A refusal of an unsigned callback means the backend checks Sign; of a signed one, a wrong token.
 */
export function likelyCause(outcome: DeliveryOutcome, given: GivenFlags): string {
  if (outcome.kind === 'error') {
    return 'the backend did not answer it: check that it is running and answers within 2 s';
  }
  if (outcome.status === 404) return 'check the path of the URL';
  if (mentionsApp(outcome)) {
    return given.placeholderSdkAppId
      ? `pass --sdkappid (none was given, so the placeholder ${given.sdkAppId} was sent)`
      : `check --sdkappid (${given.sdkAppId} was sent)`;
  }
  const refusal =
    isRefusalStatus(outcome.status) ||
    (outcome.status === 200 && packetOf(outcome.body)?.actionStatus === 'FAIL');
  if (refusal && !given.token) return 'the backend checks Sign: pass --token';
  if (refusal) return 'check the token: it must be the one the backend is configured with';
  return 'the backend fails valid callbacks too';
}
