import { UsageError } from './errors.js';
import { failPacket } from './listen-ladder.js';
import { OK_PACKET } from './schemas/index.js';
import { validateResponsePacket } from './validation.js';

/** Large groups make large bodies normal (PROTOCOL.md §2): 16 MiB, not a few KiB. */
export const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `16777216`, `512k`, `16MiB` → bytes (binary multiples). */
export function parseByteSize(flag: string, raw: string): number {
  const match = /^\s*(\d+)\s*([a-z]*)\s*$/i.exec(raw);
  const factor = match ? UNITS[(match[2] ?? '').toLowerCase()] : undefined;
  const value = match && factor !== undefined ? Number(match[1]) * factor : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(
      `${flag} "${raw}" is not a size in bytes`,
      `e.g. ${flag} 16777216, ${flag} 512k or ${flag} 16MiB`,
    );
  }
  return value;
}

/** `--path im/callback` → `/im/callback`; the path is compared exactly, without the query. */
export function parseListenPath(raw: string): string {
  const path = raw.startsWith('/') ? raw : `/${raw}`;
  if (/[?#\s]/.test(path)) {
    throw new UsageError(
      `--path "${raw}" is not a plain path`,
      'give only the path part, e.g. --path /im/callback',
    );
  }
  return path;
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
 * `--reply ok|fail`, or the text of a reply file. A file that is not JSON is a usage error; one
 * that is JSON but not a well-formed packet is answered as is (playing a broken backend is a use)
 * and its problems are reported at start-up.
 */
export function parseReply(spec: string, fileText?: string): ReplyPacket {
  if (spec === 'ok') return { body: JSON.stringify(OK_PACKET), problems: [] };
  if (spec === 'fail') return { body: FAIL_ON_PURPOSE, problems: [] };
  const text = fileText ?? '';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--reply file "${spec}" is not JSON: ${(error as Error).message}`,
      'use --reply ok, --reply fail, or a JSON file like {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}',
    );
  }
  return { body: text.trim(), problems: validateResponsePacket(value).problems };
}
