import { createHash, timingSafeEqual } from 'node:crypto';

/** Freshness window: cloud.tencent.com/document/product/269/32431 rejects requests older than 1 minute. */
export const DEFAULT_TOLERANCE_SECONDS = 60;

/**
 * Sign = lowercase hex SHA-256 of token + decimal RequestTime, no separator, not HMAC
 * (cloud.tencent.com/document/product/269/32431).
 */
export function sign(token: string, requestTime: number | string): string {
  return createHash('sha256').update(`${token}${requestTime}`, 'utf8').digest('hex');
}

export type SignOutcome = 'ok' | 'bad' | 'missing' | 'stale' | 'future';

export interface VerifySignInput {
  token: string;
  sign: string | undefined;
  requestTime: string | undefined;
  /** The receiver's clock, Unix seconds. */
  now: number;
  toleranceSeconds?: number;
}

export interface VerifySignResult {
  outcome: SignOutcome;
  /** now - RequestTime in seconds; positive when the request is older than the clock. */
  skewSeconds?: number;
  /** The Sign the token gives for the received RequestTime. */
  expected?: string;
  reason: string;
}

const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
const DIGITS = /^\d{1,15}$/;

interface ExpectedSign {
  hex: string;
  bytes: Buffer;
}

type ExpectSign = (token: string, requestTime: string) => ExpectedSign;

function computeSign(token: string, requestTime: string): ExpectedSign {
  const hex = sign(token, requestTime);
  return { hex, bytes: Buffer.from(hex, 'hex') };
}

/**
 * verifySign with its own cache of the last expected Sign: a listener under load sees the same
 * RequestTime (whole seconds) over and over, so each second costs one SHA-256 instead of one per
 * request. One verifier per listener; nothing is shared between instances.
 */
export function createSignVerifier(): (input: VerifySignInput) => VerifySignResult {
  let last: (ExpectedSign & { token: string; requestTime: string }) | undefined;
  const expect: ExpectSign = (token, requestTime) => {
    if (last === undefined || last.requestTime !== requestTime || last.token !== token) {
      last = { token, requestTime, ...computeSign(token, requestTime) };
    }
    return last;
  };
  return (input) => verifyWith(input, expect);
}

export function verifySign(input: VerifySignInput): VerifySignResult {
  return verifyWith(input, computeSign);
}

function verifyWith(input: VerifySignInput, expectSign: ExpectSign): VerifySignResult {
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (input.sign === undefined || input.sign === '') {
    return { outcome: 'missing', reason: 'Sign is missing from the query string' };
  }
  if (input.requestTime === undefined || input.requestTime === '') {
    return { outcome: 'missing', reason: 'RequestTime is missing from the query string' };
  }
  if (!DIGITS.test(input.requestTime)) {
    return { outcome: 'bad', reason: `RequestTime "${input.requestTime}" is not Unix seconds` };
  }
  const { hex: expected, bytes } = expectSign(input.token, input.requestTime);
  const skewSeconds = input.now - Number(input.requestTime);
  // Compare before looking at the clock so that timing reveals nothing about the Sign.
  const matches =
    HEX_SHA256.test(input.sign) && timingSafeEqual(bytes, Buffer.from(input.sign, 'hex'));
  if (!matches) {
    return { outcome: 'bad', skewSeconds, expected, reason: 'Sign does not match the token' };
  }
  if (skewSeconds > tolerance) {
    return {
      outcome: 'stale',
      skewSeconds,
      expected,
      reason: `RequestTime is ${skewSeconds} s old (tolerance ${tolerance} s)`,
    };
  }
  if (-skewSeconds > tolerance) {
    return {
      outcome: 'future',
      skewSeconds,
      expected,
      reason: `RequestTime is ${-skewSeconds} s in the future (tolerance ${tolerance} s)`,
    };
  }
  return { outcome: 'ok', skewSeconds, expected, reason: 'Sign matches and RequestTime is fresh' };
}
