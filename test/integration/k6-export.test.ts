import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCallbackUrl } from '../../src/core/callback-url.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { findEntry } from '../../src/core/catalog/names.js';
import { verifySign } from '../../src/core/sign.js';
import { runBin } from '../helpers/bin.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// k6 cannot be installed from the registries this project reaches, so the exported script's own
// code is run under Node (test/helpers/k6-runner.mjs: stand-ins for k6's modules, real POSTs)
// against a loopback capture server, and every request it made is checked as a backend would.

const TOKEN = 'tok-k6-S3CRET-7f1c';
const SDKAPPID = '1400000123';
const RUNNER = fileURLToPath(new URL('../helpers/k6-runner.mjs', import.meta.url));
const FIXTURE = JSON.parse(
  readFileSync(new URL('../../fixtures/callbacks/group-destroyed.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

const dir = tempDirForFile('tim-callback-k6-');
let server: CaptureServer;

beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(() => server.close());

interface RunnerResult {
  options: { scenarios: { callbacks: Record<string, unknown> } };
  checks: { iteration: number; name: string; ok: boolean }[];
}

/** Runs the script's default function `iterations` times, the clock starting at startMs. */
function runScript(
  path: string,
  iterations: number,
  startMs: number,
  stepMs: number,
  env: Record<string, string> = {},
) {
  return new Promise<RunnerResult>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [RUNNER, path, String(iterations), String(startMs), String(stepMs)],
      {
        env: { PATH: process.env.PATH, TIM_CALLBACK_TOKEN: TOKEN, TIM_SDKAPPID: SDKAPPID, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(`runner ${code}: ${stderr}`)),
    );
  });
}

async function exportScript(name: string, args: string[], says = /^wrote /m): Promise<string> {
  const path = join(dir, name);
  const result = await runBin(
    ['send', ...args, '--export', 'k6', '--output', path, '--sdkappid', SDKAPPID],
    { env: { TIM_CALLBACK_TOKEN: TOKEN } },
  );
  expect(result.stderr).toMatch(says);
  expect(result.stderr + result.stdout).not.toContain('S3CRET');
  expect(result.code).toBe(0);
  return path;
}

describe('send --export k6: the script run under Node against a capture server', () => {
  it('makes signed callbacks with a fresh RequestTime and a unique GroupId per request', async () => {
    const path = await exportScript('default.js', [`${server.url}/im/cb?team=a`, '--count', '3']);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(TOKEN);
    // Valid as an ES module (k6 loads it as one).
    const module = join(dir, 'default.mjs');
    copyFileSync(path, module);
    expect(spawnSync(process.execPath, ['--check', module]).status).toBe(0);

    server.requests.length = 0;
    const startMs = Date.now();
    const run = await runScript(path, 3, startMs, 1500);
    expect(server.requests).toHaveLength(3);
    const times: number[] = [];
    server.requests.forEach((request, i) => {
      const { url, query } = parseCallbackUrl(`http://127.0.0.1${request.url}`);
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(url.pathname).toBe('/im/cb');
      expect(query.all.team).toBe('a');
      expect(query.command).toBe('Group.CallbackAfterGroupDestroyed');
      expect(query.sdkAppId).toBe(SDKAPPID);
      expect([query.contentType, query.clientIp, query.platform]).toEqual([
        'json',
        '127.0.0.1',
        'RESTAPI',
      ]);
      const requestTime = Number(query.requestTime);
      expect(requestTime).toBe(Math.floor((startMs + i * 1500) / 1000));
      times.push(requestTime);
      const verdict = verifySign({
        token: TOKEN,
        sign: query.sign,
        requestTime: query.requestTime,
        now: requestTime,
      });
      expect(verdict.outcome).toBe('ok');
      const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
      expect(body.GroupId).toBe(`${FIXTURE.GroupId}-${i + 1}`);
      expect(body.EventTime).toBe(startMs + i * 1500);
      expect({ ...body, GroupId: FIXTURE.GroupId, EventTime: undefined }).toEqual({
        ...FIXTURE,
        EventTime: undefined,
      });
    });
    expect(new Set(times).size).toBe(3);
    expect(run.options.scenarios.callbacks).toEqual({
      executor: 'shared-iterations',
      vus: 3,
      iterations: 3,
    });
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
    expect(run.checks.map((c) => c.name)).toContain('acknowledged (ActionStatus OK, ErrorCode 0)');
  });

  it("reads a target URL's password from TIM_URL_PASSWORD: it is not in the file", async () => {
    const password = 'pa:ss@1 S3CRET';
    const target = new URL(`${server.url}/cb`);
    target.username = 'ops';
    target.password = password;
    const path = await exportScript('password.js', [target.toString()], /TIM_URL_PASSWORD set/);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('S3CRET');
    expect(text).toContain('"http://ops"');
    await expect(runScript(path, 1, Date.now(), 0)).rejects.toThrow(/set TIM_URL_PASSWORD/);

    server.requests.length = 0;
    const run = await runScript(path, 1, Date.now(), 0, { TIM_URL_PASSWORD: password });
    expect(server.requests).toHaveLength(1);
    // k6 sends a URL's credentials as basic authentication.
    const basic = Buffer.from(`ops:${password}`).toString('base64');
    expect(server.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('its checks fail on an answer IM would count as failed', async () => {
    const path = await exportScript('checks.js', [`${server.url}/cb`]);
    server.reply = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ActionStatus":"OK","ErrorCode":"0"}');
    };
    try {
      const run = await runScript(path, 1, Date.now(), 1000);
      expect(run.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
        'ErrorCode is an integer',
        'ErrorInfo is a string',
        'acknowledged (ActionStatus OK, ErrorCode 0)',
      ]);
    } finally {
      server.reply = (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end('{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}');
      };
    }
  });

  it('a catalogue sample: its body, its key field unique per request, the decision as a check', async () => {
    const entry = findEntry(CATALOG, 'C2C.CallbackBeforeSendMsg');
    const sample = entry?.samples[0]?.body as Record<string, unknown>;
    const path = await exportScript('c2c.js', [`${server.url}/cb`, 'c2c.before-send-msg']);
    server.requests.length = 0;
    const run = await runScript(path, 2, Date.now(), 1000);
    const bodies = server.requests.map(
      (r) => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>,
    );
    // The field send varies in load mode for this command (its key, MsgKey).
    expect(bodies.map((b) => b.MsgKey)).toEqual([`${sample.MsgKey}-1`, `${sample.MsgKey}-2`]);
    expect({ ...bodies[0], MsgKey: sample.MsgKey }).toEqual(sample);
    for (const request of server.requests) {
      expect(parseCallbackUrl(`http://127.0.0.1${request.url}`).query.command).toBe(
        'C2C.CallbackBeforeSendMsg',
      );
    }
    expect(run.checks.filter((c) => !c.ok)).toEqual([]);

    // An ErrorCode the command does not take is not a decision.
    server.reply = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ActionStatus":"OK","ErrorCode":7,"ErrorInfo":""}');
    };
    try {
      const refused = await runScript(path, 1, Date.now(), 1000);
      expect(refused.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([
        expect.stringMatching(/^answered OK with a decision the command takes \(ErrorCode 0, 1, 2/),
      ]);
    } finally {
      server.reply = (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end('{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}');
      };
    }
  });
});
