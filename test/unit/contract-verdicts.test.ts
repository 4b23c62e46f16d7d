import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import {
  cutUtf8,
  type DeliveryOutcome,
  describeOutcome,
  type GivenFlags,
  likelyCause,
  reportAnswer,
} from '../../src/core/contract-answer.js';
import { buildControl, CONTRACT_CASES, type ContractCase } from '../../src/core/contract-cases.js';
import { suiteHints } from '../../src/core/contract-hints.js';
import {
  type CaseResult,
  interruptedCase,
  judgeCase,
  judgeProbe,
  type SuiteReport,
  suiteExitCode,
  summarize,
} from '../../src/core/contract-verdict.js';
import { verifySign } from '../../src/core/sign.js';
import { loadCallbackFixture } from '../../src/io/fixtures.js';
import { renderGithub } from '../../src/io/reporters/github.js';
import { renderHuman } from '../../src/io/reporters/human.js';
import { buildJsonReport } from '../../src/io/reporters/json.js';
import { renderJunit } from '../../src/io/reporters/junit.js';
import { parseJunit } from '../helpers/junit.js';

const OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
const APP_FAIL = '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"invalid sdk appId"}';
const SIGN_FAIL = '{"ActionStatus":"FAIL","ErrorCode":401,"ErrorInfo":"bad sign"}';
const WITH_TOKEN: GivenFlags = { token: true, sdkAppId: '1400099999', placeholderSdkAppId: false };
const NO_TOKEN: GivenFlags = { token: false, sdkAppId: '1400099999', placeholderSdkAppId: false };

function kase(id: string): ContractCase {
  const found = CONTRACT_CASES.find((c) => c.id === id);
  if (!found) throw new Error(id);
  return found;
}

function answer(status: number, body: string, latencyMs = 3): DeliveryOutcome {
  return { kind: 'answer', status, body, latencyMs, contentType: 'application/json' };
}

const REFUSED: DeliveryOutcome = { kind: 'error', errorKind: 'refused', message: 'refused' };

function report(results: CaseResult[], given = WITH_TOKEN, interrupted?: string): SuiteReport {
  return {
    target: 'http://127.0.0.1:9/im/callback',
    startedAt: '2026-11-25T18:03:36.120Z',
    durationMs: 50,
    timeoutMs: 2000,
    placeholderSdkAppId: given.placeholderSdkAppId,
    results,
    summary: summarize(results),
    hints: suiteHints(results, given),
    interrupted,
  };
}

describe('a probe with its control', () => {
  const probe = kase('wrong-sign');

  it('passes when the control was accepted and the probe refused', () => {
    const r = judgeProbe(probe, answer(401, SIGN_FAIL), answer(200, OK), 2000, WITH_TOKEN);
    expect(r.status).toBe('passed');
    expect(r.checks[0]).toMatchObject({ name: 'control', ok: true });
    expect(suiteExitCode([r])).toBe(0);
  });

  it('is inconclusive when the control was refused too, naming what it got and why', () => {
    const r = judgeProbe(probe, answer(200, APP_FAIL), answer(200, APP_FAIL), 2000, WITH_TOKEN);
    expect(r.status).toBe('inconclusive');
    expect(r.checks[0]?.message).toBe(
      'inconclusive: a valid callback sent just before was refused too (HTTP 200, FAIL (ErrorCode 1): "invalid sdk appId"); check --sdkappid (1400099999 was sent)',
    );
    // Never exit 0, also when the run holds nothing else.
    expect(suiteExitCode([r])).toBe(1);
    expect(summarize([r])).toMatchObject({ inconclusive: 1, passed: 0, failed: 0 });
  });

  it('is inconclusive when the control got no answer, or a 404', () => {
    const timeout: DeliveryOutcome = { kind: 'error', errorKind: 'timeout', message: 'no answer' };
    expect(judgeProbe(probe, answer(401, ''), timeout, 2000, WITH_TOKEN).status).toBe(
      'inconclusive',
    );
    const r = judgeProbe(probe, answer(404, 'Not Found'), answer(404, 'Not Found'), 2000, NO_TOKEN);
    expect(r.status).toBe('inconclusive');
    expect(r.checks[0]?.message).toMatch(
      /HTTP 404, body "Not Found"\); check the path of the URL$/,
    );
  });

  it('still fails a probe that was accepted, whatever the control got', () => {
    const r = judgeProbe(probe, answer(200, OK), answer(500, ''), 2000, WITH_TOKEN);
    expect(r.status).toBe('failed');
    expect(r.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['control', 'rejected']);
  });

  it('the control is a valid callback: signed with the token, a body of its own', () => {
    const context = {
      target: 'http://127.0.0.1:9/cb?x=1',
      sdkAppId: '1400099999',
      token: 'tok',
      nowMs: 1_764_095_016_120,
      runTag: 'abc',
      index: 63,
      loadFixture: loadCallbackFixture,
    };
    const control = buildControl(context);
    const url = new URL(control.url);
    expect(url.searchParams.get('SdkAppid')).toBe('1400099999');
    expect(url.searchParams.get('x')).toBe('1');
    const verdict = verifySign({
      token: 'tok',
      sign: url.searchParams.get('Sign') ?? undefined,
      requestTime: url.searchParams.get('RequestTime') ?? undefined,
      now: Math.floor(context.nowMs / 1000),
      toleranceSeconds: 60,
    });
    expect(verdict.outcome).toBe('ok');
    const probeBody = JSON.parse(kase('wrong-sign').build({ ...context, index: 13 }).body);
    expect(JSON.parse(control.body).GroupId).not.toBe(probeBody.GroupId);
  });
});

describe("IM's 2-second budget", () => {
  it('fails an answer at 2534 ms even with --timeout 5000', () => {
    const r = judgeCase(kase('documented-example'), [answer(200, OK, 2534)], 5000);
    expect(r.status).toBe('failed');
    expect(r.checks.find((c) => !c.ok)?.message).toBe(
      "answered in 2534 ms, over IM's 2000 ms budget (Tencent IM gives up after 2 s)",
    );
  });

  it('keeps a stricter --timeout', () => {
    const r = judgeCase(kase('documented-example'), [answer(200, OK, 700)], 500);
    expect(r.checks.find((c) => !c.ok)?.message).toBe(
      'answered in 700 ms, over the 500 ms timeout',
    );
  });
});

describe('what the backend said', () => {
  it('shows ErrorInfo of a packet, or the start of another body', () => {
    expect(describeOutcome(answer(403, APP_FAIL))).toBe(
      'HTTP 403, FAIL (ErrorCode 1): "invalid sdk appId"',
    );
    expect(describeOutcome(answer(404, '<h1>Not\n Found</h1>'))).toBe(
      'HTTP 404, body "<h1>Not Found</h1>"',
    );
    expect(describeOutcome(answer(502, ''))).toBe('HTTP 502, empty body');
    const long = describeOutcome(answer(500, 'x'.repeat(300)));
    expect(long).toBe(`HTTP 500, body "${'x'.repeat(200)}"…`);
    expect(describeOutcome(REFUSED)).toBe('no answer: refused');
  });

  it('cuts a report body at 4 KiB of UTF-8 without splitting a character', () => {
    expect(cutUtf8('周末🏔️', 4)).toBe('周');
    expect(cutUtf8('周末', 6)).toBe('周末');
    const big = reportAnswer(answer(200, '周'.repeat(2000)));
    expect(Buffer.byteLength(big?.body ?? '')).toBe(4095);
    expect(big?.truncated).toBe(true);
    expect(reportAnswer(answer(200, OK))).toEqual({ status: 200, body: OK, truncated: false });
    expect(reportAnswer(REFUSED)).toBeNull();
  });
});

describe('the likely cause of a refused valid callback', () => {
  it('names the flag or the path from the answer and what was given', () => {
    expect(likelyCause(answer(401, ''), NO_TOKEN)).toBe('the backend checks Sign: pass --token');
    expect(likelyCause(answer(403, ''), NO_TOKEN)).toBe('the backend checks Sign: pass --token');
    expect(likelyCause(answer(200, SIGN_FAIL), NO_TOKEN)).toBe(
      'the backend checks Sign: pass --token',
    );
    expect(likelyCause(answer(401, SIGN_FAIL), WITH_TOKEN)).toMatch(/^check the token/);
    expect(likelyCause(answer(404, ''), WITH_TOKEN)).toBe('check the path of the URL');
    expect(likelyCause(answer(200, APP_FAIL), NO_TOKEN)).toBe(
      'check --sdkappid (1400099999 was sent)',
    );
    expect(likelyCause(answer(403, APP_FAIL), { ...NO_TOKEN, placeholderSdkAppId: true })).toMatch(
      /^pass --sdkappid \(none was given/,
    );
  });
});

describe('suite hints', () => {
  const acc = (id: string, o: DeliveryOutcome) => judgeCase(kase(id), [o], 2000);

  it('all refused with 401 and no token: pass --token (not the SdkAppid)', () => {
    const results = [
      acc('documented-example', answer(401, '')),
      acc('public-group', answer(401, '')),
    ];
    expect(suiteHints(results, { ...NO_TOKEN, placeholderSdkAppId: true })).toEqual([
      'all 2 valid callbacks were refused (HTTP 401, empty body): the backend checks Sign: pass --token',
    ]);
  });

  it('counts the controls of probes as valid callbacks', () => {
    const r = judgeProbe(kase('wrong-sign'), answer(404, ''), answer(404, ''), 2000, WITH_TOKEN);
    expect(suiteHints([r], WITH_TOKEN)).toEqual([
      'the valid callback was refused (HTTP 404, empty body): check the path of the URL',
    ]);
  });

  it('gives no refusal hint when valid callbacks were taken, unless the answer names the app', () => {
    const mixed = [acc('documented-example', answer(200, OK)), acc('large-group', answer(413, ''))];
    expect(suiteHints(mixed, WITH_TOKEN)).toEqual([]);
    const app = [
      acc('documented-example', answer(200, OK)),
      acc('public-group', answer(200, APP_FAIL)),
    ];
    expect(suiteHints(app, WITH_TOKEN)[0]).toMatch(/invalid sdk appId.*check --sdkappid/);
  });
});

describe('the reporters with inconclusive, failed, errored and interrupted cases', () => {
  const inconclusive = judgeProbe(
    kase('wrong-sign'),
    answer(200, APP_FAIL),
    answer(200, APP_FAIL),
    2000,
    WITH_TOKEN,
  );
  const failed = judgeCase(kase('documented-example'), [answer(403, APP_FAIL)], 2000);
  const down = judgeCase(kase('public-group'), [REFUSED], 2000);
  const cut = interruptedCase(kase('missing-sign'));
  const sample = report([failed, down, inconclusive, cut], WITH_TOKEN, 'SIGINT');

  it('human: its own mark for inconclusive, the answer under each bad case, the signal', () => {
    const text = renderHuman(sample, new Chalk({ level: 0 }));
    expect(text).toMatch(/^\? wrong-sign .*\n {4}\? inconclusive: .*\n {4}answer: HTTP 200, FAIL/m);
    expect(text).toMatch(
      /^✖ documented-example .*\n {4}✖ rejected: HTTP 403, expected 200\n {4}answer: HTTP 403, FAIL \(ErrorCode 1\): "invalid sdk appId"$/m,
    );
    expect(text).toMatch(/^- missing-sign\s+interrupted$/m);
    expect(text).toContain(
      '✖ interrupted by SIGINT: 0 passed, 2 failed, 1 inconclusive, 0 skipped, 1 interrupted',
    );
  });

  it('JSON: the status, the answer and the control, and the counts', () => {
    const doc = buildJsonReport(sample);
    expect(doc.summary).toEqual({
      passed: 0,
      failed: 2,
      inconclusive: 1,
      skipped: 0,
      interrupted: 1,
      total: 4,
    });
    expect(doc.interrupted).toBe('SIGINT');
    const [f, d, i, c] = doc.cases;
    expect(f?.answer).toEqual({ status: 403, body: APP_FAIL, truncated: false });
    expect(d?.answer).toBeNull();
    expect(i?.status).toBe('inconclusive');
    expect(i?.control).toEqual({
      accepted: false,
      answer: { status: 200, body: APP_FAIL, truncated: false },
    });
    expect(c?.status).toBe('interrupted');
  });

  it('JUnit: failed checks are failures; no connection, inconclusive and interrupted are errors', () => {
    const xml = renderJunit(sample);
    const suite = parseJunit(xml);
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '1', errors: '3' });
    expect(suite.cases[0]?.failure?.message).toBe('rejected: HTTP 403, expected 200');
    expect(xml).toMatch(
      /<testcase [^>]*name="public-group"[^>]*>\n\s*<error [^>]*type="connection"/,
    );
    expect(xml).toMatch(
      /<testcase [^>]*name="wrong-sign"[^>]*>\n\s*<error [^>]*type="inconclusive"/,
    );
    expect(xml).toMatch(/<error message="interrupted by SIGINT before it finished"/);
    expect(xml).toContain('answer: HTTP 403, FAIL (ErrorCode 1): &quot;invalid sdk appId&quot;');
    expect(xml).toContain('control answer body: {&quot;ActionStatus&quot;');
  });

  it('github: one annotation per failed or inconclusive case, after the human report', () => {
    const text = renderGithub(sample, new Chalk({ level: 0 }));
    const notes = text.split('\n').filter((l) => l.startsWith('::'));
    expect(notes.map((n) => n.slice(0, n.indexOf('::', 2)))).toEqual([
      '::error title=documented-example',
      '::error title=public-group',
      '::error title=wrong-sign',
    ]);
    expect(notes[0]).toBe(
      '::error title=documented-example::rejected: HTTP 403, expected 200%0Athe backend answered HTTP 403, FAIL (ErrorCode 1): "invalid sdk appId"',
    );
    expect(text).toContain('interrupted by SIGINT');
  });
});
