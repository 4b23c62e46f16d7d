import { describe, expect, it } from 'vitest';
import { parseReply } from '../../src/commands/listen/reply.js';
import { startWarnings } from '../../src/commands/listen/warnings.js';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import {
  createLadder,
  FAIL_CODES,
  failPacket,
  judgeRequest,
  type LadderConfig,
  recordDuplicateKey,
  splitTarget,
} from '../../src/core/listen-ladder.js';
import { FAIL_ON_PURPOSE } from '../../src/core/listen-options.js';
import { parseByteSize, parseListenPath } from '../../src/core/options.js';
import { buildRecordLine, createIsoTime, duplicateKey } from '../../src/core/record.js';
import { sign } from '../../src/core/sign.js';
import { KNOWN_SIGN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';

const TOKEN = 'unit-token-9d2c';
const NOW = 1_800_000_000;
const BODY = JSON.stringify({
  CallbackCommand: AFTER_GROUP_DESTROYED,
  GroupId: '@TGS#2J4SZEAEL',
  Type: 'Public',
  Owner_Account: 'leckie',
  MemberList: [{ Member_Account: 'leckie' }],
  EventTime: 1670574414123,
});

const config: LadderConfig = {
  path: '/im/cb',
  sdkAppId: '1400000000',
  token: TOKEN,
  toleranceSeconds: 60,
  strict: true,
};

function target(over: { time?: number; sdkAppId?: string; token?: string; path?: string } = {}) {
  const url = buildCallbackUrl({
    target: `http://x${over.path ?? '/im/cb'}`,
    command: AFTER_GROUP_DESTROYED,
    sdkAppId: over.sdkAppId ?? '1400000000',
    token: over.token ?? TOKEN,
    requestTime: over.time ?? NOW,
  });
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

const judge = (over: Partial<Parameters<typeof judgeRequest>[0]> = {}, c = config) =>
  judgeRequest(
    { method: 'POST', target: target(), body: Buffer.from(BODY), nowSeconds: NOW, ...over },
    c,
  );

// What each rejection tells the caller: the fault in words, with the value that caused it.
const REASONS = {
  [FAIL_CODES.wrongPath]: /no callback at \/other; this listener serves \/im\/cb/,
  [FAIL_CODES.wrongMethod]: /GET is not allowed; callbacks are POSTed/,
  [FAIL_CODES.bodyTooLarge]: /the body is larger than/,
  [FAIL_CODES.sdkAppIdMismatch]: /SdkAppid "1400000001" is not this app's 1400000000/,
  [FAIL_CODES.sdkAppIdMissing]: /SdkAppid is missing/,
  [FAIL_CODES.signBad]: /Sign does not match the token/,
  [FAIL_CODES.signMissing]: /Sign is missing/,
  [FAIL_CODES.signStale]: /RequestTime is 61 s old \(tolerance 60 s\)/,
  [FAIL_CODES.signFuture]: /RequestTime is 61 s in the future \(tolerance 60 s\)/,
  [FAIL_CODES.notJson]: /the body is (not JSON|empty, not JSON)/,
  [FAIL_CODES.notUtf8]: /not valid UTF-8/,
  [FAIL_CODES.notObject]: /JSON but not an object \(an array\)/,
  [FAIL_CODES.schema]: /breaks the schema: \/MemberList: is required/,
} satisfies Record<number, RegExp>;

describe('judgeRequest: the check ladder', () => {
  it('accepts a correct, signed, fresh callback', () => {
    const v = judge();
    expect(v.rejection).toBeUndefined();
    expect(v.checks).toEqual({ sdkAppId: 'ok', sign: 'ok', schema: 'ok', problems: [] });
    expect(v.command).toBe(AFTER_GROUP_DESTROYED);
    expect(v.duplicateKey).toBe(
      duplicateKey(AFTER_GROUP_DESTROYED, { GroupId: '@TGS#2J4SZEAEL', EventTime: 1670574414123 }),
    );
  });

  it.each([
    ['path', { target: target({ path: '/other' }) }, 404, FAIL_CODES.wrongPath],
    ['method', { method: 'GET' }, 405, FAIL_CODES.wrongMethod],
    ['size', { body: null }, 413, FAIL_CODES.bodyTooLarge],
    ['sdkappid', { target: target({ sdkAppId: '1400000001' }) }, 403, FAIL_CODES.sdkAppIdMismatch],
    [
      'sdkappid',
      { target: '/im/cb?CallbackCommand=x&Sign=a&RequestTime=1' },
      403,
      FAIL_CODES.sdkAppIdMissing,
    ],
    ['sign', { target: target({ token: 'wrong' }) }, 401, FAIL_CODES.signBad],
    ['sign', { target: '/im/cb?SdkAppid=1400000000' }, 401, FAIL_CODES.signMissing],
    ['sign', { target: target({ time: NOW - 61 }) }, 401, FAIL_CODES.signStale],
    ['sign', { target: target({ time: NOW + 61 }) }, 401, FAIL_CODES.signFuture],
    ['json', { body: Buffer.from('{"GroupId":') }, 400, FAIL_CODES.notJson],
    ['json', { body: Buffer.from('') }, 400, FAIL_CODES.notJson],
    ['json', { body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }, 400, FAIL_CODES.notUtf8],
    ['json', { body: Buffer.from('[1,2]') }, 400, FAIL_CODES.notObject],
    ['schema', { body: Buffer.from('{"GroupId":5}') }, 400, FAIL_CODES.schema],
  ] as const)('rung %s → %i', (rung, over, status, code) => {
    const v = judge(over as Partial<Parameters<typeof judgeRequest>[0]>);
    expect(v.rejection).toMatchObject({ rung, status, code });
    expect(v.rejection?.reason).toMatch(REASONS[code]);
    expect(v.duplicateKey).toBeUndefined();
  });

  it('takes the first failing rung but still reports the later checks', () => {
    const v = judge({ target: target({ sdkAppId: '1', token: 'wrong' }), body: Buffer.from('[]') });
    expect(v.rejection?.status).toBe(403);
    expect(v.checks.sign).toBe('bad');
    expect(v.checks.problems[0]).toMatch(/not an object/);
    expect(v.shown.map((s) => s.ok)).toEqual([false, false, false]);
  });

  it('routes before judging: another path is 404 even with a huge body and no Sign', () => {
    expect(judge({ target: '/nope', body: null }).rejection?.status).toBe(404);
    expect(judge({ target: '/nope', method: 'GET' }).rejection?.status).toBe(404);
  });

  it('checks SdkAppid and Sign only when configured, and schema only rejects with --strict', () => {
    const open: LadderConfig = { toleranceSeconds: 60, strict: false };
    const v = judge({ target: '/anything', body: Buffer.from('{"GroupId":5}') }, open);
    expect(v.rejection).toBeUndefined();
    expect(v.checks).toMatchObject({ sdkAppId: 'unchecked', sign: 'unchecked', schema: 'invalid' });
    expect(v.checks.problems.length).toBeGreaterThan(0);
  });

  it('tolerance applies both ways: ±60 s passes, ±61 s fails', () => {
    for (const skew of [-60, 0, 60]) {
      expect(judge({ target: target({ time: NOW + skew }) }).rejection).toBeUndefined();
    }
    expect(judge({ target: target({ time: NOW - 61 }) }).checks.sign).toBe('stale');
    expect(judge({ target: target({ time: NOW + 61 }) }).checks.sign).toBe('future');
  });

  it('verifies the documented known-answer vector with a fixed clock', () => {
    const c: LadderConfig = { token: KNOWN_TOKEN, toleranceSeconds: 60, strict: false };
    const t = `/?CallbackCommand=${AFTER_GROUP_DESTROYED}&Sign=${KNOWN_SIGN}&RequestTime=${KNOWN_TIME}`;
    expect(judge({ target: t, nowSeconds: KNOWN_TIME }, c).checks.sign).toBe('ok');
    expect(
      judge({ target: t.replace(KNOWN_SIGN, KNOWN_SIGN.toUpperCase()), nowSeconds: KNOWN_TIME }, c)
        .checks.sign,
    ).toBe('ok');
    expect(judge({ target: t, nowSeconds: KNOWN_TIME + 61 }, c).checks.sign).toBe('stale');
    expect(sign(KNOWN_TOKEN, KNOWN_TIME)).toBe(KNOWN_SIGN);
  });

  it('warns about drift without rejecting it', () => {
    const body = JSON.stringify({ ...JSON.parse(BODY), EventTime: '1670574414123', Extra: 1 });
    const v = judge({ body: Buffer.from(body), target: target().replace('RESTAPI', 'macOS') });
    expect(v.rejection).toBeUndefined();
    expect(v.warnings.join('\n')).toMatch(/EventTime is a string/);
    expect(v.warnings.join('\n')).toMatch(/unknown field "Extra"/);
    expect(v.warnings.join('\n')).toMatch(/macOS/);
  });

  it('receives other commands generically', () => {
    const t = target().replace(
      encodeURIComponent(AFTER_GROUP_DESTROYED),
      'C2C.CallbackAfterSendMsg',
    );
    const v = judge({
      target: t,
      body: Buffer.from('{"CallbackCommand":"C2C.CallbackAfterSendMsg","From_Account":"a"}'),
    });
    expect(v.rejection).toBeUndefined();
    expect(v.command).toBe('C2C.CallbackAfterSendMsg');
    expect(v.warnings.join()).toMatch(/no schema/);
  });

  it('lists at most 20 schema problems, and counts the rest', () => {
    const members = Array.from({ length: 100 }, () => ({ Member_Account: 1 }));
    const body = JSON.stringify({ ...JSON.parse(BODY), MemberList: members });
    const v = judge({ body: Buffer.from(body) }, { ...config, strict: false });
    expect(v.checks.problems).toHaveLength(21);
    expect(v.checks.problems[20]).toMatch(/and 80 more/);
  });

  it('copes with deeply nested JSON', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(judge({ body: Buffer.from(deep) }).rejection?.code).toBe(FAIL_CODES.notObject);
    const inObject = `{"GroupId":${deep}}`;
    expect(judge({ body: Buffer.from(inObject) }).rejection?.code).toBe(FAIL_CODES.schema);
  });
});

describe('createIsoTime', () => {
  it('formats exactly like toISOString, within a second and across seconds', () => {
    const isoTime = createIsoTime();
    const base = Date.UTC(2026, 10, 25, 23, 59, 58);
    for (const ms of [
      0,
      7,
      42,
      999,
      base,
      base + 5,
      base + 60,
      base + 999,
      base + 1000,
      base + 2001,
      base + 1,
    ]) {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    }
    expect(isoTime(1.5)).toBe(new Date(1.5).toISOString());
    expect(isoTime(-1)).toBe(new Date(-1).toISOString());
  });
});

describe('splitTarget', () => {
  it('splits origin-form and absolute-form targets', () => {
    expect(splitTarget('/a/b?x=1')).toEqual({ path: '/a/b', search: '?x=1' });
    expect(splitTarget('/')).toEqual({ path: '/', search: '' });
    expect(splitTarget('http://h:1/p?q')).toEqual({ path: '/p', search: '?q' });
    expect(splitTarget('http://h')).toEqual({ path: '/', search: '' });
  });
});

describe('failPacket', () => {
  it('is the documented packet shape with a non-zero code', () => {
    expect(JSON.parse(failPacket(40102, 'Sign does not match'))).toEqual({
      ActionStatus: 'FAIL',
      ErrorCode: 40102,
      ErrorInfo: 'Sign does not match',
    });
  });

  it('gives every rung its own non-zero code', () => {
    const codes: number[] = Object.values(FAIL_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.every((c) => Number.isInteger(c) && c !== 0)).toBe(true);
  });
});

describe('buildRecordLine', () => {
  const base = (body: Buffer | null, over: Partial<Parameters<typeof buildRecordLine>[0]> = {}) => {
    const verdict = judge({ body });
    return buildRecordLine({
      id: 'id-1',
      receivedAtMs: NOW * 1000,
      remoteAddress: '127.0.0.1',
      method: 'POST',
      headers: { host: 'x' },
      rawBody: body,
      bodyBytes: body?.length ?? 20_000_000,
      verdict,
      duplicate: false,
      response: { status: 200, body: '{}' },
      durationMs: 0.123456,
      ...over,
    });
  };

  it('keeps the body byte-exact and never the token', () => {
    const raw = `  ${BODY.replace('leckie', '群主😀')}\n`;
    const line = base(Buffer.from(raw));
    expect(line.body).toBe(raw);
    expect(line).toMatchObject({
      schemaVersion: 1,
      id: 'id-1',
      receivedAt: new Date(NOW * 1000).toISOString(),
      path: '/im/cb',
      accepted: true,
      durationMs: 0.123,
    });
    expect(line.query.Sign).toBe(sign(TOKEN, NOW));
    expect(JSON.stringify(line)).not.toContain(TOKEN);
  });

  it('keeps bytes that are not UTF-8 as base64, and marks a body over the limit', () => {
    const bytes = Buffer.from([0x7b, 0xff, 0x00, 0x7d]);
    const line = base(bytes);
    expect(line.bodyEncoding).toBe('base64');
    expect(Buffer.from(line.body, 'base64')).toEqual(bytes);
    const big = base(null);
    expect(big).toMatchObject({ body: '', bodyTruncated: true, bodyBytes: 20_000_000 });
  });

  it('gives the same duplicate key when read back from the record', () => {
    const line = base(Buffer.from(BODY));
    const parsed = JSON.parse(JSON.stringify(line));
    expect(recordDuplicateKey(parsed)).toBe(judge().duplicateKey);
    expect(recordDuplicateKey({ ...parsed, accepted: false })).toBeUndefined();
  });
});

describe('listen option parsing', () => {
  it('parses byte sizes', () => {
    expect(parseByteSize('--max-body', '16MiB')).toBe(16 * 1024 * 1024);
    expect(parseByteSize('--max-body', '512k')).toBe(512 * 1024);
    expect(parseByteSize('--max-body', '100')).toBe(100);
    expect(() => parseByteSize('--max-body', '0')).toThrow(/not a size/);
    expect(() => parseByteSize('--max-body', '12 parsecs')).toThrow(/not a size/);
  });

  it('normalises --path', () => {
    expect(parseListenPath('im/cb')).toBe('/im/cb');
    expect(() => parseListenPath('/cb?x=1')).toThrow(/plain path/);
  });

  it('parses --reply', () => {
    expect(JSON.parse(parseReply('ok').body)).toEqual({
      ActionStatus: 'OK',
      ErrorInfo: '',
      ErrorCode: 0,
    });
    expect(parseReply('fail').body).toBe(FAIL_ON_PURPOSE);
    expect(parseReply('r.json', '{"ActionStatus":"OK"}\n').problems.length).toBeGreaterThan(0);
    expect(() => parseReply('r.json', '<html>')).toThrow(/not JSON/);
  });
});

describe('startWarnings', () => {
  const quiet = {
    boundHost: '127.0.0.1',
    token: false,
    delayMs: 0,
    replyProblems: [],
    replyStatus: 200,
    record: undefined,
    unreadable: 0,
  };

  it('is silent for the defaults', () => {
    expect(startWarnings(quiet)).toEqual([]);
    expect(startWarnings({ ...quiet, boundHost: '::1' })).toEqual([]);
  });

  it('warns about a non-loopback host without a token, and only then', () => {
    expect(startWarnings({ ...quiet, boundHost: '0.0.0.0' })[0]).toMatch(/without a token/);
    expect(startWarnings({ ...quiet, boundHost: '::' })[0]).toMatch(/without a token/);
    expect(startWarnings({ ...quiet, boundHost: '0.0.0.0', token: true })).toEqual([]);
  });

  it('warns about answers IM counts as failures', () => {
    expect(startWarnings({ ...quiet, delayMs: 2000 })[0]).toMatch(/2 s timeout/);
    expect(startWarnings({ ...quiet, replyStatus: 500 })[0]).toMatch(/HTTP 500/);
    expect(startWarnings({ ...quiet, replyProblems: ['/ErrorInfo: is required'] })[0]).toMatch(
      /malformed/,
    );
    expect(startWarnings({ ...quiet, unreadable: 2, record: 'r.jsonl' })[0]).toMatch(
      /2 lines of r\.jsonl/,
    );
  });
});

describe('createLadder', () => {
  it('judges like judgeRequest, and two ladders keep their caches apart', () => {
    const other: LadderConfig = { ...config, token: 'other-token-51aa' };
    const mine = createLadder(config);
    const theirs = createLadder(other);
    const input = { method: 'POST', target: target(), body: Buffer.from(BODY), nowSeconds: NOW };
    const signedForThem = { ...input, target: target({ token: 'other-token-51aa' }) };
    for (let i = 0; i < 3; i++) {
      expect(mine.judge(input)).toEqual(judgeRequest(input, config));
      expect(theirs.judge(input).rejection?.code).toBe(FAIL_CODES.signBad);
      expect(theirs.judge(signedForThem).rejection).toBeUndefined();
      expect(mine.judge(signedForThem).rejection?.code).toBe(FAIL_CODES.signBad);
    }
  });
});
