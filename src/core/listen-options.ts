import { failPacket } from './listen-ladder.js';
import { OK_PACKET } from './schemas/index.js';
import { validateResponsePacket } from './validation.js';

/** `300 bytes`, `512 KiB`, `16 MiB`, `1.2 GiB`: a size for people (binary multiples). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 && !Number.isInteger(value) ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export interface ReplyPacket {
  /** The body answered to every accepted callback (a reply file without its surrounding whitespace). */
  body: string;
  /** Why Tencent IM would count this packet as a failure, if it would. */
  problems: string[];
}

/** FAIL on purpose, so a developer can watch how IM (or their tooling) takes it. */
export const FAIL_ON_PURPOSE = failPacket(
  1,
  'failed on purpose (tim-callback listen --reply fail)',
);

/**
 * The reply packet named `ok` or `fail`, or read from a reply file's text: null when the text is
 * not JSON (the listen command says so, and how to fix it). One that is JSON but not a
 * well-formed packet is answered as is (playing a broken backend is a use); its problems are
 * reported at start-up.
 */
export function readReplyPacket(spec: 'ok' | 'fail'): ReplyPacket;
export function readReplyPacket(spec: string, fileText: string): ReplyPacket | null;
export function readReplyPacket(spec: string, fileText?: string): ReplyPacket | null {
  if (spec === 'ok') return { body: JSON.stringify(OK_PACKET), problems: [] };
  if (spec === 'fail') return { body: FAIL_ON_PURPOSE, problems: [] };
  const text = fileText ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return { body: text.trim(), problems: validateResponsePacket(value).problems };
}

// Tencent IM gives up on a callback after 2 s (trtc.io/document/34354).
const IM_TIMEOUT_MS = 2000;

export function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.') || host === 'localhost';
}

export interface StartFacts {
  /** The address the server is bound to. */
  boundHost: string;
  token: boolean;
  delayMs: number;
  replyProblems: string[];
  replyStatus: number;
  record: string | undefined;
  /** Lines of an existing record file that could not be read. */
  unreadable: number;
}

/**
 * What deserves a warning when the listener starts: things that work, but not as one might hope.
 * Facts only; the listen command words them (and names its flags).
 */
export type StartConcern =
  | { kind: 'open-without-token'; host: string }
  | { kind: 'delay-beyond-timeout'; delayMs: number; timeoutMs: number }
  | { kind: 'reply-malformed'; problems: string[] }
  | { kind: 'reply-not-200'; status: number }
  | { kind: 'unreadable-record'; lines: number; record: string | undefined };

export function startConcerns(facts: StartFacts): StartConcern[] {
  const concerns: StartConcern[] = [];
  if (!isLoopback(facts.boundHost) && !facts.token) {
    concerns.push({ kind: 'open-without-token', host: facts.boundHost });
  }
  if (facts.delayMs >= IM_TIMEOUT_MS) {
    concerns.push({
      kind: 'delay-beyond-timeout',
      delayMs: facts.delayMs,
      timeoutMs: IM_TIMEOUT_MS,
    });
  }
  if (facts.replyProblems.length > 0) {
    concerns.push({ kind: 'reply-malformed', problems: facts.replyProblems });
  }
  if (facts.replyStatus !== 200)
    concerns.push({ kind: 'reply-not-200', status: facts.replyStatus });
  if (facts.unreadable > 0) {
    concerns.push({ kind: 'unreadable-record', lines: facts.unreadable, record: facts.record });
  }
  return concerns;
}
