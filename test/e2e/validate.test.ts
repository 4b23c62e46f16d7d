import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_IDS } from '../../src/core/contract-cases.js';
import {
  type Backend,
  closedPortUrl,
  correctBackend,
  OK_BODY,
  startBackend,
} from '../helpers/backends.js';
import { runBin } from '../helpers/bin.js';
import { parseJunit } from '../helpers/junit.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const SDKAPPID = '1400054321';
const TOKEN = 'e2e-SECRET-token-c0ffee';
const tmp = tempDirForFile('tim-callback-validate-e2e-');

describe('tim-callback validate <url>', () => {
  let backend: Backend;
  beforeAll(async () => {
    backend = await startBackend(correctBackend({ sdkAppId: SDKAPPID, token: TOKEN }));
  });
  afterAll(() => backend.close());

  const flags = () => ['--sdkappid', SDKAPPID, '--token', TOKEN];

  it('passes a correct backend with exit 0, human output on stdout', async () => {
    const r = await runBin(['validate', backend.url, ...flags()]);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trimEnd()
        .split('\n')
        .filter((l) => l.startsWith('✔ ')),
    ).toHaveLength(18);
    expect(r.stdout).toContain('17 passed, 0 failed, 0 skipped');
    expect(r.stderr).toBe('');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('--reporter json prints one document and nothing else on stdout', async () => {
    const r = await runBin(['validate', backend.url, ...flags(), '--reporter', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, summary: { passed: 17, failed: 0, skipped: 0 } });
    expect(doc.cases.map((c: { id: string }) => c.id)).toEqual(CASE_IDS);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('--reporter junit --output writes well-formed XML, the summary still on the terminal', async () => {
    const file = join(tmp, 'junit.xml');
    const r = await runBin([
      'validate',
      backend.url,
      '--reporter',
      'junit',
      '--output',
      file,
      '--token-file',
      writeToken(),
      '--sdkappid',
      SDKAPPID,
    ]);
    expect(r.code).toBe(0);
    const xml = readFileSync(file, 'utf8');
    const suite = parseJunit(xml);
    expect(suite.cases.map((c) => c.name)).toEqual(CASE_IDS);
    expect(suite.attributes).toMatchObject({ tests: '17', failures: '0', skipped: '0' });
    expect(r.stdout).toContain('17 passed, 0 failed, 0 skipped');
    expect(r.stdout).not.toContain('<?xml');
    expect(xml + r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('takes the token and SdkAppID from the environment', async () => {
    const r = await runBin(['validate', backend.url, '--cases', 'wrong-sign,wrong-sdkappid'], {
      env: { TIM_CALLBACK_TOKEN: TOKEN, TIM_SDKAPPID: SDKAPPID },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ wrong-sdkappid/m);
    expect(r.stdout).toMatch(/^✔ wrong-sign/m);
  });

  it('skips cases without their flag, naming it, exit 0', async () => {
    const lax = await startBackend(() => ({ body: OK_BODY }));
    try {
      const r = await runBin(['validate', lax.url, '--reporter', 'junit']);
      expect(r.code).toBe(0);
      const suite = parseJunit(r.stdout);
      expect(suite.attributes).toMatchObject({ tests: '17', failures: '0', skipped: '5' });
      expect(suite.cases.find((c) => c.name === 'wrong-sign')?.skipped?.message).toBe(
        'needs --token',
      );
    } finally {
      await lax.close();
    }
  });

  it('fails exactly the forgery cases against a backend that never checks Sign', async () => {
    const lax = await startBackend(
      correctBackend({ sdkAppId: SDKAPPID, token: TOKEN, checkSign: false }),
    );
    try {
      const file = join(tmp, 'forged.xml');
      const r = await runBin([
        'validate',
        lax.url,
        ...flags(),
        '--reporter',
        'junit',
        '--output',
        file,
      ]);
      expect(r.code).toBe(1);
      const suite = parseJunit(readFileSync(file, 'utf8'));
      expect(suite.cases.filter((c) => c.failure).map((c) => c.name)).toEqual([
        'wrong-sign',
        'missing-sign',
        'stale-request',
        'future-request',
      ]);
      expect(suite.cases.find((c) => c.name === 'wrong-sign')?.failure?.message).toBe(
        'accepted a forged callback (wrong Sign): answered 200 OK',
      );
      expect(r.stdout).toMatch(/^✖ stale-request .*\n {4}✖ accepted a replayed callback/m);
    } finally {
      await lax.close();
    }
  });

  it("issue 10's run: a backend that refuses everything cannot pass the forgery probes", async () => {
    // Checks SdkAppid (FAIL "invalid sdk appId" for another app), never Sign: the probes are
    // refused only because the wrong --sdkappid is refused. Before controls, this exited 0.
    const goLike = await startBackend((request) => ({
      body:
        request.query.get('SdkAppid') === SDKAPPID
          ? OK_BODY
          : '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"invalid sdk appId"}',
    }));
    try {
      const cases = 'wrong-sign,missing-sign,stale-request,future-request';
      const r = await runBin([
        'validate',
        goLike.url,
        '--sdkappid',
        '1400099999',
        '--token',
        'T',
        '--cases',
        cases,
      ]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('0 passed, 0 failed, 4 inconclusive, 0 skipped');
      expect(r.stdout).toMatch(
        /^hint: all 4 valid callbacks were refused .*"invalid sdk appId".*: check --sdkappid/m,
      );
      const right = await runBin([
        'validate',
        goLike.url,
        '--sdkappid',
        SDKAPPID,
        '--token',
        'T',
        '--cases',
        cases,
      ]);
      expect(right.code).toBe(1);
      expect(right.stdout).toContain('0 passed, 4 failed, 0 skipped');
    } finally {
      await goLike.close();
    }
  });

  it('fails the in-time check against a backend answering after 3 s (the 2 s default timeout)', async () => {
    const slow = await startBackend(() => ({ body: OK_BODY, delayMs: 3000 }));
    try {
      const r = await runBin(['validate', slow.url, '--cases', 'documented-example']);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^✖ documented-example/m);
      expect(r.stdout).toMatch(
        /✖ (answered in \d+ ms, over IM's 2000 ms budget|no answer within \d+ ms)/,
      );
    } finally {
      await slow.close();
    }
  });

  it('exits 3 when the port is closed', async () => {
    const r = await runBin(['validate', await closedPortUrl(), '--reporter', 'json']);
    expect(r.code).toBe(3);
    // The first case could not connect: the rest are not run (twelve identical failures say
    // nothing more), and one line says why.
    expect(JSON.parse(r.stdout).summary).toMatchObject({ passed: 0, failed: 1, skipped: 16 });
    expect(r.stderr).toMatch(/^tim-callback: could not reach .*connection refused/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    const human = await runBin(['validate', await closedPortUrl()]);
    expect(human.code).toBe(3);
    expect(human.stdout).toBe('');
    expect(human.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('tim-callback validate: catalogue and usage', () => {
  it('--list needs no URL and shows every id with its description', async () => {
    const r = await runBin(['validate', '--list']);
    expect(r.code).toBe(0);
    for (const id of CASE_IDS) expect(r.stdout).toMatch(new RegExp(`^  ${id}\\s+\\S`, 'm'));
    expect(r.stdout).toMatch(/wrong-sign .*\(needs --token\)/);
    const json = await runBin(['validate', '--list', '--json']);
    expect(JSON.parse(json.stdout).map((c: { id: string }) => c.id)).toEqual(CASE_IDS);
  });

  it('is a usage error (2) without a URL, with an unknown case, a bad reporter or timeout', async () => {
    const none = await runBin(['validate']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/nothing to validate.*URL.*--list/);
    const unknown = await runBin(['validate', 'http://127.0.0.1:9/', '--cases', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown case "nope".*documented-example/);
    const reporter = await runBin(['validate', 'http://127.0.0.1:9/', '--reporter', 'tap']);
    expect(reporter.code).toBe(2);
    const timeout = await runBin(['validate', 'http://127.0.0.1:9/', '--timeout', 'soon']);
    expect(timeout.code).toBe(2);
    const url = await runBin(['validate', 'not a url']);
    expect(url.code).toBe(2);
    for (const r of [none, unknown, reporter, timeout, url]) {
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('an --output that cannot be written is a usage error before anything is sent', async () => {
    const r = await runBin([
      'validate',
      'http://127.0.0.1:9/',
      '--output',
      join(tmp, 'no-such-dir', 'r.xml'),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write --output/);
  });
});

function writeToken(): string {
  const file = join(tmp, 'token.txt');
  writeFileSync(file, `${TOKEN}\n`);
  return file;
}
