import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Reporter,
  runValidate,
  type ValidateOptions,
} from '../../src/commands/validate/validate.js';
import type { StopSignal } from '../../src/core/exit-codes.js';
import type { Interruption } from '../../src/io/interruption.js';
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

// Backends that play the misconfigurations of issue 10 (a wrong path, a wrong or missing token, a
// wrong SdkAppID), and the receiver that checks SdkAppid but never Sign.
const SDKAPPID = '1400012345';
const TOKEN = 'verdicts-SECRET-token-5e1f';
const PROBES = ['wrong-sdkappid', 'wrong-sign', 'missing-sign', 'stale-request', 'future-request'];
const FORGERIES = PROBES.slice(1);
const tmp = tempDirForFile('tim-callback-verdicts-');

const failPacket = (code: number, info: string) =>
  JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info });

/** Checks SdkAppid (FAIL "invalid sdk appId" for another), never Sign. */
const sdkAppIdOnly: AnswerFn = (request) =>
  request.query.get('SdkAppid') === SDKAPPID
    ? { body: OK_BODY }
    : { body: failPacket(1, 'invalid sdk appId') };

interface JsonCase {
  id: string;
  status: string;
  checks: { name: string; ok: boolean; message: string }[];
  answer: { status: number; body: string } | null;
  control?: { accepted: boolean; answer: { status: number; body: string } | null };
}

interface JsonDoc {
  summary: Record<string, number>;
  hints: string[];
  interrupted: string | null;
  cases: JsonCase[];
}

async function run(target: string, overrides: Partial<ValidateOptions> = {}) {
  const reporter: Reporter = overrides.reporter ?? 'json';
  const capture = captureOutput(
    (reporter === 'json' || reporter === 'junit') && overrides.outputFile === undefined,
  );
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
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

async function withBackend<T>(answer: AnswerFn, body: (backend: Backend) => Promise<T>) {
  const backend = await startBackend(answer);
  try {
    return await body(backend);
  } finally {
    await backend.close();
  }
}

describe('probes against a backend that checks SdkAppid but never Sign', () => {
  it('with a wrong --sdkappid: the forgery probes are inconclusive, never a pass, exit 1', async () => {
    const r = await withBackend(sdkAppIdOnly, (b) =>
      run(b.url, { sdkAppId: '1400099999', caseIds: FORGERIES, reporter: 'human' }),
    );
    expect(r.code).toBe(1);
    for (const id of FORGERIES) {
      expect(r.stdout).toMatch(
        new RegExp(
          `^\\? ${id} .*\\n {4}\\? inconclusive: a valid callback sent just before was refused too \\(HTTP 200, FAIL \\(ErrorCode 1\\): "invalid sdk appId"\\); check --sdkappid \\(1400099999 was sent\\)\\n {4}answer: HTTP 200, FAIL`,
          'm',
        ),
      );
    }
    expect(r.stdout).toContain('0 passed, 0 failed, 4 inconclusive, 0 skipped');
    expect(r.stdout).toMatch(/^hint: all 4 valid callbacks were refused .*: check --sdkappid/m);
  });

  it('with the right --sdkappid: the forgeries are caught as accepted (failed)', async () => {
    const r = await withBackend(sdkAppIdOnly, (b) => run(b.url, { caseIds: PROBES }));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    expect(doc.cases.map((c) => [c.id, c.status])).toEqual([
      ['wrong-sdkappid', 'passed'],
      ...FORGERIES.map((id) => [id, 'failed']),
    ]);
    expect(doc.cases[0]?.control).toEqual({
      accepted: true,
      answer: { status: 200, body: OK_BODY, truncated: false },
    });
    expect(doc.cases[1]?.answer).toEqual({ status: 200, body: OK_BODY, truncated: false });
  });
});

describe('backends that refuse everything', () => {
  const refuseAll =
    (status: number, body: string): AnswerFn =>
    () => ({ status, body });

  it('all 404: every probe inconclusive, every acceptance case failed, "check the path"', async () => {
    const r = await withBackend(refuseAll(404, 'Cannot POST /wrong'), (b) => run(b.url));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    expect(doc.summary).toMatchObject({ passed: 0, failed: 12, inconclusive: 5, skipped: 0 });
    expect(doc.hints).toEqual([
      'all 17 valid callbacks were refused (HTTP 404, body "Cannot POST /wrong"): check the path of the URL',
    ]);
    for (const c of doc.cases) {
      expect(c.answer, c.id).toEqual({ status: 404, body: 'Cannot POST /wrong', truncated: false });
    }
  });

  it('all 401 with a token given: "check the token"', async () => {
    const r = await withBackend(refuseAll(401, failPacket(401, 'bad sign')), (b) =>
      run(b.url, { caseIds: ['documented-example', 'wrong-sign'], reporter: 'human' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^\? wrong-sign .*\n {4}\? inconclusive: .*; check the token/m);
    expect(r.stdout).toMatch(/^hint: all 2 valid callbacks were refused .*: check the token/m);
  });

  it('all 403 with no token: "the backend checks Sign: pass --token"', async () => {
    const r = await withBackend(refuseAll(403, 'Forbidden'), (b) =>
      run(b.url, { token: undefined, reporter: 'human' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^hint: all 13 valid callbacks were refused \(HTTP 403, body "Forbidden"\): the backend checks Sign: pass --token$/m,
    );
    expect(r.stdout).not.toMatch(/^hint: .*--sdkappid/m);
  });

  it('all FAIL-200: the probes inconclusive, JUnit errors, the answer in <system-out>', async () => {
    const file = join(tmp, 'fail200.xml');
    const r = await withBackend(refuseAll(200, failPacket(5, 'database down')), (b) =>
      run(b.url, { reporter: 'junit', outputFile: file }),
    );
    expect(r.code).toBe(1);
    const xml = readFileSync(file, 'utf8');
    const suite = parseJunit(xml);
    expect(suite.attributes).toMatchObject({ tests: '17', failures: '12', errors: '5' });
    expect(xml).toMatch(/name="wrong-sign"[^>]*>\n\s*<error [^>]*type="inconclusive"/);
    expect(xml).toContain('answer: HTTP 200, FAIL (ErrorCode 5): &quot;database down&quot;');
    expect(r.stdout).toContain('0 passed, 12 failed, 5 inconclusive, 0 skipped');
    expect(xml + r.stdout + r.stderr).not.toContain(TOKEN);
  });
});

describe("IM's 2-second budget", () => {
  it('an answer at 2.5 s fails in-time even with --timeout 5000', async () => {
    const r = await withBackend(
      () => ({ body: OK_BODY, delayMs: 2500 }),
      (b) => run(b.url, { timeoutMs: 5000, caseIds: ['documented-example'], reporter: 'human' }),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /^✖ documented-example .*\n {4}✖ answered in \d+ ms, over IM's 2000 ms budget \(Tencent IM gives up after 2 s\)$/m,
    );
  });
});

describe('CI behaviour', () => {
  it('prints each case line as the case finishes when stdout is not a terminal', async () => {
    let capture: ReturnType<typeof captureOutput> | undefined;
    const seen: string[] = [];
    const backend = await startBackend((request) => {
      // What the log held when each request arrived.
      seen.push(capture?.stdout() ?? '');
      return correctBackend({ sdkAppId: SDKAPPID, token: TOKEN })(request);
    });
    try {
      capture = captureOutput(false);
      const code = await runValidate(
        {
          target: backend.url,
          sdkAppId: SDKAPPID,
          token: TOKEN,
          timeoutMs: 2000,
          caseIds: ['documented-example', 'public-group'],
          reporter: 'human',
          outputFile: undefined,
        },
        capture.out,
      );
      expect(code).toBe(0);
    } finally {
      await backend.close();
    }
    expect(seen[0]).toBe('');
    expect(seen[1]).toMatch(/^✔ documented-example /m);
    expect(seen[1]).not.toContain('public-group');
  });

  it('a signal mid-run: the report written with what finished, the rest interrupted, 143', async () => {
    const file = join(tmp, 'interrupted.json');
    let fire: (signal: StopSignal) => void = () => {};
    const interruption: Interruption & { signal: StopSignal | undefined } = {
      signal: undefined,
      received: new Promise((resolve) => {
        fire = (signal) => {
          interruption.signal = signal;
          resolve(signal);
        };
      }),
      dispose: () => {},
    };
    const correct = correctBackend({ sdkAppId: SDKAPPID, token: TOKEN });
    let requests = 0;
    const r = await withBackend(
      (request) => {
        // The third request (public-group) never gets an answer: SIGTERM arrives meanwhile.
        requests += 1;
        if (requests === 3) {
          fire('SIGTERM');
          return { ...correct(request), delayMs: 60_000 };
        }
        return correct(request);
      },
      (b) =>
        run(b.url, {
          caseIds: ['documented-example', 'private-group', 'public-group', 'wrong-sign'],
          reporter: 'json',
          outputFile: file,
          interruption,
        }),
    );
    expect(r.code).toBe(143);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as JsonDoc;
    expect(doc.interrupted).toBe('SIGTERM');
    expect(doc.cases.map((c) => [c.id, c.status])).toEqual([
      ['documented-example', 'passed'],
      ['private-group', 'passed'],
      ['public-group', 'interrupted'],
      ['wrong-sign', 'interrupted'],
    ]);
    expect(r.stdout).toMatch(
      /^✖ interrupted by SIGTERM: 2 passed, 0 failed, 0 skipped, 2 interrupted/m,
    );
  });
});

describe('the github reporter', () => {
  it('annotates each failed or inconclusive case after the human report', async () => {
    const r = await withBackend(sdkAppIdOnly, (b) =>
      run(b.url, {
        caseIds: ['documented-example', 'wrong-sign', 'wrong-sdkappid'],
        reporter: 'github',
      }),
    );
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([
      '::error title=wrong-sign::accepted a forged callback (wrong Sign): answered 200 OK%0Athe backend answered HTTP 200, OK (ErrorCode 0)',
    ]);
    expect(r.stdout).toMatch(/^✖ 2 passed, 1 failed, 0 skipped/m);
  });
});

describe('a target that is down', () => {
  it('stops at the first case: one line, exit 3, a report that says so, an annotation', async () => {
    const url = await closedPortUrl();
    const file = join(tmp, 'down.xml');
    const junit = await run(url, { reporter: 'junit', outputFile: file });
    expect(junit.code).toBe(3);
    expect(junit.stdout).toBe('');
    expect(junit.stderr.trim().split('\n')).toEqual([
      `tim-callback: could not reach ${url}: connection refused by ${new URL(url).host} (refused); check that the backend is running and the URL is right`,
      `junit report written to ${file}`,
    ]);
    const suite = parseJunit(readFileSync(file, 'utf8'));
    expect(suite.attributes).toMatchObject({
      tests: '17',
      failures: '0',
      errors: '1',
      skipped: '16',
    });
    expect(suite.cases[1]?.skipped?.message).toBe('not run: the target is down');
    const github = await run(url, { reporter: 'github' });
    expect(github.code).toBe(3);
    expect(github.stdout).toBe(
      `::error title=tim-callback validate::could not reach ${url}: connection refused by ${new URL(url).host} (refused)\n`,
    );
  });
});
