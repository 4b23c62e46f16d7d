import { parseJson } from './validation.js';

/** One named check of an answer, as shown with ✔/✖ and carried in reports. */
export interface Check {
  name: string;
  ok: boolean;
  message: string;
}

export interface AnswerInput {
  status: number;
  contentType?: string | undefined;
  body: string;
  latencyMs: number;
  timeoutMs: number;
  /** Set when the body was longer than this many bytes and reading stopped there. */
  cutAtBytes?: number | undefined;
  /** The ErrorCode is a before-callback's decision: an OK with a non-zero one is no warning. */
  decides?: boolean | undefined;
}

export interface AnswerCheck {
  checks: Check[];
  warnings: string[];
  /** Every protocol check passed: a 200 with a JSON object holding all three typed fields. */
  wellFormed: boolean;
  actionStatus: 'OK' | 'FAIL' | undefined;
}

const ACTION_STATUSES = ['OK', 'FAIL'];

/**
 * Checks an answer as Tencent IM judges it (trtc.io/document/34354): HTTP 200, a JSON body,
 * ActionStatus OK/FAIL, an integer ErrorCode and a string ErrorInfo, within the timeout.
 */
export function checkAnswer(input: AnswerInput): AnswerCheck {
  const checks: Check[] = [];
  const warnings: string[] = [];
  checks.push({
    name: 'status',
    ok: input.status === 200,
    message: input.status === 200 ? 'HTTP 200' : `HTTP ${input.status}, expected 200`,
  });
  const packet =
    input.cutAtBytes === undefined
      ? bodyChecks(input.body, checks, warnings, input.decides === true)
      : cutCheck(input.cutAtBytes, checks);
  const inTime = input.latencyMs <= input.timeoutMs;
  checks.push({
    name: 'in-time',
    ok: inTime,
    message: `answered in ${formatMs(input.latencyMs)}${inTime ? '' : `, over the ${input.timeoutMs} ms timeout`}`,
  });
  if (inTime && input.latencyMs > input.timeoutMs / 2) {
    warnings.push(
      `latency ${formatMs(input.latencyMs)} is above half the ${input.timeoutMs} ms timeout`,
    );
  }
  if (input.contentType !== undefined && !/json/i.test(input.contentType)) {
    warnings.push(`Content-Type is "${input.contentType}", not JSON`);
  } else if (input.contentType === undefined) {
    warnings.push('no Content-Type header on the answer');
  }
  const wellFormed = checks.every((c) => c.ok);
  const status = packet?.ActionStatus;
  return {
    checks,
    warnings,
    wellFormed,
    actionStatus: status === 'OK' || status === 'FAIL' ? status : undefined,
  };
}

/** An answer cut at the cap is judged by its size alone: a partial body proves nothing. */
function cutCheck(cutAtBytes: number, checks: Check[]): undefined {
  checks.push({
    name: 'answer-size',
    ok: false,
    message: `answer larger than ${formatByteSize(cutAtBytes)} (--max-answer); the rest was not read`,
  });
  return undefined;
}

/** The body is a JSON object with ActionStatus, ErrorCode and ErrorInfo; returns the packet. */
function bodyChecks(
  body: string,
  checks: Check[],
  warnings: string[],
  decides: boolean,
): Record<string, unknown> | undefined {
  const parsed = parseJson(body);
  const packet =
    parsed.ok &&
    typeof parsed.value === 'object' &&
    parsed.value !== null &&
    !Array.isArray(parsed.value)
      ? (parsed.value as Record<string, unknown>)
      : undefined;
  checks.push({
    name: 'json-object',
    ok: packet !== undefined,
    message: packet
      ? 'body is a JSON object'
      : parsed.ok
        ? `body is JSON but not an object: ${preview(body)}`
        : `body is not JSON: ${preview(body)}`,
  });
  if (!packet) return undefined;
  const { ActionStatus, ErrorCode, ErrorInfo } = packet;
  checks.push({
    name: 'action-status',
    ok: typeof ActionStatus === 'string' && ACTION_STATUSES.includes(ActionStatus),
    message:
      ActionStatus === undefined
        ? 'ActionStatus is missing'
        : `ActionStatus is ${JSON.stringify(ActionStatus)}${ACTION_STATUSES.includes(ActionStatus as string) ? '' : ', expected "OK" or "FAIL"'}`,
  });
  checks.push({
    name: 'error-code',
    ok: Number.isInteger(ErrorCode),
    message:
      ErrorCode === undefined
        ? 'ErrorCode is missing'
        : Number.isInteger(ErrorCode)
          ? `ErrorCode is ${ErrorCode}`
          : `ErrorCode is ${JSON.stringify(ErrorCode)}, expected an integer`,
  });
  checks.push({
    name: 'error-info',
    ok: typeof ErrorInfo === 'string',
    message:
      ErrorInfo === undefined
        ? 'ErrorInfo is missing'
        : typeof ErrorInfo === 'string'
          ? 'ErrorInfo is a string'
          : `ErrorInfo is ${JSON.stringify(ErrorInfo)}, expected a string`,
  });
  if (ActionStatus === 'OK' && Number.isInteger(ErrorCode) && ErrorCode !== 0 && !decides) {
    warnings.push(`ActionStatus is OK but ErrorCode is ${ErrorCode} (0 is recommended)`);
  }
  return packet;
}

/** `1 MiB`, `64 KiB`, `1000 bytes`: binary multiples, as --max-answer and --max-body read them. */
export function formatByteSize(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** The extra check of an acceptance: the backend said OK. */
export function expectOk(answer: AnswerCheck): Check {
  return {
    name: 'answered-ok',
    ok: answer.actionStatus === 'OK',
    message:
      answer.actionStatus === 'OK'
        ? 'ActionStatus is OK'
        : answer.actionStatus === 'FAIL'
          ? 'ActionStatus is FAIL, expected OK'
          : 'no ActionStatus, expected OK',
  };
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty)';
  return JSON.stringify(flat.length > 60 ? `${flat.slice(0, 57)}...` : flat);
}
