import { describe, expect, it } from 'vitest';
import { createSignVerifier, sign, verifySign } from '../../src/core/sign.js';
import {
  KNOWN_SIGN as KNOWN,
  KNOWN_TIME as TIME,
  KNOWN_TOKEN as TOKEN,
} from '../helpers/known-answer.js';

describe('sign', () => {
  it('matches the documented known-answer vector', () => {
    expect(sign(TOKEN, TIME)).toBe(KNOWN);
    expect(sign(TOKEN, String(TIME))).toBe(KNOWN);
  });

  it('is token + time, not the time alone or an HMAC', () => {
    expect(sign('xxxyyy', TIME)).not.toBe(KNOWN);
    expect(sign(TOKEN, TIME + 1)).not.toBe(KNOWN);
  });
});

describe('verifySign', () => {
  const base = { token: TOKEN, sign: KNOWN, requestTime: String(TIME), now: TIME };

  it('keeps each token and RequestTime apart when the same second repeats', () => {
    const other = { ...base, token: 'another-token', sign: sign('another-token', TIME) };
    for (let i = 0; i < 3; i++) {
      expect(verifySign(base).outcome).toBe('ok');
      expect(verifySign(other).outcome).toBe('ok');
      expect(verifySign({ ...other, sign: KNOWN }).outcome).toBe('bad');
      expect(verifySign({ ...base, requestTime: String(TIME + 1) }).outcome).toBe('bad');
    }
  });

  it('gives a verifier with its own cache the same answers as verifySign', () => {
    const verify = createSignVerifier();
    const other = { ...base, token: 'another-token', sign: sign('another-token', TIME) };
    const inputs = [
      base,
      other,
      { ...other, sign: KNOWN },
      { ...base, requestTime: String(TIME + 1) },
      { ...base, now: TIME + 61 },
    ];
    for (let i = 0; i < 3; i++) {
      for (const input of inputs) expect(verify(input)).toEqual(verifySign(input));
    }
  });

  it('accepts the known vector at its own time, in lower or upper case', () => {
    expect(verifySign(base).outcome).toBe('ok');
    expect(verifySign({ ...base, sign: KNOWN.toUpperCase() }).outcome).toBe('ok');
  });

  it('accepts up to the tolerance in both directions and rejects one second beyond', () => {
    expect(verifySign({ ...base, now: TIME + 60 }).outcome).toBe('ok');
    expect(verifySign({ ...base, now: TIME - 60 }).outcome).toBe('ok');
    expect(verifySign({ ...base, now: TIME + 61 })).toMatchObject({
      outcome: 'stale',
      skewSeconds: 61,
    });
    expect(verifySign({ ...base, now: TIME - 61 })).toMatchObject({
      outcome: 'future',
      skewSeconds: -61,
    });
    expect(verifySign({ ...base, now: TIME + 300, toleranceSeconds: 300 }).outcome).toBe('ok');
  });

  it('tells missing from bad', () => {
    expect(verifySign({ ...base, sign: undefined }).outcome).toBe('missing');
    expect(verifySign({ ...base, sign: '' }).outcome).toBe('missing');
    expect(verifySign({ ...base, requestTime: undefined }).outcome).toBe('missing');
    expect(verifySign({ ...base, token: 'other' }).outcome).toBe('bad');
    expect(verifySign({ ...base, sign: 'zz' }).outcome).toBe('bad');
    expect(verifySign({ ...base, sign: `${KNOWN}00` }).outcome).toBe('bad');
    expect(verifySign({ ...base, requestTime: '12abc' }).outcome).toBe('bad');
  });

  it('reports a wrong Sign as bad even when the time is also stale', () => {
    expect(verifySign({ ...base, token: 'other', now: TIME + 600 }).outcome).toBe('bad');
  });

  it('gives the expected Sign so a user can compare', () => {
    expect(verifySign({ ...base, sign: 'a'.repeat(64) }).expected).toBe(KNOWN);
  });
});
