import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import type { CatalogEntry } from '../../src/core/catalog/types.js';
import { UsageError } from '../../src/core/errors.js';
import {
  ALLOW_PACKET,
  buildReplyTable,
  checkCommandReply,
  checkRelayedDecision,
  DENY_PACKET,
  DISCARD_PACKET,
  decisionOf,
  defaultFlag,
  defaultSpecFor,
  parseReplyFlag,
} from '../../src/core/listen-reply.js';

const BEFORE_SEND = CATALOG.find((e) => e.command === 'C2C.CallbackBeforeSendMsg') as CatalogEntry;
/** A before-callback without discard, and an after-callback: shapes the catalogue has. */
const { customRange: _, ...withoutRange } = BEFORE_SEND;
const NO_DISCARD: CatalogEntry = {
  ...withoutRange,
  command: 'Group.CallbackBeforeCreateGroup',
  errorCodes: { 0: 'allow: created', 1: 'deny: not created' },
};
const AFTER: CatalogEntry = { ...BEFORE_SEND, command: 'C2C.CallbackAfterSendMsg', phase: 'after' };

describe('parseReplyFlag', () => {
  it('tells defaults, per-command decisions and files apart', () => {
    expect(parseReplyFlag('deny')).toEqual({
      raw: 'deny',
      command: undefined,
      spec: { kind: 'deny' },
    });
    expect(parseReplyFlag('c2c.before-send-msg=discard')).toMatchObject({
      command: 'c2c.before-send-msg',
      spec: { kind: 'discard' },
    });
    expect(parseReplyFlag('C2C.CallbackBeforeSendMsg=./r.json')).toMatchObject({
      command: 'C2C.CallbackBeforeSendMsg',
      spec: { kind: 'file', path: './r.json' },
    });
    // `./deny` names a file called deny; a path with `=` stays a file.
    expect(parseReplyFlag('./deny').spec).toEqual({ kind: 'file', path: './deny' });
    expect(parseReplyFlag('./a.b=c.json').spec).toEqual({ kind: 'file', path: './a.b=c.json' });
    expect(parseReplyFlag('reply.json').command).toBeUndefined();
  });
});

describe('--reply rules', () => {
  it('refuses two defaults', () => {
    expect(() => defaultFlag(['ok', 'deny'].map(parseReplyFlag))).toThrow(UsageError);
    expect(() => defaultFlag(['ok', 'deny'].map(parseReplyFlag))).toThrow(
      /two defaults \(ok, deny\)/,
    );
    expect(defaultFlag(['x.y=deny', 'deny'].map(parseReplyFlag))?.raw).toBe('deny');
  });

  it('refuses discard for a command without it, and deny or discard for an after-callback', () => {
    expect(() => checkCommandReply(parseReplyFlag('g.c=discard'), NO_DISCARD)).toThrow(
      /Group.CallbackBeforeCreateGroup has no discard decision \(it takes ErrorCode 0 or 1\)/,
    );
    expect(() => checkCommandReply(parseReplyFlag('c.a=deny'), AFTER)).toThrow(/only acknowledged/);
    expect(() => checkCommandReply(parseReplyFlag('c.b=discard'), BEFORE_SEND)).not.toThrow();
    expect(() => checkCommandReply(parseReplyFlag('c.a=fail'), AFTER)).not.toThrow();
  });

  it('applies a default as each command can take it', () => {
    expect(defaultSpecFor({ kind: 'discard' }, BEFORE_SEND)).toEqual({ kind: 'discard' });
    expect(defaultSpecFor({ kind: 'discard' }, NO_DISCARD)).toEqual({ kind: 'deny' });
    expect(defaultSpecFor({ kind: 'deny' }, AFTER)).toEqual({ kind: 'allow' });
    expect(defaultSpecFor({ kind: 'deny' }, undefined)).toEqual({ kind: 'allow' });
    expect(defaultSpecFor({ kind: 'fail' }, AFTER)).toEqual({ kind: 'fail' });
  });

  it('works out every command once, with its decision', () => {
    const table = buildReplyTable({
      catalog: [BEFORE_SEND, NO_DISCARD, AFTER],
      perCommand: new Map([[AFTER.command, { kind: 'fail' as const }]]),
      fallback: { kind: 'discard' },
      files: new Map(),
      status: 200,
    });
    expect(table.byCommand.get(BEFORE_SEND.command)?.answer.body).toBe(DISCARD_PACKET);
    expect(table.byCommand.get(NO_DISCARD.command)?.answer.body).toBe(DENY_PACKET);
    expect(table.byCommand.get(NO_DISCARD.command)?.decision).toMatchObject({
      word: 'deny',
      meaning: 'not created',
    });
    expect(JSON.parse(table.byCommand.get(AFTER.command)?.answer.body ?? '')).toMatchObject({
      ActionStatus: 'FAIL',
    });
    expect(table.byCommand.get(AFTER.command)?.decision).toBeUndefined();
    expect(table.fallback.answer.body).toBe(ALLOW_PACKET);
  });
});

describe('decisions of an answer', () => {
  it('names allow, deny, discard, custom codes, FAIL and codes the command does not take', () => {
    const code = (ErrorCode: number, ActionStatus = 'OK') =>
      decisionOf(BEFORE_SEND, { ActionStatus, ErrorCode, ErrorInfo: '' })?.word;
    expect([0, 1, 2, 120_005, 3].map((n) => code(n))).toEqual([
      'allow',
      'deny',
      'discard',
      'custom',
      'invalid',
    ]);
    expect(code(2, 'FAIL')).toBe('fail');
    expect(code(2, 'OK')).toBe('discard');
    expect(decisionOf(NO_DISCARD, { ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' })?.word).toBe(
      'invalid',
    );
    expect(decisionOf(BEFORE_SEND, 'not a packet')).toBeUndefined();
  });

  it("checks a backend's decision: a code the command does not take, a MsgBody element without MsgType", () => {
    expect(checkRelayedDecision(BEFORE_SEND, DENY_PACKET).checks).toEqual([]);
    const three = checkRelayedDecision(
      BEFORE_SEND,
      '{"ActionStatus":"OK","ErrorCode":3,"ErrorInfo":""}',
    );
    expect(three.checks[0]?.message).toMatch(
      /ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes/,
    );
    expect(three.decision?.word).toBe('invalid');
    const rewrite = checkRelayedDecision(
      BEFORE_SEND,
      JSON.stringify({
        ActionStatus: 'OK',
        ErrorCode: 0,
        ErrorInfo: '',
        MsgBody: [{ MsgContent: {} }],
      }),
    );
    expect(rewrite.checks.map((c) => c.message)).toEqual(['/MsgBody/0/MsgType: is required']);
  });
});
