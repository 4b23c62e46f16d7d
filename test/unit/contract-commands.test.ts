import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { checkBody } from '../../src/core/catalog/check.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { aliasOf, findEntry } from '../../src/core/catalog/names.js';
import type { CatalogEntry } from '../../src/core/catalog/types.js';
import { type CaseContext, PROBES } from '../../src/core/contract-cases.js';
import { commandCases, freshBody, selectCommandCases } from '../../src/core/contract-commands.js';
import { suiteHints } from '../../src/core/contract-hints.js';
import {
  judgeCase,
  judgeProbe,
  type SuiteReport,
  summarize,
} from '../../src/core/contract-verdict.js';
import { UsageError } from '../../src/core/errors.js';
import { renderAnnotations } from '../../src/io/reporters/github.js';
import { renderHuman } from '../../src/io/reporters/human.js';
import { buildJsonReport } from '../../src/io/reporters/json.js';
import { renderJunit } from '../../src/io/reporters/junit.js';
import { parseJunit } from '../helpers/junit.js';

const BEFORE_SEND = findEntry(CATALOG, 'c2c.before-send-msg') as CatalogEntry;
const NOW_MS = 1_764_633_600_123;

const context = (index = 0): CaseContext => ({
  target: 'http://127.0.0.1:9/im/callback',
  sdkAppId: '1400000000',
  token: 'unit-token',
  nowMs: NOW_MS,
  runTag: 'mx1',
  index,
  loadFixture: () => {
    throw new Error('command cases use catalogue samples, not fixtures');
  },
});

const answer = (body: object, status = 200) => ({
  kind: 'answer' as const,
  status,
  body: JSON.stringify(body),
  latencyMs: 3,
  contentType: 'application/json',
});

describe('the cases of catalogue commands', () => {
  it('are one acceptance per sample and variant, then the probes, ids <alias>/<case>', () => {
    const cases = commandCases([BEFORE_SEND]);
    const alias = aliasOf(BEFORE_SEND.command);
    expect(cases.map((c) => c.id)).toEqual([
      ...BEFORE_SEND.samples.map((s) =>
        s.variant === null ? `${alias}/accept` : `${alias}/accept:${s.variant}`,
      ),
      ...PROBES.map((p) => `${alias}/${p.id}`),
    ]);
    expect(cases.map((c) => c.id)).toContain('c2c.before-send-msg/accept:mixed-elements');
  });

  it('every id is unique across the whole catalogue', () => {
    const ids = commandCases(CATALOG).map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every case's body, and every control's, is valid against its command's schema", () => {
    for (const kase of commandCases(CATALOG)) {
      const entry = findEntry(CATALOG, kase.decision?.command ?? '') as CatalogEntry;
      for (const request of [kase.build(context()), kase.control?.(context())]) {
        if (request === undefined) continue;
        const body = JSON.parse(request.body);
        expect(checkBody(entry, body).problems, kase.id).toEqual([]);
        expect(new URL(request.url).searchParams.get('CallbackCommand')).toBe(entry.command);
      }
    }
  });

  it('makes a sample fresh: times now in its own unit, a MsgKey that matches its parts', () => {
    const sample = BEFORE_SEND.samples[0];
    if (sample === undefined) throw new Error('no sample');
    const a = freshBody(BEFORE_SEND, sample, NOW_MS, 'run1');
    const b = freshBody(BEFORE_SEND, sample, NOW_MS, 'run2');
    expect(a.MsgTime).toBe(Math.floor(NOW_MS / 1000));
    expect(a.MsgKey).toBe(`${a.MsgSeq}_${a.MsgRandom}_${a.MsgTime}`);
    expect(a.MsgKey).not.toBe(b.MsgKey);
    // The catalogue's sample itself is untouched.
    expect(sample.body.MsgTime).toBe(1557481126);
  });

  it('--cases takes a full id, or a case name for every command', () => {
    const cases = commandCases(CATALOG);
    expect(selectCommandCases(cases, ['c2c.before-send-msg/wrong-sign']).map((c) => c.id)).toEqual([
      'c2c.before-send-msg/wrong-sign',
    ]);
    const probes = selectCommandCases(cases, ['wrong-sign']);
    expect(probes).toHaveLength(CATALOG.length);
    expect(() => selectCommandCases(cases, ['wrong-sing'])).toThrow(UsageError);
    expect(() => selectCommandCases(cases, ['wrong-sing'])).toThrow(/unknown case "wrong-sing"/);
  });
});

describe('the decision check in the verdicts', () => {
  const [accept] = commandCases([BEFORE_SEND]);
  const probe = commandCases([BEFORE_SEND]).find((c) => c.id.endsWith('/wrong-sign'));
  if (accept === undefined || probe === undefined) throw new Error('cases missing');
  const given = { token: true, sdkAppId: '1400000000', placeholderSdkAppId: false };

  it('a custom rejection code of the command passes, ErrorCode 3 fails naming the rule', () => {
    const custom = judgeCase(
      accept,
      [answer({ ActionStatus: 'OK', ErrorCode: 120005, ErrorInfo: 'spam' })],
      2000,
    );
    expect(custom.status).toBe('passed');
    const three = judgeCase(
      accept,
      [answer({ ActionStatus: 'OK', ErrorCode: 3, ErrorInfo: '' })],
      2000,
    );
    expect(three.status).toBe('failed');
    expect(three.checks.filter((c) => !c.ok).map((c) => c.message)).toEqual([
      'ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes: it allows 0, 1, 2 or 120001–130000',
    ]);
  });

  it('a FAIL packet to an acceptance is a refusal, not a decision', () => {
    const fail = judgeCase(
      accept,
      [answer({ ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'x' })],
      2000,
    );
    expect(fail.checks.filter((c) => !c.ok).map((c) => c.message)).toEqual([
      'rejected with a FAIL packet, expected OK',
    ]);
  });

  it('a probe answered deny is rejected; its control answered deny makes it inconclusive', () => {
    const deny = answer({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'no' });
    const allow = answer({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' });
    expect(judgeProbe(probe, deny, allow, 2000, given).status).toBe('passed');
    const denied = judgeProbe(probe, deny, deny, 2000, given);
    expect(denied.status).toBe('inconclusive');
    expect(denied.controlDenied).toBe('denied');
    expect(suiteHints([denied], given)[0]).toMatch(/^the backend denied a valid callback/);
    // Discard is a decision the command takes: the control was taken.
    const discard = answer({ ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' });
    expect(judgeProbe(probe, deny, discard, 2000, given).status).toBe('passed');
  });

  it('reporters name the command: JSON command, JUnit classname, GitHub title', () => {
    const results = [
      judgeCase(accept, [answer({ ActionStatus: 'OK', ErrorCode: 3, ErrorInfo: '' })], 2000),
    ];
    const report: SuiteReport = {
      target: 'http://127.0.0.1:9/im/callback',
      startedAt: '2026-12-02T04:00:00.000Z',
      durationMs: 5,
      timeoutMs: 2000,
      placeholderSdkAppId: false,
      results,
      summary: summarize(results),
      hints: [],
    };
    expect(buildJsonReport(report).cases[0]).toMatchObject({
      id: 'c2c.before-send-msg/accept',
      command: 'C2C.CallbackBeforeSendMsg',
    });
    const [testcase] = parseJunit(renderJunit(report)).cases;
    expect(testcase).toMatchObject({
      name: 'c2c.before-send-msg/accept',
      classname: 'tim-callback.validate.C2C.CallbackBeforeSendMsg',
    });
    expect(renderAnnotations(report)[0]).toMatch(
      /^::error title=c2c.before-send-msg\/accept \(C2C.CallbackBeforeSendMsg\)::ErrorCode 3/,
    );
    expect(renderHuman(report, new Chalk({ level: 0 }))).toContain(
      '✖ ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes',
    );
  });
});
