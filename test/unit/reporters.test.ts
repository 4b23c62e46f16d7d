import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { CONTRACT_CASES } from '../../src/core/contract-cases.js';
import { suiteHints } from '../../src/core/contract-hints.js';
import {
  type CaseResult,
  judgeCase,
  type SuiteReport,
  skipCase,
  summarize,
} from '../../src/core/contract-verdict.js';
import { renderHuman } from '../../src/io/reporters/human.js';
import { buildJsonReport } from '../../src/io/reporters/json.js';
import { escapeXml, renderJunit } from '../../src/io/reporters/junit.js';
import { parseJunit } from '../helpers/junit.js';

const OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
const byId = (id: string) => {
  const found = CONTRACT_CASES.find((c) => c.id === id);
  if (!found) throw new Error(id);
  return found;
};

function report(results: CaseResult[]): SuiteReport {
  return {
    target: 'http://127.0.0.1:9/im/callback',
    startedAt: '2026-11-25T18:03:36.120Z',
    durationMs: 123.456,
    timeoutMs: 2000,
    placeholderSdkAppId: false,
    results,
    summary: summarize(results),
    hints: suiteHints(results, { token: true, sdkAppId: '1400000000', placeholderSdkAppId: false }),
  };
}

// A backend answer that carries every character XML cannot hold as is.
const NASTY = '<html>&amp; "quotes" \'apos\' \u0001\u0007 \ud800 ]]> 周末 🏔️</html>';

const sample = report([
  judgeCase(
    byId('documented-example'),
    [{ kind: 'answer', status: 200, body: OK, latencyMs: 4.2, contentType: 'application/json' }],
    2000,
  ),
  judgeCase(
    byId('public-group'),
    [{ kind: 'answer', status: 500, body: NASTY, latencyMs: 12, contentType: 'text/html' }],
    2000,
  ),
  judgeCase(
    byId('wrong-sign'),
    [{ kind: 'answer', status: 200, body: OK, latencyMs: 1, contentType: 'application/json' }],
    2000,
  ),
  skipCase(byId('wrong-sdkappid'), '--sdkappid'),
]);

describe('the JUnit reporter', () => {
  it('writes well-formed XML with one testcase per case, failures and skips', () => {
    const xml = renderJunit(sample);
    const suite = parseJunit(xml);
    expect(suite.attributes).toMatchObject({ tests: '4', failures: '2', skipped: '1' });
    expect(suite.cases.map((c) => c.name)).toEqual([
      'documented-example',
      'public-group',
      'wrong-sign',
      'wrong-sdkappid',
    ]);
    expect(suite.cases[0]?.failure).toBeUndefined();
    expect(suite.cases[1]?.failure?.text).toContain('status: HTTP 500, expected 200');
    // One verdict per answer: a 500 is the status check, not also a list of packet checks.
    expect(suite.cases[1]?.failure?.text).not.toContain('json-object');
    expect(suite.cases[2]?.failure?.message).toBe(
      'accepted a forged callback (wrong Sign): answered 200 OK',
    );
    expect(suite.cases[3]?.skipped?.message).toBe('needs --sdkappid');
  });

  it('counts failures as failed cases, not failed checks', () => {
    expect(sample.summary).toEqual({
      passed: 1,
      failed: 2,
      inconclusive: 0,
      skipped: 1,
      interrupted: 0,
      total: 4,
    });
    expect(renderJunit(sample)).toMatch(/<testsuite [^>]*failures="2"/);
  });

  it('escapes markup and replaces characters XML forbids', () => {
    expect(escapeXml('a<b>&"\'')).toBe('a&lt;b&gt;&amp;&quot;&apos;');
    expect(escapeXml('x\u0001y\ud800z')).toBe('x\ufffdy\ufffdz');
    expect(escapeXml('周末 🏔️\t\n')).toBe('周末 🏔️\t\n');
  });
});

describe('the JSON reporter', () => {
  it('follows the output contract', () => {
    const doc = buildJsonReport(sample);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      target: 'http://127.0.0.1:9/im/callback',
      summary: { passed: 1, failed: 2, skipped: 1 },
    });
    expect(doc.cases).toHaveLength(4);
    for (const c of doc.cases) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['id', 'description', 'status', 'latencyMs', 'checks']),
      );
      for (const check of c.checks) expect(Object.keys(check)).toEqual(['name', 'ok', 'message']);
    }
    expect(doc.cases[0]).toMatchObject({ status: 'passed', latencyMs: 4.2 });
    expect(doc.cases[3]).toMatchObject({ status: 'skipped', latencyMs: null, checks: [] });
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('the human reporter', () => {
  it('shows a line a case, failed checks indented under it, and a summary', () => {
    const text = renderHuman(sample, new Chalk({ level: 0 }));
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toContain('http://127.0.0.1:9/im/callback');
    expect(lines.find((l) => l.startsWith('✔ documented-example'))).toContain('4.2 ms');
    const failedAt = lines.findIndex((l) => l.startsWith('✖ public-group'));
    expect(lines[failedAt + 1]).toMatch(/^ {4}✖ HTTP 500, expected 200/);
    expect(lines.some((l) => /^- wrong-sdkappid\s+skipped: needs --sdkappid/.test(l))).toBe(true);
    expect(text).toContain('1 passed, 2 failed, 1 skipped');
    expect(text).toMatch(/hint: 1 case skipped: pass --sdkappid/);
    // Passing checks are not listed: only what broke.
    expect(text).not.toContain('✔ HTTP 200');
  });
});
