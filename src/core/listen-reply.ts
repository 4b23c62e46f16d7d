import { allowedCodesText, checkDecision, hasDiscard } from './catalog/decision.js';
import type { CatalogEntry } from './catalog/types.js';
import { UsageError } from './errors.js';
import type { Answer } from './listen-answer.js';
import { FAIL_ON_PURPOSE } from './listen-options.js';
import type { Check } from './response-check.js';
import { OK_PACKET } from './schemas/index.js';

/**
 * What `listen --reply` answers (DESIGN.md, "Catalogue details"): at most one default and any
 * number of `<command>=<decision>`. Decisions are Tencent's forms (trtc.io/document/34354):
 * allow = ErrorCode 0, deny = 1, discard = 2; `ok` and `fail` keep their meaning; anything else
 * is a reply file. The table is built once at start: a request costs one Map lookup.
 */

export type ReplyWord = 'allow' | 'deny' | 'discard' | 'ok' | 'fail';

/** One --reply value: a word, or a file (`./deny` names a file called deny). */
export type ReplySpec = { kind: ReplyWord } | { kind: 'file'; path: string };

export interface ReplyFlag {
  /** As typed. */
  raw: string;
  /** The command named before `=` (CallbackCommand or alias, not yet resolved); none for the default. */
  command: string | undefined;
  spec: ReplySpec;
}

const WORDS: readonly string[] = ['allow', 'deny', 'discard', 'ok', 'fail'];

// `<module>.<name>=…`: a command name has a dot and no slash, so `./x=y.json` stays a file.
const PER_COMMAND = /^([A-Za-z][\w-]*\.[\w-]+)=([\s\S]*)$/;

function specOf(text: string): ReplySpec {
  return WORDS.includes(text) ? { kind: text as ReplyWord } : { kind: 'file', path: text };
}

export function parseReplyFlag(raw: string): ReplyFlag {
  const match = PER_COMMAND.exec(raw);
  if (match === null) return { raw, command: undefined, spec: specOf(raw) };
  return { raw, command: match[1], spec: specOf(match[2] ?? '') };
}

const REPLY_HINT =
  'give one default and per command <command>=<decision>, e.g. --reply deny --reply c2c.before-send-msg=allow';

/** The default flag (at most one); a second default is a usage error. */
export function defaultFlag(flags: readonly ReplyFlag[]): ReplyFlag | undefined {
  const defaults = flags.filter((flag) => flag.command === undefined);
  if (defaults.length > 1) {
    throw new UsageError(
      `--reply has two defaults (${defaults.map((f) => f.raw).join(', ')}); one applies to every command`,
      REPLY_HINT,
    );
  }
  return defaults[0];
}

/** A per-command decision the command cannot take is a usage error, said in one line. */
export function checkCommandReply(flag: ReplyFlag, entry: CatalogEntry): void {
  const { kind } = flag.spec;
  if (kind !== 'deny' && kind !== 'discard') return;
  if (entry.phase !== 'before') {
    throw new UsageError(
      `--reply ${flag.raw}: ${entry.command} is an ${entry.phase}-callback; its answer is only acknowledged, so ${kind} decides nothing`,
      'answer it with allow, fail or a reply file',
    );
  }
  if (kind === 'discard' && !hasDiscard(entry)) {
    throw new UsageError(
      `--reply ${flag.raw}: ${entry.command} has no discard decision (it takes ErrorCode ${allowedCodesText(entry)})`,
      `use ${flag.command}=deny to refuse it`,
    );
  }
}

/** The body each spec answers: files are read by the caller and passed in by path. */
export type PacketOf = (spec: ReplySpec) => string;

const decisionPacket = (code: number) =>
  JSON.stringify({ ActionStatus: 'OK', ErrorCode: code, ErrorInfo: '' });

export const ALLOW_PACKET = decisionPacket(0);
export const DENY_PACKET = decisionPacket(1);
export const DISCARD_PACKET = decisionPacket(2);
const OK_TEXT = JSON.stringify(OK_PACKET);

/** The packets of the words; a file's comes from `files`. */
export function packetOf(spec: ReplySpec, files: ReadonlyMap<string, string>): string {
  switch (spec.kind) {
    case 'ok':
      return OK_TEXT;
    case 'allow':
      return ALLOW_PACKET;
    case 'deny':
      return DENY_PACKET;
    case 'discard':
      return DISCARD_PACKET;
    case 'fail':
      return FAIL_ON_PURPOSE;
    case 'file':
      return files.get(spec.path) ?? OK_TEXT;
  }
}

/**
 * The default as applied to one command: deny and discard decide only before-callbacks (an
 * after-callback, or a command outside the catalogue, is answered allow), and discard falls back
 * to deny where the command has no discard. ok, fail and files apply as given.
 */
export function defaultSpecFor(spec: ReplySpec, entry: CatalogEntry | undefined): ReplySpec {
  if (spec.kind !== 'deny' && spec.kind !== 'discard') return spec;
  if (entry === undefined || entry.phase !== 'before') return { kind: 'allow' };
  if (spec.kind === 'discard' && !hasDiscard(entry)) return { kind: 'deny' };
  return spec;
}

/** What an answer decides for a before-callback, in words. */
export interface CallbackDecision {
  word: 'allow' | 'deny' | 'discard' | 'custom' | 'fail' | 'invalid';
  errorCode: number | undefined;
  /** The command's own words for that ErrorCode, or why it is not one. */
  meaning: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The decision of a parsed answer packet; undefined when the packet has no integer ErrorCode. */
export function decisionOf(entry: CatalogEntry, packet: unknown): CallbackDecision | undefined {
  if (!isObject(packet) || !Number.isInteger(packet.ErrorCode)) return undefined;
  const code = packet.ErrorCode as number;
  if (packet.ActionStatus === 'FAIL') {
    return {
      word: 'fail',
      errorCode: code,
      meaning: 'a FAIL packet: IM counts the callback as failed',
    };
  }
  const meaning = entry.errorCodes[code];
  const range = entry.customRange;
  if (meaning !== undefined && code <= 2) {
    const word = code === 0 ? 'allow' : code === 1 ? 'deny' : 'discard';
    return { word, errorCode: code, meaning: meaning.replace(new RegExp(`^${word}: `), '') };
  }
  if (meaning !== undefined) return { word: 'custom', errorCode: code, meaning };
  if (range !== undefined && code >= range[0] && code <= range[1]) {
    return {
      word: 'custom',
      errorCode: code,
      meaning: meaning ?? 'refused with a custom code the sender sees',
    };
  }
  return {
    word: 'invalid',
    errorCode: code,
    meaning: `not a decision ${entry.command} takes (it takes ${allowedCodesText(entry)})`,
  };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One command's answer: the packet and, for a before-callback, what it decides. */
export interface ReplyChoice {
  answer: Answer;
  decision: CallbackDecision | undefined;
}

export interface ReplyTable {
  /** Commands outside the catalogue. */
  fallback: ReplyChoice;
  /** Every catalogued command, by its exact CallbackCommand. */
  byCommand: ReadonlyMap<string, ReplyChoice>;
}

function choice(status: number, body: string, entry: CatalogEntry | undefined): ReplyChoice {
  const decision = entry?.phase === 'before' ? decisionOf(entry, parsed(body)) : undefined;
  return { answer: { status, body }, decision };
}

/** Every command's answer, worked out once: the per-command flags first, then the default. */
export function buildReplyTable(input: {
  catalog: readonly CatalogEntry[];
  /** Per-command specs by exact CallbackCommand. */
  perCommand: ReadonlyMap<string, ReplySpec>;
  fallback: ReplySpec;
  files: ReadonlyMap<string, string>;
  status: number;
}): ReplyTable {
  const { status, files } = input;
  const byCommand = new Map<string, ReplyChoice>();
  for (const entry of input.catalog) {
    const spec = input.perCommand.get(entry.command) ?? defaultSpecFor(input.fallback, entry);
    byCommand.set(entry.command, choice(status, packetOf(spec, files), entry));
  }
  const fallback = choice(
    status,
    packetOf(defaultSpecFor(input.fallback, undefined), files),
    undefined,
  );
  return { fallback, byCommand };
}

/**
 * --forward-to: the backend's answer to a before-callback, checked as `validate` checks a
 * decision (its ErrorCode is one the command takes; a returned MsgBody, RefusedMembers_Account or
 * ResultItem is well-formed), with the decision it makes.
 */
export function checkRelayedDecision(
  entry: CatalogEntry,
  answerBody: string,
): { checks: Check[]; warnings: string[]; decision: CallbackDecision | undefined } {
  const packet = parsed(answerBody);
  const decision = decisionOf(entry, packet);
  const result = checkDecision(entry, packet);
  const checks: Check[] = result.problems.map((message) => ({
    name: 'decision',
    ok: false,
    message,
  }));
  return { checks, warnings: result.warnings, decision };
}
