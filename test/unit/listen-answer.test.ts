import { describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED } from '../../src/core/callback-url.js';
import {
  countOutcome,
  createListenStats,
  decideAnswer,
  decideClientError,
  RECORD_FAILED_ANSWER,
} from '../../src/core/listen-answer.js';
import { FAIL_CODES, judgeRequest } from '../../src/core/listen-ladder.js';
import { buildRecordLine } from '../../src/core/record.js';

const REPLY = { status: 200, body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}' };
const BODY = Buffer.from(
  JSON.stringify({
    CallbackCommand: AFTER_GROUP_DESTROYED,
    GroupId: '@TGS#1',
    Type: 'Public',
    Owner_Account: 'leckie',
    MemberList: [{ Member_Account: 'leckie' }],
    EventTime: 1670574414123,
  }),
);
const judge = (method: string, body: Buffer | null = BODY) =>
  judgeRequest(
    { method, target: '/', body, nowSeconds: 1_800_000_000 },
    { toleranceSeconds: 60, strict: false },
  );

describe('decideAnswer', () => {
  it('answers a rejection its FAIL packet, even when forwarding', () => {
    const decision = decideAnswer(judge('GET'), REPLY, 'backend', BODY);
    expect(decision.kind).toBe('reject');
    expect(decision).toMatchObject({ answer: { status: 405 } });
    const packet = JSON.parse((decision as { answer: { body: string } }).answer.body);
    expect(packet).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: FAIL_CODES.wrongMethod });
  });

  it('relays an accepted callback when forwarding, else answers the reply packet', () => {
    expect(decideAnswer(judge('POST'), REPLY, 'backend', BODY)).toEqual({
      kind: 'forward',
      to: 'backend',
      body: BODY,
    });
    expect(decideAnswer(judge('POST'), REPLY, undefined, BODY)).toEqual({
      kind: 'reply',
      answer: REPLY,
    });
  });
});

describe('countOutcome', () => {
  it('counts each request once by how it ended, plus duplicates and relays', () => {
    const stats = createListenStats();
    const base = { cut: false, failed: false, rejected: false, duplicate: false };
    countOutcome(stats, base);
    countOutcome(stats, { ...base, rejected: true });
    countOutcome(stats, { ...base, cut: true, rejected: true });
    countOutcome(stats, { ...base, failed: true, duplicate: true });
    countOutcome(stats, { ...base, forward: { error: new Error('down') } });
    countOutcome(stats, { ...base, forward: {} });
    expect(stats).toMatchObject({
      received: 6,
      accepted: 3,
      rejected: 1,
      cut: 1,
      errors: 1,
      duplicates: 1,
      forwarded: 2,
      backendErrors: 1,
    });
  });
});

describe('decideClientError', () => {
  it('stays quiet for a vanished peer and answers the rest with their own FAIL code', () => {
    expect(decideClientError('ECONNRESET')).toEqual({ kind: 'quiet' });
    expect(decideClientError('EPIPE')).toEqual({ kind: 'quiet' });
    const cases = [
      ['HPE_HEADER_OVERFLOW', 431, FAIL_CODES.headersTooLarge, false],
      ['ERR_HTTP_REQUEST_TIMEOUT', 408, FAIL_CODES.requestTimeout, true],
      ['HPE_INVALID_METHOD', 400, FAIL_CODES.malformedHttp, false],
    ] as const;
    for (const [code, status, errorCode, timedOut] of cases) {
      const decision = decideClientError(code);
      if (decision.kind !== 'answer') throw new Error(`${code} was not answered`);
      expect(decision.timedOut).toBe(timedOut);
      expect(decision.answer.status).toBe(status);
      expect(JSON.parse(decision.answer.body).ErrorCode).toBe(errorCode);
    }
    expect(RECORD_FAILED_ANSWER.status).toBe(500);
  });
});

describe('buildRecordLine for a cut connection', () => {
  it('says nothing was answered, whatever was planned', () => {
    const line = buildRecordLine({
      id: 'x',
      receivedAtMs: 0,
      remoteAddress: '127.0.0.1',
      method: 'POST',
      headers: {},
      rawBody: BODY,
      bodyBytes: BODY.length,
      verdict: judge('POST'),
      duplicate: false,
      response: REPLY,
      cut: true,
      durationMs: 1,
    });
    expect(line.response).toEqual({ status: 0, body: '' });
    expect(line.cut).toBe(true);
  });
});
