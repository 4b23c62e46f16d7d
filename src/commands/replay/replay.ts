import type { Dispatcher } from 'undici';
import { UsageError } from '../../core/errors.js';
import {
  EXIT_CHECK_FAILED,
  EXIT_OK,
  EXIT_UNREACHABLE,
  type ExitCode,
} from '../../core/exit-codes.js';
import { formatBytes } from '../../core/listen-options.js';
import { parseRecordLine, type RecordLine } from '../../core/record.js';
import { maskUrlPasswords } from '../../core/redact.js';
import {
  buildReplayUrl,
  formatAge,
  matchesFilters,
  type RecordFilter,
  recordedSignAge,
} from '../../core/replay.js';
import { type Check, checkAnswer, expectOk, formatMs } from '../../core/response-check.js';
import { DEFAULT_TOLERANCE_SECONDS } from '../../core/sign.js';
import { createDispatcher, NetworkError, postCallback } from '../../io/http-client.js';
import type { Output } from '../../io/output.js';
import { MAX_RECORD_LINE_BYTES, readRecordFile } from '../../io/record-reader.js';
import { formatCheck } from '../../io/render.js';

export interface ReplayOptions {
  file: string;
  target: string;
  filters: RecordFilter[];
  /** With a token every callback is re-signed with a fresh RequestTime. */
  token: string | undefined;
  timeoutMs: number;
  /** How much of each answer body is read (--max-answer). */
  maxAnswerBytes?: number | undefined;
  insecure?: boolean | undefined;
  ca?: string | undefined;
  dispatcher?: Dispatcher | undefined;
  /** The clock, Unix ms. */
  now?: (() => number) | undefined;
}

interface Tally {
  lines: number;
  corrupt: number;
  filtered: number;
  sent: number;
  ok: number;
  answered: number;
  firstError: string | undefined;
}

/** `replay <record.jsonl> <url>`: resends recorded callbacks with their exact body bytes. */
export async function runReplay(options: ReplayOptions, out: Output): Promise<ExitCode> {
  const now = options.now ?? Date.now;
  const dispatcher =
    options.dispatcher ?? createDispatcher({ insecure: options.insecure, ca: options.ca });
  const tally: Tally = {
    lines: 0,
    corrupt: 0,
    filtered: 0,
    sent: 0,
    ok: 0,
    answered: 0,
    firstError: undefined,
  };
  let warnedStale = false;
  try {
    for await (const raw of readRecordFile(options.file)) {
      if (raw.tooLong !== undefined) {
        tally.lines += 1;
        tally.corrupt += 1;
        out.warn(
          `line ${raw.number} of ${options.file} skipped: ${formatBytes(raw.tooLong)}, longer than any record line (${formatBytes(MAX_RECORD_LINE_BYTES)} at most)`,
        );
        continue;
      }
      if (raw.text.trim() === '') continue;
      tally.lines += 1;
      const parsed = parseRecordLine(raw.text);
      if (!parsed.ok) {
        tally.corrupt += 1;
        out.warn(`line ${raw.number} of ${options.file} skipped: ${parsed.error}`);
        continue;
      }
      const line = parsed.line;
      if (!matchesFilters(line, options.filters)) {
        tally.filtered += 1;
        continue;
      }
      if (typeof line.method === 'string' && line.method.toUpperCase() !== 'POST') {
        tally.filtered += 1;
        out.warn(`line ${raw.number}: a ${line.method} request, not a callback; skipped`);
        continue;
      }
      const nowSeconds = Math.floor(now() / 1000);
      if (options.token === undefined && !warnedStale) {
        const age = recordedSignAge(line, nowSeconds);
        if (age !== undefined && Math.abs(age) > DEFAULT_TOLERANCE_SECONDS) {
          warnedStale = true;
          out.warn(
            `the recorded RequestTime of line ${raw.number} is ${formatAge(age)} ${age >= 0 ? 'old' : 'ahead'}: a backend that checks Sign rejects it; pass --token to re-sign`,
          );
        }
      }
      const url = buildReplayUrl(
        options.target,
        line,
        options.token === undefined ? undefined : { token: options.token, requestTime: nowSeconds },
      );
      tally.sent += 1;
      await replayOne(raw.number, line, url, options, dispatcher, tally, out);
    }
  } finally {
    if (options.dispatcher === undefined) await dispatcher.close();
  }

  if (tally.sent === 0) {
    throw new UsageError(
      `no callbacks to replay in "${options.file}" (${tally.lines} record line${tally.lines === 1 ? '' : 's'}, ${tally.corrupt} corrupt, ${tally.filtered} filtered out)`,
      options.filters.length > 0
        ? 'check the --filter fields against a line of the file'
        : 'give a file written by tim-callback listen --record',
    );
  }
  const failed = tally.sent - tally.ok;
  const summary = `replayed ${tally.sent} callback${tally.sent === 1 ? '' : 's'}: ${tally.ok} answered OK, ${failed} failed${tally.corrupt > 0 ? `, ${tally.corrupt} corrupt line${tally.corrupt === 1 ? '' : 's'} skipped` : ''}`;
  if (out.json) out.info(summary);
  else out.line(failed > 0 ? out.c.red(`✖ ${summary}`) : out.c.green(`✔ ${summary}`));
  if (tally.answered === 0) {
    out.info(
      `tim-callback: could not reach ${maskUrlPasswords(options.target)} for any callback: ${tally.firstError ?? 'no answer'}; check that the backend is running and the URL is right`,
    );
    return EXIT_UNREACHABLE;
  }
  return failed > 0 ? EXIT_CHECK_FAILED : EXIT_OK;
}

async function replayOne(
  lineNumber: number,
  line: RecordLine,
  url: string,
  options: ReplayOptions,
  dispatcher: Dispatcher,
  tally: Tally,
  out: Output,
): Promise<void> {
  const { c } = out;
  const what = describeCallback(line);
  // What every --json line of a replayed request starts with, answered or not.
  const jsonHead = {
    schemaVersion: 1,
    line: lineNumber,
    id: line.id,
    request: { url: maskUrlPasswords(url) },
  };
  try {
    // The exact bytes received: the Sign does not cover the body, so nothing else vouches for it.
    const answer = await postCallback({
      url,
      body: recordedBytes(line),
      timeoutMs: options.timeoutMs,
      dispatcher,
      maxAnswerBytes: options.maxAnswerBytes,
    });
    tally.answered += 1;
    const checked = checkAnswer({ ...answer, timeoutMs: options.timeoutMs });
    const checks: Check[] = [...checked.checks, expectOk(checked)];
    const ok = checks.every((k) => k.ok);
    if (ok) tally.ok += 1;
    if (out.json) {
      out.ndjson({
        ...jsonHead,
        response: { status: answer.status, body: answer.body, latencyMs: answer.latencyMs },
        ok,
        checks,
      });
      return;
    }
    const verdict = `HTTP ${answer.status}${checked.actionStatus ? ` ${checked.actionStatus}` : ''}`;
    out.line(
      `${ok ? c.green('✔') : c.red('✖')} line ${lineNumber}  ${what}  → ${ok ? verdict : c.red(verdict)}  ${formatMs(answer.latencyMs)}`,
    );
    for (const check of checks) if (!check.ok) out.line(`    ${formatCheck(c, check)}`);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    tally.firstError ??= error.message;
    if (out.json) {
      out.ndjson({
        ...jsonHead,
        ok: false,
        error: { kind: error.kind, message: error.message },
      });
      return;
    }
    out.line(
      `${c.red('✖')} line ${lineNumber}  ${what}  → ${c.red(`${error.message} (${error.kind})`)}`,
    );
  }
}

/** listen records a body that is not UTF-8 as base64, so that its bytes survive the JSON line. */
function recordedBytes(line: RecordLine): Buffer {
  return Buffer.from(line.body, line.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/** `Group.CallbackAfterGroupDestroyed @TGS#2J4SZEAEL` from the recorded query and body. */
function describeCallback(line: RecordLine): string {
  let groupId: string | undefined;
  try {
    const body = JSON.parse(line.body) as { GroupId?: unknown };
    if (typeof body?.GroupId === 'string') groupId = body.GroupId;
  } catch {
    return `${line.query?.CallbackCommand ?? 'callback'} (body not JSON)`;
  }
  return [line.query?.CallbackCommand ?? 'callback', groupId].filter(Boolean).join(' ');
}
