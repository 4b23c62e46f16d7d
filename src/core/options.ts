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
