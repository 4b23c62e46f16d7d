import type { RecordLine } from '../record.js';
import type { Check } from '../response-check.js';

/**
 * What the inspector page (`listen --ui`) shows of one request: a row for the live list, and the
 * checks of its detail view. Pure: every input is a record line and what the listener decided.
 */

/** How a request ended, as the list colours and counts it. */
export type RowVerdict = 'accepted' | 'invalid' | 'rejected' | 'failed';

export const ROW_VERDICTS: readonly RowVerdict[] = ['accepted', 'invalid', 'rejected', 'failed'];

/** One line of the live list. Sent to the page as JSON; holds nothing of the token. */
export interface Row {
  /** The inspector's own number for the request: higher is newer. */
  seq: number;
  /** The record line's id. */
  id: string;
  receivedAt: string;
  method: string;
  path: string;
  command: string | null;
  alias: string | null;
  summary: string;
  verdict: RowVerdict;
  status: number;
  durationMs: number;
  duplicate: boolean;
  /** Where its record line starts in the --record file, when it is there. */
  at: number | null;
  /** Read from the --record file at start, not received by this run. */
  earlier: boolean;
}

export type VerdictCounts = Record<RowVerdict, number>;

export function emptyCounts(): VerdictCounts {
  return { accepted: 0, invalid: 0, rejected: 0, failed: 0 };
}

/**
 * The verdict of a request: refused by a check; failed (no answer, the record could not be
 * written, or the backend's answer is not one IM would accept); accepted with schema problems
 * shown; or accepted.
 */
export function verdictOf(line: RecordLine): RowVerdict {
  if (line.cut === true) return 'failed';
  if (line.accepted === false) return 'rejected';
  const forward = line.forward;
  if (forward !== undefined && (forward.error !== undefined || !forwardWellFormed(forward))) {
    return 'failed';
  }
  if (line.response.status >= 500) return 'failed';
  if (line.checks.schema === 'invalid') return 'invalid';
  return 'accepted';
}

function forwardWellFormed(forward: NonNullable<RecordLine['forward']>): boolean {
  return forward.checks?.every((check) => check.ok) === true;
}

/** The CallbackCommand of a record line: the query's, else the body's (as the listener takes it). */
export function commandOfLine(line: RecordLine, body: unknown): string | undefined {
  const fromQuery = line.query.CallbackCommand;
  if (fromQuery !== undefined && fromQuery !== '') return fromQuery;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const command = (body as Record<string, unknown>).CallbackCommand;
    if (typeof command === 'string') return command;
  }
  return undefined;
}

/** The body of a record line as JSON, when it is one (a line cut or in base64 is not). */
export function parseLineBody(line: RecordLine): unknown {
  if (line.bodyEncoding === 'base64' || line.bodyTruncated === true || line.body === '') {
    return undefined;
  }
  try {
    return JSON.parse(line.body);
  } catch {
    return undefined;
  }
}

const SIGN_STATES: Record<string, string> = {
  bad: 'Sign does not match the token',
  missing: 'Sign or RequestTime is missing from the query string',
  stale: 'RequestTime is older than the tolerance',
  future: 'RequestTime is ahead of the tolerance',
};

/** The ErrorInfo of a FAIL packet the listener answered, which names why it refused. */
function refusalReason(line: RecordLine): string | undefined {
  try {
    const packet = JSON.parse(line.response.body) as {
      ActionStatus?: unknown;
      ErrorInfo?: unknown;
    };
    if (packet.ActionStatus === 'FAIL' && typeof packet.ErrorInfo === 'string') {
      return packet.ErrorInfo;
    }
  } catch {
    // Not a packet: nothing to add.
  }
  return undefined;
}

/**
 * The checks of a request read back from its record line (an earlier run's: the reasons the
 * listener showed then are not in the file). A refused check takes the refusal's own words.
 */
export function checksOfLine(line: RecordLine): Check[] {
  const checks: Check[] = [];
  const reason = line.accepted === false ? refusalReason(line) : undefined;
  const { sdkAppId, sign, schema, problems } = line.checks;
  if (sdkAppId === 'ok') checks.push({ name: 'sdkappid', ok: true, message: 'SdkAppid ok' });
  else if (sdkAppId !== 'unchecked') {
    checks.push({ name: 'sdkappid', ok: false, message: reason ?? `SdkAppid ${sdkAppId}` });
  }
  if (sign === 'ok') checks.push({ name: 'sign', ok: true, message: 'Sign ok' });
  else if (sign !== 'unchecked') {
    const message = sdkAppId === 'ok' || sdkAppId === 'unchecked' ? reason : undefined;
    checks.push({ name: 'sign', ok: false, message: message ?? SIGN_STATES[sign] ?? sign });
  }
  if (schema === 'ok') checks.push({ name: 'schema', ok: true, message: 'schema ok' });
  for (const problem of problems) {
    checks.push({ name: schema === 'invalid' ? 'schema' : 'json', ok: false, message: problem });
  }
  if (checks.length === 0 && reason !== undefined) {
    checks.push({ name: 'request', ok: false, message: reason });
  }
  return checks;
}

export interface RowFacts {
  seq: number;
  line: RecordLine;
  command: string | undefined;
  alias: string | undefined;
  summary: string;
  at: number | undefined;
  earlier: boolean;
}

export function buildRow(facts: RowFacts): Row {
  const { line } = facts;
  return {
    seq: facts.seq,
    id: line.id,
    receivedAt: line.receivedAt,
    method: line.method,
    path: line.path,
    command: facts.command ?? null,
    alias: facts.alias ?? null,
    summary: facts.summary,
    verdict: verdictOf(line),
    status: line.response.status,
    durationMs: line.durationMs,
    duplicate: line.duplicate,
    at: facts.at ?? null,
    earlier: facts.earlier,
  };
}
