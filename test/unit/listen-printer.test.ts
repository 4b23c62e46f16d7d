import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED } from '../../src/core/callback-url.js';
import { judgeRequest } from '../../src/core/listen-ladder.js';
import { buildRecordLine } from '../../src/core/record.js';
import { formatExchange, formatSummary, safe } from '../../src/io/listen-printer.js';
import type { Exchange } from '../../src/io/listener.js';

const plain = new Chalk({ level: 0 });
const ESC = String.fromCharCode(0x1b);
/** Control characters other than the newlines between lines. */
const controlCharacters = (text: string) =>
  [...text].filter((ch) => {
    const code = ch.charCodeAt(0);
    return (code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
  });
const coloured = new Chalk({ level: 1 });

function exchangeFor(
  body: string,
  target = `/?CallbackCommand=${AFTER_GROUP_DESTROYED}`,
): Exchange {
  const raw = Buffer.from(body);
  const verdict = judgeRequest(
    { method: 'POST', target, body: raw, nowSeconds: 1_800_000_000 },
    { toleranceSeconds: 60, strict: false },
  );
  const line = buildRecordLine({
    id: 'x',
    receivedAtMs: 1_800_000_000_000,
    remoteAddress: '127.0.0.1',
    method: 'POST',
    headers: {},
    rawBody: raw,
    bodyBytes: raw.length,
    verdict,
    duplicate: false,
    response: { status: 200, body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}' },
    durationMs: 0.4,
  });
  return {
    seq: 1,
    receivedAtMs: 1_800_000_000_000,
    line,
    lineText: undefined,
    verdict,
    forward: undefined,
    failure: undefined,
  };
}

const group = (members: number, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    CallbackCommand: AFTER_GROUP_DESTROYED,
    GroupId: '@TGS#big',
    Type: 'ChatRoom',
    Owner_Account: 'owner',
    Name: 'Big',
    MemberList: Array.from({ length: members }, (_, i) => ({ Member_Account: `user${i}` })),
    EventTime: 1670574414123,
    ...over,
  });

describe('formatExchange', () => {
  it('prints a 10,000-member dismissal in a few lines, the rest counted', () => {
    const text = formatExchange(plain, exchangeFor(group(10_000)));
    const lines = text.split('\n');
    expect(lines.length).toBeLessThanOrEqual(8);
    expect(text).toContain('10,000 members');
    expect(text).toContain('user0, user1, user2, user3, user4 … and 9,995 more');
    expect(text).not.toContain('user5,');
    expect(text).toContain('← 200');
  });

  it('has no colour codes at level 0 and some at level 1', () => {
    const e = exchangeFor(group(3));
    expect(formatExchange(plain, e)).not.toContain(`${ESC}[`);
    expect(formatExchange(coloured, e)).toContain(`${ESC}[`);
  });

  it('never passes a client’s control bytes to the terminal', () => {
    const evil = group(1, { Name: 'x\u001b]0;pwned\u0007\u009b31m', GroupId: 'g\r\nfake line' });
    const text = formatExchange(plain, exchangeFor(evil));
    expect(controlCharacters(text)).toEqual([]);
    expect(text).toContain('\\u001b');
    expect(text.split('\n')[1]).toContain('g\\u000d\\u000afake line');
  });

  it('shows a generic command with a body preview and a warning', () => {
    const text = formatExchange(
      plain,
      exchangeFor(
        '{"CallbackCommand":"C2C.CallbackAfterSendMsg"}',
        '/?CallbackCommand=C2C.CallbackAfterSendMsg',
      ),
    );
    expect(text).toContain('C2C.CallbackAfterSendMsg');
    expect(text).toContain('body');
    expect(text).toMatch(/! no schema for C2C/);
  });

  it('cuts a long list of schema problems', () => {
    const bad = JSON.stringify({
      ...JSON.parse(group(0)),
      MemberList: Array.from({ length: 50 }, () => ({ Member_Account: 1 })),
    });
    const text = formatExchange(plain, exchangeFor(bad));
    expect(text.match(/✖/g)?.length).toBe(5);
    expect(text).toMatch(/… 16 more schema problems/);
  });
});

describe('safe', () => {
  it('escapes control and bidi characters and cuts long text', () => {
    expect(safe('a\u0000b\u202ec')).toBe('a\\u0000b\\u202ec');
    expect(safe('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(safe('群主😀')).toBe('群主😀');
  });
});

describe('formatSummary', () => {
  it('counts received, accepted, rejected, duplicates', () => {
    const [line] = formatSummary(plain, {
      received: 5,
      accepted: 3,
      rejected: 2,
      duplicates: 1,
      forwarded: 0,
      backendErrors: 0,
      aborted: 0,
      cut: 0,
      timedOut: 0,
      malformedHttp: 0,
      errors: 0,
    });
    expect(line).toBe('stopped: received 5 · accepted 3 · rejected 2 · duplicates 1');
  });
});
