import { UsageError } from './errors.js';

/** Parses a whole number flag value; anything else is a usage error that names the flag. */
export function parseInteger(
  flag: string,
  raw: string,
  range: { min?: number; max?: number } = {},
  example = String(Math.max(range.min ?? 1, 1)),
): number {
  const trimmed = raw.trim();
  const value = /^[-+]?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  const min = range.min ?? Number.MIN_SAFE_INTEGER;
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    const bounds =
      range.min !== undefined && range.max !== undefined
        ? ` from ${min} to ${max}`
        : range.min !== undefined
          ? ` of at least ${min}`
          : '';
    throw new UsageError(
      `${flag} "${raw}" is not a whole number${bounds}`,
      `e.g. ${flag} ${example}`,
    );
  }
  return value;
}

/** Parses a positive decimal (seconds, requests per second). */
export function parsePositiveNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} "${raw}" is not a positive number`, `e.g. ${flag} 10`);
  }
  return value;
}

/** Checks that a URL is absolute http(s). */
export function parseHttpUrl(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(
      `${flag} "${raw}" is not a URL`,
      'give a full URL, e.g. http://127.0.0.1:8080/im/callback',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${flag} "${raw}" is not an http(s) URL`, 'use http:// or https://');
  }
  return url.toString();
}

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

/** An SDKAppID is a number; a bad one is named by where it came from (--sdkappid or TIM_SDKAPPID). */
export function parseSdkAppId(source: string, raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    throw new UsageError(
      `${source} "${raw}" is not a number`,
      'use the SDKAppID the IM console shows, e.g. 1400000000',
    );
  }
  return raw;
}
