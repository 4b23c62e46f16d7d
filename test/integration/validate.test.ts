import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Reporter,
  runValidate,
  type ValidateOptions,
} from '../../src/commands/validate/validate.js';
import { CASE_IDS } from '../../src/core/contract-cases.js';
import {
  type AnswerFn,
  type Backend,
  closedPortUrl,
  correctBackend,
  OK_BODY,
  startBackend,
} from '../helpers/backends.js';
import { captureOutput } from '../helpers/capture.js';
import { parseJunit } from '../helpers/junit.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const SDKAPPID = '1400012345';
const TOKEN = 'integration-SECRET-token-7f3a';
const FORGERY_CASES = ['wrong-sign', 'missing-sign', 'stale-request', 'future-request'];
const tmp = tempDirForFile('tim-callback-validate-');

interface JsonCase {
  id: string;
  status: string;
  latencyMs: number | null;
  checks: { name: string; ok: boolean; message: string }[];
  warnings: string[];
}

async function run(
  target: string,
  overrides: Partial<ValidateOptions> = {},
): Promise<{ code: number; stdout: string; stderr: string; file?: string }> {
  const reporter: Reporter = overrides.reporter ?? 'json';
  const capture = captureOutput(reporter !== 'human' && overrides.outputFile === undefined);
  const code = await runValidate(
    {
      target,
      sdkAppId: SDKAPPID,
      token: TOKEN,
      timeoutMs: 2000,
      caseIds: undefined,
      reporter,
      outputFile: undefined,
      ...overrides,
    },
    capture.out,
  );
  const result = { code, stdout: capture.stdout(), stderr: capture.stderr() };
  if (overrides.outputFile !== undefined) {
    return { ...result, file: readFileSync(overrides.outputFile, 'utf8') };
  }
  return result;
}

function cases(stdout: string): JsonCase[] {
  return (JSON.parse(stdout) as { cases: JsonCase[] }).cases;
}

function failedChecks(c: JsonCase | undefined): string[] {
  return (c?.checks ?? []).filter((k) => !k.ok).map((k) => k.name);
}

async function withBackend<T>(answer: AnswerFn, body: (backend: Backend) => Promise<T>) {
  const backend = await startBackend(answer);
  try {
    return await body(backend);
  } finally {
    await backend.close();
  }
}

describe('validate against a correct backend', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend(correctBackend({ sdkAppId: SDKAPPID, token: TOKEN }));
  });
  afterAll(() => backend.close());

  it('passes every case with exit 0 (json reporter)', async () => {
    const r = await run(backend.url);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.target).toBe(backend.url);
    expect(doc.summary).toEqual({
      passed: 17,
      failed: 0,
      inconclusive: 0,
      skipped: 0,
      interrupted: 0,
      total: 17,
    });
    expect(doc.cases.map((c: JsonCase) => c.id)).toEqual(CASE_IDS);
    for (const c of doc.cases as JsonCase[]) {
      expect(c.status, c.id).toBe('passed');
      expect(typeof c.latencyMs).toBe('number');
      expect(c.checks.length).toBeGreaterThan(0);
    }
    expect(r.stderr).toBe('');
  });

  it('passes with the human reporter: a line a case and a summary', async () => {
    const r = await run(backend.url, { reporter: 'human' });
    expect(r.code).toBe(0);
    for (const id of CASE_IDS) expect(r.stdout).toMatch(new RegExp(`^✔ ${id}\\b`, 'm'));
    expect(r.stdout).toContain('17 passed, 0 failed, 0 skipped');
  });

  it('passes with the junit reporter, one testcase per case, to --output', async () => {
    const file = join(tmp, 'report.xml');
    const r = await run(backend.url, { reporter: 'junit', outputFile: file });
    expect(r.code).toBe(0);
    const suite = parseJunit(r.file ?? '');
    expect(suite.cases.map((c) => c.name)).toEqual(CASE_IDS);
    expect(suite.attributes).toMatchObject({ tests: '17', failures: '0', skipped: '0' });
    expect(suite.cases.every((c) => c.failure === undefined && c.skipped === undefined)).toBe(true);
    // The terminal still gets the human summary, and no XML.
    expect(r.stdout).toContain('17 passed, 0 failed, 0 skipped');
    expect(r.stdout).not.toContain('<testsuite');
    expect(r.stderr).toContain(`junit report written to ${file}`);
  });

  it('sends each acceptance case as a distinct event, and the duplicate twice byte for byte', async () => {
    const before = backend.received.length;
    const r = await run(backend.url, { caseIds: ['documented-example', 'duplicate-delivery'] });
    expect(r.code).toBe(0);
    const sent = backend.received.slice(before);
    expect(sent).toHaveLength(3);
    const [first, dup1, dup2] = sent;
    expect(dup1?.body.equals(dup2?.body ?? Buffer.alloc(0))).toBe(true);
    expect(dup1?.url).toBe(dup2?.url);
    const id = (b: Buffer | undefined) => JSON.parse(b?.toString('utf8') ?? '{}').GroupId;
    expect(id(first?.body)).not.toBe(id(dup1?.body));
    expect(first?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(first?.query.get('SdkAppid')).toBe(SDKAPPID);
  });

  it('skips the cases whose flag is missing, naming it, and still exits 0', async () => {
    // A backend that checks only SdkAppid, against the placeholder sent when none is given.
    const r = await withBackend(correctBackend({ sdkAppId: '1400000000' }), (b) =>
      run(b.url, { token: undefined, sdkAppId: undefined }),
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ passed: 12, failed: 0, skipped: 5, total: 17 });
    const skipped = (doc.cases as (JsonCase & { skipReason?: string })[]).filter(
      (c) => c.status === 'skipped',
    );
    expect(skipped.map((c) => [c.id, c.skipReason])).toEqual([
      ['wrong-sdkappid', 'needs --sdkappid'],
      ['wrong-sign', 'needs --token'],
      ['missing-sign', 'needs --token'],
      ['stale-request', 'needs --token'],
      ['future-request', 'needs --token'],
    ]);
  });

  it('fails every acceptance case when the backend wants a Sign and no token is given', async () => {
    const r = await run(backend.url, { token: undefined, reporter: 'human' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^✖ documented-example .*\n {4}✖ rejected: HTTP 401, expected 200\n {4}answer: HTTP 401, FAIL \(ErrorCode 401\): "Sign is missing/m,
    );
    // wrong-sdkappid's control was refused like every valid callback: its refusal proves nothing.
    expect(r.stdout).toMatch(/^\? wrong-sdkappid .*\n {4}\? inconclusive: a valid callback/m);
    expect(r.stdout).toContain('0 passed, 12 failed, 1 inconclusive, 4 skipped');
    expect(r.stdout).toContain('hint: 4 cases skipped: pass --token to run them');
    expect(r.stdout).toMatch(
      /^hint: all 13 valid callbacks were refused \(HTTP 401, .*\): the backend checks Sign: pass --token$/m,
    );
    expect(r.stdout).not.toMatch(/hint: .*--sdkappid/);
  });

  it('accepts a backend that rejects with 200 and a FAIL packet', async () => {
    const r = await withBackend(
      correctBackend({ sdkAppId: SDKAPPID, token: TOKEN, rejectWith200: true }),
      (b) => run(b.url),
    );
    expect(r.code).toBe(0);
  });

  it('never shows the token: not in stdout, stderr, or any report, nor sent on the wire', async () => {
    const before = backend.received.length;
    const outputs: string[] = [];
    for (const reporter of ['human', 'json', 'junit'] as const) {
      const file = join(tmp, `token-check.${reporter}`);
      const r = await run(backend.url, { reporter, outputFile: file });
      expect(r.file?.length).toBeGreaterThan(0);
      outputs.push(r.stdout, r.stderr, r.file ?? '');
      const direct = await run(backend.url, { reporter });
      expect(direct.stdout.length).toBeGreaterThan(0);
      outputs.push(direct.stdout, direct.stderr);
    }
    for (const text of outputs) expect(text).not.toContain(TOKEN);
    for (const request of backend.received.slice(before)) {
      expect(request.url).not.toContain(TOKEN);
      expect(request.body.toString('utf8')).not.toContain(TOKEN);
    }
  });
});

describe('validate against broken backends', () => {
  it('a backend that never checks Sign fails exactly the forgery cases, named in the report', async () => {
    const r = await withBackend(
      correctBackend({ sdkAppId: SDKAPPID, token: TOKEN, checkSign: false }),
      (b) => run(b.url),
    );
    expect(r.code).toBe(1);
    const all = cases(r.stdout);
    expect(all.filter((c) => c.status === 'failed').map((c) => c.id)).toEqual(FORGERY_CASES);
    for (const id of FORGERY_CASES) {
      const c = all.find((k) => k.id === id);
      expect(failedChecks(c)).toEqual(['rejected']);
      expect(c?.checks.find((k) => k.name === 'rejected')?.message).toMatch(
        /^accepted .*: answered 200 OK$/,
      );
    }
    const human = await withBackend(
      correctBackend({ sdkAppId: SDKAPPID, token: TOKEN, checkSign: false }),
      (b) => run(b.url, { reporter: 'human' }),
    );
    expect(human.stdout).toMatch(
      /^✖ wrong-sign .*\n {4}✖ accepted a forged callback \(wrong Sign\): answered 200 OK$/m,
    );
    expect(human.stdout).toContain('13 passed, 4 failed, 0 skipped');
  });

  it('a backend that never checks SdkAppid fails wrong-sdkappid', async () => {
    const r = await withBackend(
      () => ({ body: OK_BODY }),
      (b) => run(b.url, { caseIds: ['wrong-sdkappid'] }),
    );
    expect(r.code).toBe(1);
    expect(cases(r.stdout)[0]?.checks.find((k) => !k.ok)?.message).toBe(
      'accepted a callback for another SdkAppid: answered 200 OK',
    );
  });

  it('ErrorCode as a string fails the error-code check', async () => {
    const r = await withBackend(
      () => ({ body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":"0"}' }),
      (b) => run(b.url, { token: undefined, sdkAppId: undefined }),
    );
    expect(r.code).toBe(1);
    for (const c of cases(r.stdout).filter((k) => k.status !== 'skipped')) {
      expect(failedChecks(c), c.id).toEqual(
        c.id === 'duplicate-delivery'
          ? ['error-code', 'second-delivery-error-code']
          : ['error-code'],
      );
    }
  });

  it('an HTML answer fails the json-object check, with a Content-Type warning', async () => {
    const r = await withBackend(
      () => ({ contentType: 'text/html', body: '<html><body>OK</body></html>' }),
      (b) => run(b.url, { caseIds: ['documented-example', 'wrong-sign'] }),
    );
    expect(r.code).toBe(1);
    const [doc, sign] = cases(r.stdout);
    expect(failedChecks(doc)).toEqual(['json-object', 'answered-ok']);
    expect(doc?.warnings.join('\n')).toMatch(/Content-Type is "text\/html"/);
    expect(failedChecks(sign)).toEqual(['control', 'json-object', 'rejected']);
  });

  it('a slow answer fails the in-time check (exit 1, not 3)', async () => {
    const r = await withBackend(
      () => ({ body: OK_BODY, delayMs: 1000 }),
      (b) => run(b.url, { timeoutMs: 300, caseIds: ['documented-example'] }),
    );
    expect(r.code).toBe(1);
    const [c] = cases(r.stdout);
    expect(failedChecks(c)).toEqual(['in-time']);
    expect(c?.checks.find((k) => k.name === 'in-time')?.message).toMatch(/300 ms/);
  });

  it('a late answer within the grace is read and reported with its latency', async () => {
    const r = await withBackend(
      () => ({ body: OK_BODY, delayMs: 400 }),
      (b) => run(b.url, { timeoutMs: 300, caseIds: ['documented-example'], reporter: 'human' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ (answered in \d+ ms, over the 300 ms timeout|no answer within)/);
  });

  it('a 500 fails the status check', async () => {
    const r = await withBackend(
      () => ({ status: 500, body: OK_BODY }),
      (b) => run(b.url, { caseIds: ['documented-example', 'large-group'] }),
    );
    expect(r.code).toBe(1);
    for (const c of cases(r.stdout)) expect(failedChecks(c)).toEqual(['status']);
  });

  it('a closed port gives exit 3 and says so on stderr', async () => {
    const url = await closedPortUrl();
    const r = await run(url, { reporter: 'human' });
    expect(r.code).toBe(3);
    // One line, not seventeen identical failed cases.
    expect(r.stderr).toMatch(
      /^tim-callback: could not reach .*: connection refused by .*; check that the backend is running/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });
});
