import { describe, expect, it } from 'vitest';
import { checkAnswer, expectOk } from '../../src/core/response-check.js';

const ok = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
const answer = (over: Partial<Parameters<typeof checkAnswer>[0]>) =>
  checkAnswer({
    status: 200,
    contentType: 'application/json',
    body: ok,
    latencyMs: 5,
    timeoutMs: 2000,
    ...over,
  });

const failed = (result: ReturnType<typeof checkAnswer>) =>
  result.checks.filter((c) => !c.ok).map((c) => c.name);

describe('checkAnswer', () => {
  it('passes a documented OK packet', () => {
    const result = answer({});
    expect(result.wellFormed).toBe(true);
    expect(result.actionStatus).toBe('OK');
    expect(result.warnings).toEqual([]);
    expect(expectOk(result).ok).toBe(true);
  });

  it('names each failure', () => {
    expect(failed(answer({ status: 500 }))).toEqual(['status']);
    expect(failed(answer({ body: '<html></html>', contentType: 'text/html' }))).toEqual([
      'json-object',
    ]);
    expect(failed(answer({ body: '[1]' }))).toEqual(['json-object']);
    expect(failed(answer({ body: '{"ActionStatus":"OK","ErrorCode":0}' }))).toEqual(['error-info']);
    expect(
      failed(answer({ body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":"0"}' })),
    ).toEqual(['error-code']);
    expect(failed(answer({ body: '{"ActionStatus":"Ok","ErrorInfo":"","ErrorCode":0}' }))).toEqual([
      'action-status',
    ]);
    expect(failed(answer({ latencyMs: 2500 }))).toEqual(['in-time']);
  });

  it('tells FAIL from OK without calling FAIL malformed', () => {
    const result = answer({ body: '{"ActionStatus":"FAIL","ErrorInfo":"no","ErrorCode":1}' });
    expect(result.wellFormed).toBe(true);
    expect(expectOk(result)).toMatchObject({
      ok: false,
      message: 'ActionStatus is FAIL, expected OK',
    });
  });

  it('warns about a non-JSON Content-Type, OK with an error code, and slowness', () => {
    expect(answer({ contentType: 'text/plain' }).warnings[0]).toMatch(/Content-Type/);
    expect(
      answer({ body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":3}' }).warnings[0],
    ).toMatch(/ErrorCode is 3/);
    expect(answer({ latencyMs: 1500 }).warnings[0]).toMatch(/above half/);
  });
});

describe('an answer cut at --max-answer', () => {
  it('fails answer-size instead of being parsed, and says the cap', () => {
    const cut = answer({ cutAtBytes: 64 * 1024 });
    expect(cut.wellFormed).toBe(false);
    expect(cut.actionStatus).toBeUndefined();
    expect(cut.checks.map((c) => c.name)).toEqual(['status', 'answer-size', 'in-time']);
    expect(cut.checks[1]?.message).toBe(
      'answer larger than 64 KiB (--max-answer); the rest was not read',
    );
    expect(answer({ cutAtBytes: 1024 * 1024 }).checks[1]?.message).toMatch(
      /^answer larger than 1 MiB /,
    );
    expect(answer({ cutAtBytes: 1000 }).checks[1]?.message).toMatch(
      /^answer larger than 1000 bytes /,
    );
  });
});
