import { describe, expect, it } from 'vitest';
import {
  buildCallbackUrl,
  callbackParamsIn,
  parseCallbackQuery,
  parseCallbackUrl,
  platformWarnings,
  resignCallbackUrl,
} from '../../src/core/callback-url.js';
import { KNOWN_SIGN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';

const COMMAND = 'Group.CallbackAfterGroupDestroyed';

describe('buildCallbackUrl', () => {
  it('adds the documented parameters in order, after the target query', () => {
    const url = buildCallbackUrl({
      target: 'https://example.com/im/cb?tenant=7',
      command: COMMAND,
      sdkAppId: '1400000000',
      token: KNOWN_TOKEN,
      requestTime: KNOWN_TIME,
    });
    expect(url).toBe(
      'https://example.com/im/cb?tenant=7&SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterGroupDestroyed' +
        '&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI' +
        `&Sign=${KNOWN_SIGN}&RequestTime=${KNOWN_TIME}`,
    );
  });

  it("replaces IM's own parameters the target already carries, keeping the rest as written", () => {
    const pasted =
      'https://example.com/im/cb?tenant=a%20b&Sign=old&RequestTime=1&SdkAppid=9&CallbackCommand=X' +
      '&contenttype=json&ClientIP=1.1.1.1&OptPlatform=iOS&x=1';
    expect(callbackParamsIn(pasted)).toEqual([
      'SdkAppid',
      'CallbackCommand',
      'contenttype',
      'ClientIP',
      'OptPlatform',
      'Sign',
      'RequestTime',
    ]);
    const url = buildCallbackUrl({
      target: pasted,
      command: COMMAND,
      sdkAppId: '1400000000',
      token: KNOWN_TOKEN,
      requestTime: KNOWN_TIME,
    });
    expect(url).toBe(
      'https://example.com/im/cb?tenant=a%20b&x=1&SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterGroupDestroyed' +
        '&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI' +
        `&Sign=${KNOWN_SIGN}&RequestTime=${KNOWN_TIME}`,
    );
    // Without a token, a pasted Sign is dropped, not sent stale.
    const unsigned = buildCallbackUrl({ target: pasted, command: COMMAND });
    expect(new URL(unsigned).searchParams.has('Sign')).toBe(false);
    expect(new URL(unsigned).searchParams.getAll('ClientIP')).toEqual(['127.0.0.1']);
    expect(callbackParamsIn('http://h/cb?tenant=7&sign=lower')).toEqual([]);
  });

  it('has no Sign or RequestTime without a token, and never the token', () => {
    const url = buildCallbackUrl({
      target: 'http://127.0.0.1:3000/',
      command: COMMAND,
      clientIp: '10.1.2.3',
      platform: 'iOS',
    });
    const { query } = parseCallbackUrl(url);
    expect(query.sign).toBeUndefined();
    expect(query.requestTime).toBeUndefined();
    expect(query.clientIp).toBe('10.1.2.3');
    expect(query.platform).toBe('iOS');
    expect(query.sdkAppId).toBeUndefined();
  });

  it('re-signs a recorded URL, keeping the rest', () => {
    const old = buildCallbackUrl({
      target: 'http://h/cb',
      command: COMMAND,
      sdkAppId: '1',
      token: 't',
      requestTime: 100,
    });
    const fresh = new URL(resignCallbackUrl(old, 't', 200));
    expect(fresh.searchParams.get('RequestTime')).toBe('200');
    expect(fresh.searchParams.get('SdkAppid')).toBe('1');
    expect(fresh.searchParams.getAll('Sign')).toHaveLength(1);
  });
});

describe('parseCallbackQuery', () => {
  it('reads the parameters with or without ?, first value wins', () => {
    const q = parseCallbackQuery('?SdkAppid=14&CallbackCommand=X&SdkAppid=99&Sign=ab');
    expect(q).toMatchObject({ sdkAppId: '14', command: 'X', sign: 'ab' });
    expect(parseCallbackQuery('RequestTime=5').requestTime).toBe('5');
  });
});

describe('platformWarnings', () => {
  it('accepts documented values and flags drift', () => {
    expect(platformWarnings('RESTAPI')).toEqual([]);
    expect(platformWarnings('IOS')[0]).toContain('"iOS"');
    expect(platformWarnings('macOS')[0]).toContain('Mac');
    expect(platformWarnings('Toaster')[0]).toContain('not a documented platform');
  });
});

describe('parseCallbackQuery decoding', () => {
  it('reads plain and encoded query strings exactly as URLSearchParams does', () => {
    for (const search of [
      '?SdkAppid=1&CallbackCommand=Group.CallbackAfterGroupDestroyed&ClientIP=::1',
      'a=1&a=2&b&=x&&c=',
      '?Name=%E7%BE%A4+1&x=%zz&y=a%2Bb',
      '?__proto__=1&constructor=2',
      '',
    ]) {
      const first = new Map<string, string>();
      for (const [k, v] of new URLSearchParams(search)) if (!first.has(k)) first.set(k, v);
      const all = parseCallbackQuery(search).all;
      expect(Object.keys(all)).toEqual([...first.keys()]);
      for (const [k, v] of first) expect(all[k]).toBe(v);
    }
  });
});
