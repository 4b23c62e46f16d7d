import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DoctorOptions, runDoctor } from '../../src/commands/doctor/doctor.js';
import type { DoctorCheck } from '../../src/core/doctor.js';
import { resolveSettings } from '../../src/core/settings.js';
import { verifySign } from '../../src/core/sign.js';
import { captureOutput } from '../helpers/capture.js';
import {
  type CaptureServer,
  closedPort,
  OK_BODY,
  replyAfter,
  replyOk,
  startCaptureServer,
} from '../helpers/capture-server.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// doctor against real loopback servers, each failing one check.

const TOKEN = 'doctor-test-token-7f3a';
const TLS_DIR = new URL('../fixtures/tls/', import.meta.url);
const KEY = readFileSync(new URL('key.pem', TLS_DIR));
const CERT = readFileSync(new URL('cert.pem', TLS_DIR));
const EXPIRED = readFileSync(new URL('expired-cert.pem', TLS_DIR));

const dir = tempDirForFile('tim-doctor-');
const privateToken = join(dir, 'token.txt');
const sharedToken = join(dir, 'shared-token.txt');
let server: CaptureServer;

beforeAll(async () => {
  writeFileSync(privateToken, `${TOKEN}\n`);
  chmodSync(privateToken, 0o600);
  writeFileSync(sharedToken, `${TOKEN}\n`);
  chmodSync(sharedToken, 0o644);
  server = await startCaptureServer();
});
afterAll(() => server.close());

interface Run {
  code: number;
  text: string;
  checks: Map<string, DoctorCheck>;
}

async function doctor(
  target: string,
  extra: { tokenFile?: string; insecure?: boolean; ca?: string } = {},
): Promise<Run> {
  const settings = resolveSettings({
    flags: { url: target, tokenFile: extra.tokenFile },
    env: {},
    defaults: { timeout: 5000 },
  });
  const options: DoctorOptions = {
    target,
    resolved: { settings, loaded: undefined, profile: undefined },
    flags: { tokenFile: extra.tokenFile },
    sdkAppId: '1400000000',
    timeoutMs: 5000,
    insecure: extra.insecure ?? false,
    ca: extra.ca,
    env: {},
  };
  const human = captureOutput();
  const code = await runDoctor(options, human.out);
  const json = captureOutput(true);
  // The JSON document carries the same checks; read them from there.
  await runDoctor(options, json.out);
  const doc = JSON.parse(json.stdout()) as { checks: DoctorCheck[]; exitCode: number };
  expect(doc.exitCode).toBe(code);
  expect(human.stdout() + json.stdout()).not.toContain(TOKEN);
  return { code, text: human.stdout(), checks: new Map(doc.checks.map((c) => [c.name, c])) };
}

describe('doctor against loopback servers', () => {
  it('a healthy endpoint: every check passes, the callback is signed, exit 0', async () => {
    server.reply = replyOk;
    const before = server.requests.length;
    const run = await doctor(`${server.url}/im/cb`, { tokenFile: privateToken });
    expect(run.code).toBe(0);
    expect(run.text).toMatch(
      /^✔ callback +a signed Group.CallbackAfterGroupDestroyed answered in/m,
    );
    expect(run.text).toMatch(/^✔ token-file +.*token.txt is readable and private \(mode 600\)$/m);
    expect(run.text).toMatch(/^ℹ plain-http /m);
    expect(run.text).toMatch(/^✔ clock +in step with the endpoint's Date header$/m);
    expect(run.text).toMatch(/All checks passed\.$/m);
    const sent = server.requests[before];
    const query = new URL(sent?.url ?? '', server.url).searchParams;
    expect(query.get('SdkAppid')).toBe('1400000000');
    const verdict = verifySign({
      token: TOKEN,
      requestTime: query.get('RequestTime') ?? '',
      sign: query.get('Sign') ?? '',
      now: Math.floor(Date.now() / 1000),
      toleranceSeconds: 60,
    });
    expect(verdict.outcome).toBe('ok');
  });

  it('an answer after 2 s fails the callback check, exit 1', async () => {
    server.reply = replyAfter(2200);
    const run = await doctor(`${server.url}/slow`);
    expect(run.code).toBe(1);
    const callback = run.checks.get('callback');
    expect(callback?.status).toBe('failed');
    expect(callback?.message).toMatch(/over the 2000 ms timeout/);
    expect(callback?.hint).toMatch(/answer within 2 s/);
  });

  it('a malformed packet fails the callback check, exit 1', async () => {
    server.reply = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end('{"ActionStatus":"OK"}');
    };
    const run = await doctor(`${server.url}/cb`);
    expect(run.code).toBe(1);
    expect(run.text).toMatch(/^✖ callback +.*malformed packet: .*ErrorCode is missing/m);
  });

  it('a refusal is named with the backend own ErrorInfo', async () => {
    server.reply = (_req, res) => {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end('{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"bad Sign"}');
    };
    const run = await doctor(`${server.url}/cb`, { tokenFile: privateToken });
    expect(run.code).toBe(1);
    expect(run.checks.get('callback')?.message).toMatch(/refused: HTTP 401.*ErrorInfo "bad Sign"/);
    expect(run.checks.get('callback')?.hint).toMatch(/token and SDKAppID/);
  });

  it("a Date header five minutes behind fails the clock check (Sign's ±60 s), exit 1", async () => {
    server.reply = (req, res) => {
      res.setHeader('date', new Date(Date.now() - 300_000).toUTCString());
      replyOk(req, res);
    };
    const run = await doctor(`${server.url}/cb`);
    expect(run.code).toBe(1);
    const clock = run.checks.get('clock');
    expect(clock?.status).toBe('failed');
    expect(clock?.message).toMatch(/this machine is 30\d s ahead of the endpoint's Date header/);
  });

  it('a token file readable by others fails, naming the chmod, exit 1', async () => {
    server.reply = replyOk;
    const run = await doctor(`${server.url}/cb`, { tokenFile: sharedToken });
    expect(run.code).toBe(1);
    expect(run.text).toMatch(
      /^✖ token-file +.*shared-token.txt is readable by everyone \(mode 644\)$/m,
    );
    expect(run.text).toMatch(/→ chmod 600 .*shared-token.txt$/m);
    expect(run.checks.get('callback')?.status).toBe('ok');
  });

  it('a refused port: the port check fails, the callback is skipped, exit 3', async () => {
    const port = await closedPort();
    const run = await doctor(`http://127.0.0.1:${port}/cb`);
    expect(run.code).toBe(3);
    expect(run.text).toMatch(/^✖ port +127.0.0.1:\d+ refuses connections \(ECONNREFUSED\)$/m);
    expect(run.text).toMatch(/^– callback +the endpoint cannot be reached$/m);
  });
});

describe('doctor: TLS', () => {
  const servers: Server[] = [];
  async function https(cert: Buffer): Promise<number> {
    const tls = createHttpsServer({ key: KEY, cert }, (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(OK_BODY);
    });
    servers.push(tls);
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    return (tls.address() as { port: number }).port;
  }
  const ca = join(dir, 'ca.pem');
  beforeAll(() => writeFileSync(ca, CERT));
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  it('a certificate trusted through --ca and naming the host passes, noting IM trusts public CAs', async () => {
    const port = await https(CERT);
    const run = await doctor(`https://127.0.0.1:${port}/cb`, { ca });
    expect(run.code).toBe(0);
    expect(run.checks.get('tls')?.message).toMatch(
      /^certificate valid for 127.0.0.1 until 2126-11-01 \(\d+ days\) \(trusted through --ca; IM trusts public CAs only\)$/,
    );
    expect(run.checks.has('plain-http')).toBe(false);
  });

  it('a self-signed certificate is not trusted; without --insecure nothing is delivered: exit 3', async () => {
    const port = await https(CERT);
    const run = await doctor(`https://127.0.0.1:${port}/cb`);
    expect(run.code).toBe(3);
    expect(run.checks.get('tls')?.message).toBe(
      'certificate not trusted: DEPTH_ZERO_SELF_SIGNED_CERT',
    );
    expect(run.checks.get('callback')?.message).toMatch(/no answer: TLS error/);
  });

  it('a certificate for another name fails the name check', async () => {
    const port = await https(CERT);
    const run = await doctor(`https://localhost:${port}/cb`, { ca, insecure: true });
    expect(run.code).toBe(1);
    expect(run.checks.get('tls')?.message).toMatch(/^certificate does not name localhost: /);
    expect(run.checks.get('tls')?.hint).toBe('serve a certificate whose names include localhost');
  });

  it('an expired certificate fails with its end date, even when --insecure lets the callback through', async () => {
    const port = await https(EXPIRED);
    const run = await doctor(`https://127.0.0.1:${port}/cb`, { insecure: true });
    expect(run.code).toBe(1);
    expect(run.checks.get('tls')?.message).toBe('certificate expired on 2020-02-01');
    expect(run.checks.get('callback')?.status).toBe('ok');
  });
});
