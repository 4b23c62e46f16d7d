import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { PROBES } from '../../src/core/contract-cases.js';
import { type Backend, correctBackend, startBackend } from '../helpers/backends.js';
import { BIN, runBin } from '../helpers/bin.js';
import { parseJunit } from '../helpers/junit.js';

const SDKAPPID = '1400054321';
const TOKEN = 'e2e-commands-SECRET-77ab';
const REPORT_LOADED = fileURLToPath(
  new URL('../fixtures/preload/report-loaded.cjs', import.meta.url),
);

let backend: Backend;
beforeAll(async () => {
  backend = await startBackend(correctBackend({ sdkAppId: SDKAPPID, token: TOKEN }));
});
afterAll(() => backend.close());

const flags = () => ['--sdkappid', SDKAPPID, '--token', TOKEN];

describe('tim-callback validate --command', () => {
  it('runs one command: its cases by <alias>/<case>, exit 0', async () => {
    const r = await runBin([
      'validate',
      backend.url,
      ...flags(),
      '--command',
      'c2c.before-send-msg',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✔ c2c\.before-send-msg\/accept\b/m);
    expect(r.stdout).toMatch(/^✔ c2c\.before-send-msg\/accept:mixed-elements\b/m);
    expect(r.stdout).toMatch(/^✔ c2c\.before-send-msg\/future-request\b/m);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('--command all --cases wrong-sign --reporter junit: one testcase per command, named by it', async () => {
    const r = await runBin([
      'validate',
      backend.url,
      ...flags(),
      '--command',
      'all',
      '--cases',
      'wrong-sign',
      '--reporter',
      'junit',
    ]);
    expect(r.code).toBe(0);
    const suite = parseJunit(r.stdout);
    expect(suite.cases).toHaveLength(CATALOG.length);
    expect(suite.cases.map((c) => c.classname)).toEqual(
      CATALOG.map((e) => `tim-callback.validate.${e.command}`),
    );
  });

  it('an unknown command is a usage error (exit 2) with a suggestion, before anything is sent', async () => {
    const before = backend.received.length;
    const r = await runBin(['validate', backend.url, '--command', 'c2c.before-send-mgs']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no callback command named "c2c.before-send-mgs"');
    expect(r.stderr).toContain('did you mean c2c.before-send-msg');
    expect(backend.received.length).toBe(before);
  });

  it('--list --command lists its cases, --json with the command of each', async () => {
    const human = await runBin(['validate', '--list', '--command', 'C2C.CallbackBeforeSendMsg']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('C2C.CallbackBeforeSendMsg (before):');
    expect(human.stdout).toMatch(/^ {2}c2c\.before-send-msg\/wrong-sign +A Sign made/m);
    const json = await runBin(['validate', '--list', '--json', '--command', 'all']);
    const listed = JSON.parse(json.stdout) as { id: string; command: string }[];
    expect(listed).toHaveLength(CATALOG.reduce((n, e) => n + e.samples.length + PROBES.length, 0));
    expect(listed[0]?.command).toBe(CATALOG[0]?.command);
  });

  it('--response --command: the decision check offline, naming the rule', async () => {
    const code3 = '{"ActionStatus":"OK","ErrorCode":3,"ErrorInfo":""}';
    const three = await runBin(
      ['validate', '--response', '-', '--command', 'c2c.before-send-msg'],
      {
        input: code3,
      },
    );
    expect(three.code).toBe(1);
    expect(three.stdout).toBe(
      [
        '✖ problem  ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes: it allows 0, 1, 2 or 120001–130000',
        '✖ -: 1 problem, not a valid C2C.CallbackBeforeSendMsg response packet',
        '',
      ].join('\n'),
    );
    const deny = await runBin(['validate', '--response', '-', '--command', 'c2c.before-send-msg'], {
      input: '{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":"no"}',
    });
    expect(deny.code).toBe(0);
    expect(deny.stdout).toBe('✔ -: a valid C2C.CallbackBeforeSendMsg response packet\n');
    const noType =
      '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"","MsgBody":[{"MsgContent":{}}]}';
    const rewrite = await runBin(
      ['validate', '--response', '-', '--command', 'C2C.CallbackBeforeSendMsg', '--json'],
      { input: noType },
    );
    expect(rewrite.code).toBe(1);
    expect(JSON.parse(rewrite.stdout)).toMatchObject({
      command: 'C2C.CallbackBeforeSendMsg',
      valid: false,
      problems: ['/MsgBody/0/MsgType: is required'],
    });
  });

  it("--request --command checks a body against that command's schema", async () => {
    const entry = CATALOG.find((e) => e.command === 'C2C.CallbackBeforeSendMsg');
    const body = JSON.stringify(entry?.samples[0]?.body);
    const ok = await runBin(['validate', '--request', '-', '--command', 'c2c.before-send-msg'], {
      input: body,
    });
    expect(ok.code).toBe(0);
    const broken = JSON.stringify({ ...entry?.samples[0]?.body, From_Account: 42 });
    const bad = await runBin(['validate', '--request', '-', '--command', 'c2c.before-send-msg'], {
      input: broken,
    });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('✖ problem  /From_Account: must be string');
    const all = await runBin(['validate', '--request', '-', '--command', 'all'], { input: body });
    expect(all.code).toBe(2);
    expect(all.stderr).toContain("--request checks one command's body");
  });
});

/** The sources of every bundle chunk a validate run loaded (each chunk mapped by its source map). */
async function validateSources(extra: string[]): Promise<string[]> {
  const args = ['-r', REPORT_LOADED, BIN, 'validate', backend.url, ...flags(), ...extra];
  const run = await promisify(execFile)(process.execPath, args, {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = run.stderr.split('\n').find((text) => text.startsWith('loaded-files '));
  const files = JSON.parse(line?.slice('loaded-files '.length) ?? '[]') as string[];
  return files
    .filter((file) => file.endsWith('.cjs') && file.includes('dist'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
      return map.sources.map((source) => source.replaceAll('\\', '/'));
    });
}

const CATALOGUE = /src\/core\/(catalog\/|contract-commands\.ts$)/;

describe('validate without --command stays as it was', () => {
  it('does not load the catalogue', async () => {
    const sources = await validateSources(['--cases', 'documented-example']);
    expect(sources.some((s) => s.endsWith('src/commands/validate/validate.ts'))).toBe(true);
    expect(sources.filter((s) => CATALOGUE.test(s))).toEqual([]);
  });

  it('while a --command run does load it (the check above can see it)', async () => {
    const sources = await validateSources([
      '--command',
      'c2c.before-send-msg',
      '--cases',
      'accept',
    ]);
    expect(sources.some((s) => s.endsWith('src/core/catalog/index.ts'))).toBe(true);
    expect(sources.some((s) => s.endsWith('src/core/contract-commands.ts'))).toBe(true);
  });
});
