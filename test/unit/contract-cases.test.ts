import { describe, expect, it } from 'vitest';
import {
  CASE_IDS,
  type CaseContext,
  CONTRACT_CASES,
  type ContractCase,
  createRunTag,
  missingRequirement,
  otherSdkAppId,
  parseCaseList,
  SKEW_SECONDS,
  selectCases,
} from '../../src/core/contract-cases.js';
import {
  type DeliveryOutcome,
  isUnreachable,
  judgeCase,
  skipCase,
  suiteExitCode,
  summarize,
} from '../../src/core/contract-verdict.js';
import { UsageError } from '../../src/core/errors.js';
import { sign, verifySign } from '../../src/core/sign.js';
import { validateGroupDestroyed } from '../../src/core/validation.js';
import { loadCallbackFixture } from '../../src/io/fixtures.js';

const NOW_MS = 1_764_095_016_120;
const NOW_S = Math.floor(NOW_MS / 1000);
const TOKEN = 'unit-secret-token';

function kase(id: string): ContractCase {
  const found = CONTRACT_CASES.find((c) => c.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return found;
}

function context(overrides: Partial<CaseContext> = {}): CaseContext {
  return {
    target: 'http://127.0.0.1:9/im/callback?tenant=a',
    sdkAppId: '1400012345',
    token: TOKEN,
    nowMs: NOW_MS,
    runTag: createRunTag(NOW_MS),
    index: 0,
    loadFixture: loadCallbackFixture,
    ...overrides,
  };
}

function build(id: string, overrides: Partial<CaseContext> = {}) {
  const request = kase(id).build(context({ index: CASE_IDS.indexOf(id), ...overrides }));
  const url = new URL(request.url);
  return { request, url, query: url.searchParams, body: JSON.parse(request.body) };
}

describe('the case catalogue', () => {
  it('has exactly the ids DESIGN.md names, acceptance cases first', () => {
    expect(CASE_IDS).toEqual([
      'documented-example',
      'private-group',
      'public-group',
      'chatroom-group',
      'avchatroom-group',
      'community-group',
      'non-ascii-name',
      'large-group',
      'cn-edition-body',
      'eventtime-string',
      'unknown-field',
      'duplicate-delivery',
      'wrong-sdkappid',
      'wrong-sign',
      'missing-sign',
      'stale-request',
      'future-request',
    ]);
    for (const c of CONTRACT_CASES) {
      expect(c.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.description).not.toContain('\n');
    }
    expect(CONTRACT_CASES.filter((c) => c.expect === 'reject').map((c) => c.needs)).toEqual([
      'sdkappid',
      'token',
      'token',
      'token',
      'token',
    ]);
  });

  it('builds every acceptance body valid, fresh and unique, with a valid Sign', () => {
    const groupIds = new Set<string>();
    for (const c of CONTRACT_CASES.filter((k) => k.expect === 'accept')) {
      const { body, query, url } = build(c.id);
      const result = validateGroupDestroyed(body);
      expect(result.problems, c.id).toEqual([]);
      expect(String(body.EventTime), c.id).toBe(String(NOW_MS));
      groupIds.add(body.GroupId);
      expect(query.get('tenant'), c.id).toBe('a');
      expect(url.pathname).toBe('/im/callback');
      expect(query.get('SdkAppid')).toBe('1400012345');
      expect(query.get('CallbackCommand')).toBe('Group.CallbackAfterGroupDestroyed');
      expect(query.get('RequestTime')).toBe(String(NOW_S));
      expect(
        verifySign({
          token: TOKEN,
          sign: query.get('Sign') ?? undefined,
          requestTime: query.get('RequestTime') ?? undefined,
          now: NOW_S,
        }).outcome,
      ).toBe('ok');
    }
    expect(groupIds.size).toBe(12);
  });

  it('gives each case the shape its id promises', () => {
    expect(build('community-group').body).not.toHaveProperty('MemberList');
    expect(build('community-group').body.Type).toBe('Community');
    expect(build('private-group').body.Type).toBe('Private');
    expect(build('chatroom-group').body.Type).toBe('ChatRoom');
    expect(build('avchatroom-group').body.Type).toBe('AVChatRoom');
    expect(build('public-group').body.Type).toBe('Public');
    expect(build('large-group').body.MemberList).toHaveLength(10_000);
    expect(build('cn-edition-body').body.Operator_Account).toBe('administrator');
    expect(build('eventtime-string').body.EventTime).toBe(String(NOW_MS));
    expect(build('non-ascii-name').body.Name).toMatch(/[^\x20-\x7e]/);
    expect(build('unknown-field').body).toHaveProperty('FutureField');
    expect(build('duplicate-delivery').request.deliveries).toBe(2);
    expect(build('documented-example').request.deliveries).toBe(1);
  });

  it('sends a placeholder SdkAppid when none is given, and no Sign without a token', () => {
    expect(build('documented-example', { sdkAppId: undefined }).query.get('SdkAppid')).toBe(
      '1400000000',
    );
    expect(build('documented-example', { token: undefined }).query.has('Sign')).toBe(false);
  });

  it('GroupIds differ between runs', () => {
    const a = build('documented-example', { runTag: createRunTag(NOW_MS) }).body.GroupId;
    const b = build('documented-example', { runTag: createRunTag(NOW_MS + 1) }).body.GroupId;
    expect(a).not.toBe(b);
  });

  it('builds each rejection with exactly one fault', () => {
    const wrongApp = build('wrong-sdkappid').query;
    expect(wrongApp.get('SdkAppid')).not.toBe('1400012345');
    expect(wrongApp.get('Sign')).toBe(sign(TOKEN, NOW_S));
    expect(otherSdkAppId('1400000000')).not.toBe('1400000000');

    const wrongSign = build('wrong-sign').query;
    expect(wrongSign.get('SdkAppid')).toBe('1400012345');
    expect(wrongSign.get('RequestTime')).toBe(String(NOW_S));
    expect(wrongSign.get('Sign')).toMatch(/^[0-9a-f]{64}$/);
    expect(wrongSign.get('Sign')).not.toBe(sign(TOKEN, NOW_S));

    const missing = build('missing-sign').query;
    expect(missing.has('Sign')).toBe(false);
    expect(missing.get('RequestTime')).toBe(String(NOW_S));

    const stale = build('stale-request').query;
    expect(stale.get('RequestTime')).toBe(String(NOW_S - SKEW_SECONDS));
    expect(stale.get('Sign')).toBe(sign(TOKEN, NOW_S - SKEW_SECONDS));

    const future = build('future-request').query;
    expect(future.get('RequestTime')).toBe(String(NOW_S + SKEW_SECONDS));
    expect(future.get('Sign')).toBe(sign(TOKEN, NOW_S + SKEW_SECONDS));

    for (const id of ['wrong-sdkappid', 'wrong-sign', 'missing-sign', 'stale-request']) {
      expect(validateGroupDestroyed(build(id).body).problems, id).toEqual([]);
      expect(build(id).request.url).not.toContain(TOKEN);
    }
  });

  it('names the flag a case still needs', () => {
    const none = { sdkAppId: undefined, token: undefined };
    expect(missingRequirement(kase('wrong-sdkappid'), none)).toBe('--sdkappid');
    expect(missingRequirement(kase('wrong-sign'), none)).toBe('--token');
    expect(missingRequirement(kase('documented-example'), none)).toBeUndefined();
    expect(missingRequirement(kase('wrong-sign'), { sdkAppId: undefined, token: 't' })).toBe(
      undefined,
    );
  });
});

describe('--cases', () => {
  it('selects in catalogue order and rejects unknown ids, listing the valid ones', () => {
    expect(selectCases(['large-group', 'documented-example']).map((c) => c.id)).toEqual([
      'documented-example',
      'large-group',
    ]);
    expect(selectCases(undefined)).toHaveLength(17);
    expect(() => selectCases(['bogus'])).toThrow(UsageError);
    try {
      selectCases(['bogus', 'large-group']);
    } catch (error) {
      expect((error as UsageError).message).toContain('"bogus"');
      expect((error as UsageError).hint).toContain('documented-example');
      expect((error as UsageError).exitCode).toBe(2);
    }
    expect(parseCaseList(' a, b ,,c')).toEqual(['a', 'b', 'c']);
    expect(() => parseCaseList(' , ')).toThrow(UsageError);
  });
});

const OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
const FAIL = '{"ActionStatus":"FAIL","ErrorInfo":"bad sign","ErrorCode":401}';

function answer(status: number, body: string, latencyMs = 3, contentType = 'application/json') {
  return { kind: 'answer', status, body, latencyMs, contentType } as const;
}

function failed(result: ReturnType<typeof judgeCase>): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.name);
}

describe('judging an acceptance case', () => {
  const c = kase('documented-example');

  it('passes a well-formed 200 OK in time', () => {
    const r = judgeCase(c, [answer(200, OK)], 2000);
    expect(r.status).toBe('passed');
    expect(r.latencyMs).toBe(3);
    expect(r.checks.map((k) => k.name)).toEqual([
      'status',
      'json-object',
      'action-status',
      'error-code',
      'error-info',
      'in-time',
      'answered-ok',
    ]);
  });

  it('fails naming the check that broke', () => {
    expect(failed(judgeCase(c, [answer(500, OK)], 2000))).toEqual(['status']);
    expect(failed(judgeCase(c, [answer(200, FAIL)], 2000))).toEqual(['answered-ok']);
    expect(
      failed(
        judgeCase(c, [answer(200, '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":"0"}')], 2000),
      ),
    ).toEqual(['error-code']);
    expect(failed(judgeCase(c, [answer(200, '<html>hi</html>', 3, 'text/html')], 2000))).toEqual([
      'json-object',
      'answered-ok',
    ]);
    expect(failed(judgeCase(c, [answer(200, OK, 2500)], 2000))).toEqual(['in-time']);
  });

  it('warns, not fails, on a non-JSON Content-Type, OK with an ErrorCode, a slow-ish answer', () => {
    const r = judgeCase(
      c,
      [answer(200, '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":7}', 1500, 'text/plain')],
      2000,
    );
    expect(r.status).toBe('passed');
    expect(r.warnings.join('\n')).toMatch(/Content-Type/);
    expect(r.warnings.join('\n')).toMatch(/ErrorCode is 7/);
    expect(r.warnings.join('\n')).toMatch(/above half/);
  });

  it('turns network errors into named failed checks', () => {
    const timeout: DeliveryOutcome = {
      kind: 'error',
      errorKind: 'timeout',
      message: 'no answer within 4000 ms',
    };
    const refused: DeliveryOutcome = {
      kind: 'error',
      errorKind: 'refused',
      message: 'connection refused by 127.0.0.1:9',
    };
    const slow = judgeCase(c, [timeout], 2000);
    expect(failed(slow)).toEqual(['in-time']);
    expect(slow.reached).toBe(true);
    const down = judgeCase(c, [refused], 2000);
    expect(failed(down)).toEqual(['connection']);
    expect(down.checks[0]?.message).toContain('refused');
    expect(down.reached).toBe(false);
    expect(down.latencyMs).toBeNull();
  });

  it('names the checks of a second delivery after it', () => {
    const r = judgeCase(kase('duplicate-delivery'), [answer(200, OK), answer(200, FAIL, 9)], 2000);
    expect(r.status).toBe('failed');
    expect(failed(r)).toEqual(['second-delivery-answered-ok']);
    expect(r.checks.find((k) => !k.ok)?.message).toMatch(/^second delivery: /);
    expect(r.latencyMs).toBe(9);
  });
});

describe('judging a rejection case', () => {
  const c = kase('wrong-sign');

  it('passes a non-200 or a 200 with a well-formed FAIL packet', () => {
    expect(judgeCase(c, [answer(401, FAIL)], 2000).status).toBe('passed');
    expect(judgeCase(c, [answer(403, 'Forbidden', 1, 'text/plain')], 2000).status).toBe('passed');
    expect(judgeCase(c, [answer(200, FAIL)], 2000).status).toBe('passed');
  });

  it('fails a 200 OK, saying the backend was fooled', () => {
    const r = judgeCase(c, [answer(200, OK)], 2000);
    expect(r.status).toBe('failed');
    expect(failed(r)).toEqual(['rejected']);
    expect(r.checks.find((k) => k.name === 'rejected')?.message).toBe(
      'accepted a forged callback (wrong Sign): answered 200 OK',
    );
  });

  it('fails a malformed 200 and a rejection that comes too late', () => {
    expect(failed(judgeCase(c, [answer(200, 'nope', 1, 'text/plain')], 2000))).toEqual([
      'json-object',
      'rejected',
    ]);
    expect(failed(judgeCase(c, [answer(401, FAIL, 2500)], 2000))).toEqual(['in-time']);
  });
});

describe('the suite verdict', () => {
  const ok = judgeCase(kase('documented-example'), [answer(200, OK)], 2000);
  const bad = judgeCase(kase('public-group'), [answer(500, OK)], 2000);
  const down = judgeCase(
    kase('private-group'),
    [{ kind: 'error', errorKind: 'refused', message: 'refused' }],
    2000,
  );
  const skipped = skipCase(kase('wrong-sign'), '--token');

  it('exits 0 when all passed (skips allowed), 1 on a failure, 3 when nothing was reached', () => {
    expect(suiteExitCode([ok, skipped])).toBe(0);
    expect(suiteExitCode([ok, bad, skipped])).toBe(1);
    expect(suiteExitCode([ok, down])).toBe(1);
    expect(suiteExitCode([down, down, skipped])).toBe(3);
    expect(isUnreachable([skipped])).toBe(false);
    expect(summarize([ok, bad, down, skipped])).toEqual({
      passed: 1,
      failed: 2,
      inconclusive: 0,
      skipped: 1,
      interrupted: 0,
      total: 4,
    });
    expect(skipped.skipReason).toBe('needs --token');
  });
});
