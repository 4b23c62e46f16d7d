import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import {
  type CaptureServer,
  closedPort,
  OK_BODY,
  replyAfter,
  replyOk,
  startCaptureServer,
  startLoopbackProxy,
} from '../helpers/capture-server.js';
import { KNOWN_SIGN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';
import { tempDirForTest } from '../helpers/temp-dir.js';

const TOKEN = 'tok-S3CRET-e2e-7f1c';
const SDKAPPID = '1400000000';
const COMMAND = 'Group.CallbackAfterGroupDestroyed';
const FIXTURE = JSON.parse(
  readFileSync(new URL('../../fixtures/callbacks/group-destroyed.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

// Recomputed here, not with the project's sign(): cloud.tencent.com/document/product/269/32431.
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);

let server: CaptureServer;

beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});

async function send(args: string[], options: Parameters<typeof runBin>[1] = {}) {
  const result = await runBin(['send', ...args], options);
  // The token is never printed, whatever happens.
  expect(result.stdout).not.toContain(TOKEN);
  expect(result.stderr).not.toContain(TOKEN);
  return result;
}

/** The one request the server saw during `action`. */
async function captureOne(action: () => Promise<unknown>) {
  server.reply = replyOk;
  const before = server.requests.length;
  await action();
  expect(server.requests.length - before).toBe(1);
  const request = server.requests[before];
  if (!request) throw new Error('no request captured');
  return { ...request, body: request.body.toString('utf8'), query: queryOf(request.url) };
}

function queryOf(url: string): [string, string][] {
  return [...new URL(url, 'http://x').searchParams.entries()];
}

describe('send: the request on the wire', () => {
  it('keeps the target query, adds the callback parameters in order, and signs', async () => {
    const before = nowSeconds();
    let result: Awaited<ReturnType<typeof send>> | undefined;
    const seen = await captureOne(async () => {
      result = await send([
        `${server.url}/im/callback?tenant=a%20b&x=1`,
        '--sdkappid',
        SDKAPPID,
        '--token',
        TOKEN,
        '--client-ip',
        '10.0.0.7',
        '--platform',
        'Android',
      ]);
    });
    const after = nowSeconds();
    expect(result?.code).toBe(0);
    expect(seen.method).toBe('POST');
    expect(seen.url.split('?')[0]).toBe('/im/callback');
    const names = seen.query.map(([name]) => name);
    expect(names).toEqual([
      'tenant',
      'x',
      'SdkAppid',
      'CallbackCommand',
      'contenttype',
      'ClientIP',
      'OptPlatform',
      'Sign',
      'RequestTime',
    ]);
    const q = Object.fromEntries(seen.query);
    expect(q).toMatchObject({
      tenant: 'a b',
      x: '1',
      SdkAppid: SDKAPPID,
      CallbackCommand: COMMAND,
      contenttype: 'json',
      ClientIP: '10.0.0.7',
      OptPlatform: 'Android',
    });
    const requestTime = Number(q.RequestTime);
    expect(requestTime).toBeGreaterThanOrEqual(before);
    expect(requestTime).toBeLessThanOrEqual(after);
    expect(q.Sign).toBe(sha256(`${TOKEN}${q.RequestTime}`));
    // The printed request line shows Sign.
    expect(result?.stdout).toContain(`Sign=${q.Sign}`);
  });

  it('sends the fixture bytes with EventTime stamped now, as application/json; charset=utf-8', async () => {
    const before = Date.now();
    const seen = await captureOne(() => send([`${server.url}/cb`, '--sdkappid', SDKAPPID]));
    const after = Date.now();
    expect(seen.headers['content-type']).toBe('application/json; charset=utf-8');
    const eventTime = (JSON.parse(seen.body) as { EventTime: number }).EventTime;
    expect(eventTime).toBeGreaterThanOrEqual(before);
    expect(eventTime).toBeLessThanOrEqual(after);
    expect(seen.body).toBe(JSON.stringify({ ...FIXTURE, EventTime: eventTime }));
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(seen.body)));
    // Without a token there is no Sign and no RequestTime.
    expect(seen.query.map(([name]) => name)).not.toContain('Sign');
    expect(seen.query.map(([name]) => name)).not.toContain('RequestTime');
  });

  it('applies --type, --members, --set and --unset', async () => {
    const community = await captureOne(() =>
      send([
        `${server.url}/cb`,
        '--type',
        'Community',
        '--set',
        'Name="007"',
        '--set',
        'EventTime=1670574414123',
      ]),
    );
    const c = JSON.parse(community.body);
    expect(c.Type).toBe('Community');
    expect(c).not.toHaveProperty('MemberList');
    expect(c.Name).toBe('007');
    expect(c.EventTime).toBe(1670574414123);

    let result: Awaited<ReturnType<typeof send>> | undefined;
    const members = await captureOne(async () => {
      result = await send([
        `${server.url}/cb`,
        '--type',
        'Private',
        '--members',
        '5',
        '--set',
        'MemberList[1].Member_Account=alice',
        '--unset',
        'Owner_Account',
      ]);
    });
    const m = JSON.parse(members.body);
    expect(m.Type).toBe('Private');
    expect(m.MemberList).toHaveLength(5);
    expect(m.MemberList[0]).toEqual({ Member_Account: 'leckie' });
    expect(m.MemberList[1]).toEqual({ Member_Account: 'alice' });
    expect(m).not.toHaveProperty('Owner_Account');
    // A body that breaks the schema is still sent, with a warning.
    expect(result?.code).toBe(0);
    expect(result?.stderr).toMatch(/breaks the schema.*Owner_Account/);
  });

  it('--skew -300 makes a RequestTime 300 s old, still correctly signed', async () => {
    const before = nowSeconds();
    const seen = await captureOne(() =>
      send([`${server.url}/cb`, '--token', TOKEN, '--skew', '-300']),
    );
    const after = nowSeconds();
    const q = Object.fromEntries(seen.query);
    expect(Number(q.RequestTime)).toBeGreaterThanOrEqual(before - 300);
    expect(Number(q.RequestTime)).toBeLessThanOrEqual(after - 300);
    expect(q.Sign).toBe(sha256(`${TOKEN}${q.RequestTime}`));
  });

  it('--request-time signs the documented known answer', async () => {
    const seen = await captureOne(() =>
      send([`${server.url}/cb`, '--token', KNOWN_TOKEN, '--request-time', String(KNOWN_TIME)]),
    );
    const q = Object.fromEntries(seen.query);
    expect(q.RequestTime).toBe(String(KNOWN_TIME));
    expect(q.Sign).toBe(KNOWN_SIGN);
  });

  it('reads the token from --token-file and TIM_CALLBACK_TOKEN', async () => {
    const file = `${tempDirForTest('tim-send-')}/token.txt`;
    writeFileSync(file, `${TOKEN}\n`);
    for (const run of [
      () => send([`${server.url}/cb`, '--token-file', file]),
      () => send([`${server.url}/cb`], { env: { TIM_CALLBACK_TOKEN: TOKEN } }),
    ]) {
      const seen = await captureOne(run);
      const q = Object.fromEntries(seen.query);
      expect(q.Sign).toBe(sha256(`${TOKEN}${q.RequestTime}`));
    }
  });

  it('--payload - sends a body from stdin; a payload that is not JSON is a usage error', async () => {
    const body = JSON.stringify({ ...FIXTURE, GroupId: '@TGS#from-stdin', EventTime: 5 });
    const seen = await captureOne(() =>
      send([`${server.url}/cb`, '--payload', '-'], { input: body }),
    );
    expect(seen.body).toBe(body);

    const before = server.requests.length;
    const bad = await send([`${server.url}/cb`, '--payload', '-'], { input: 'not json' });
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/not JSON/);
    expect(server.requests.length).toBe(before);
  });

  it('replaces the callback parameters a pasted URL carries, with one note', async () => {
    const pasted = `${server.url}/cb?tenant=7&SdkAppid=9&Sign=${'0'.repeat(64)}&RequestTime=1&ClientIP=1.2.3.4`;
    let r: Awaited<ReturnType<typeof send>> | undefined;
    const seen = await captureOne(async () => {
      r = await send([pasted, '--sdkappid', SDKAPPID, '--token', TOKEN]);
    });
    const names = seen.query.map(([name]) => name);
    expect(names).toEqual([
      'tenant',
      'SdkAppid',
      'CallbackCommand',
      'contenttype',
      'ClientIP',
      'OptPlatform',
      'Sign',
      'RequestTime',
    ]);
    const q = Object.fromEntries(seen.query);
    expect(q.SdkAppid).toBe(SDKAPPID);
    expect(q.Sign).toBe(sha256(`${TOKEN}${q.RequestTime}`));
    expect(r?.stderr).toContain(
      "note: the URL already carries SdkAppid, ClientIP, Sign, RequestTime: replaced by this request's own; none is sent twice",
    );
    // Without a token the pasted Sign is left out, not sent stale.
    const unsigned = await captureOne(() => send([pasted, '--sdkappid', SDKAPPID]));
    expect(unsigned.query.map(([name]) => name)).not.toContain('Sign');
  });

  it('says once that a request without a token is unsigned', async () => {
    const r = await send([
      `${server.url}/cb`,
      '--sdkappid',
      SDKAPPID,
      '--skew',
      '-300',
      '--dry-run',
    ]);
    const lines = r.stderr.split('\n').filter((l) => l.includes('unsigned'));
    expect(lines).toEqual([
      'warning: no token: the request is unsigned, no Sign or RequestTime (so --request-time and --skew do nothing); pass --token-file <file> or set TIM_CALLBACK_TOKEN to sign it',
    ]);
    const signed = await send([`${server.url}/cb`, '--token', TOKEN, '--dry-run']);
    expect(signed.stderr).not.toContain('unsigned');
  });

  it('--dry-run prints the signed URL and body and sends nothing', async () => {
    const before = server.requests.length;
    const r = await send([`${server.url}/cb`, '--token', TOKEN, '--dry-run']);
    expect(r.code).toBe(0);
    expect(server.requests.length).toBe(before);
    expect(r.stdout).toMatch(
      /^POST http:\/\/127\.0\.0\.1:\d+\/cb\?.*&Sign=[0-9a-f]{64}&RequestTime=\d+$/m,
    );
    expect(r.stdout).toContain('"GroupId": "@TGS#2J4SZEAEL"');
  });
});

describe('send: answers and exit codes', () => {
  const answer = (status: number, body: string, type = 'application/json') =>
    ((_req, res) => {
      res.statusCode = status;
      res.setHeader('content-type', type);
      res.end(body);
    }) satisfies CaptureServer['reply'];

  it('0 for a 200 with a well-formed OK packet, with every check shown', async () => {
    server.reply = replyOk;
    const r = await send([`${server.url}/cb`, '--token', TOKEN]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('HTTP 200');
    expect(r.stdout).toContain(OK_BODY);
    for (const line of [
      '✔ HTTP 200',
      '✔ body is a JSON object',
      '✔ ActionStatus is "OK"',
      '✔ ErrorCode is 0',
      '✔ ErrorInfo is a string',
      '✔ answered in',
    ]) {
      expect(r.stdout).toContain(line);
    }
  });

  it('1 for an HTML 500 page', async () => {
    server.reply = answer(500, '<html><body>Internal Server Error</body></html>', 'text/html');
    const r = await send([`${server.url}/cb`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ HTTP 500, expected 200');
    expect(r.stdout).toContain('✖ body is not JSON');
  });

  it('1 for a packet missing ErrorInfo', async () => {
    server.reply = answer(200, '{"ActionStatus":"OK","ErrorCode":0}');
    const r = await send([`${server.url}/cb`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ ErrorInfo is missing');
  });

  it('1 for a FAIL packet', async () => {
    server.reply = answer(
      200,
      '{"ActionStatus":"FAIL","ErrorCode":1001,"ErrorInfo":"no such group"}',
    );
    const r = await send([`${server.url}/cb`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ ActionStatus is "FAIL", expected "OK"');
    expect(r.stdout).toContain('✖ rejected: HTTP 200 with FAIL 1001, "no such group"');
  });

  it('names a 403 or 401 a refusal, whatever its body', async () => {
    for (const [status, body, line] of [
      [403, 'Forbidden', '✖ rejected: HTTP 403, "Forbidden"'],
      [401, '', '✖ rejected: HTTP 401 (empty body)'],
      [403, '{"error":"bad appid"}', '✖ rejected: HTTP 403, "{\\"error\\":\\"bad appid\\"}"'],
    ] as const) {
      server.reply = answer(status, body, 'text/plain');
      const r = await send([`${server.url}/cb`, '--sdkappid', SDKAPPID]);
      expect(r.code).toBe(1);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(line);
      expect(r.stdout).not.toContain('well-formed');
    }
  });

  it('says how many checks failed as many as the ✖ lines it shows, and no check twice', async () => {
    for (const [status, body] of [
      [500, '<html><body>Internal Server Error</body></html>'],
      [200, '{"ActionStatus":"OK","ErrorCode":"0"}'],
      [200, '{"ActionStatus":"maybe","ErrorCode":0,"ErrorInfo":""}'],
      [500, '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}'],
      [200, OK_BODY],
      [200, '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"no"}'],
    ] as const) {
      server.reply = answer(status, body);
      const r = await send([`${server.url}/cb`, '--sdkappid', SDKAPPID]);
      const checkLines = r.stdout.split('\n').filter((l) => /^ {2}[✔✖] /.test(l));
      expect(new Set(checkLines).size, body).toBe(checkLines.length);
      expect(checkLines.filter((l) => l.includes('ActionStatus')).length, body).toBeLessThanOrEqual(
        1,
      );
      const counted = /(\d+) checks? failed$/m.exec(r.stdout);
      if (counted) {
        expect(Number(counted[1]), body).toBe(checkLines.filter((l) => l.includes('✖')).length);
      }
    }
    server.reply = replyOk;
  });

  it('1 for a rejection (401 with a FAIL packet), named as a rejection', async () => {
    server.reply = answer(401, '{"ActionStatus":"FAIL","ErrorCode":40103,"ErrorInfo":"stale"}');
    const r = await send([`${server.url}/cb`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ rejected: HTTP 401 with FAIL 40103, "stale"');
  });

  it('3 for a closed port, with one line naming it', async () => {
    const port = await closedPort();
    const r = await send([`http://127.0.0.1:${port}/cb`, '--sdkappid', SDKAPPID, '--token', TOKEN]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^tim-callback: no answer \(refused\): connection refused/);
  });

  it('3 for a backend slower than --timeout', async () => {
    server.reply = replyAfter(5000);
    const r = await send([
      `${server.url}/cb`,
      '--timeout',
      '300',
      '--sdkappid',
      SDKAPPID,
      '--token',
      TOKEN,
    ]);
    server.reply = replyOk;
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no answer \(timeout\): no answer within 300 ms/);
  });

  it('--json gives one document with request, response, checks and timing', async () => {
    server.reply = replyOk;
    const r = await send([`${server.url}/cb`, '--token', TOKEN, '--json', '--sdkappid', SDKAPPID]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.ok).toBe(true);
    expect(new URL(doc.request.url).searchParams.get('Sign')).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(doc.request.body).GroupId).toBe('@TGS#2J4SZEAEL');
    expect(doc.response).toMatchObject({ status: 200, body: OK_BODY });
    expect(typeof doc.response.latencyMs).toBe('number');
    expect(doc.checks.map((c: { name: string }) => c.name)).toEqual([
      'status',
      'json-object',
      'action-status',
      'error-code',
      'error-info',
      'in-time',
    ]);
    expect(doc.verdict).toBe('accepted');
    expect(doc.timing.timeoutMs).toBe(2000);
  });

  it('--json still gives a document when nothing came back, and exits 3', async () => {
    const port = await closedPort();
    const r = await send([`http://127.0.0.1:${port}/cb`, '--json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ schemaVersion: 1, ok: false, response: null });
    expect(doc.error.kind).toBe('refused');
  });
});

describe('send: usage errors', () => {
  it('exit 2 with one line for bad input, and nothing is sent', async () => {
    const before = server.requests.length;
    const cases: [string[], RegExp][] = [
      [['--type', 'Bogus'], /--type "Bogus" is not a group type/],
      [['--set', 'Name'], /--set "Name" needs the form path=value/],
      [['--unset', 'Nope'], /cannot unset "Nope"/],
      [['no-such-fixture'], /no fixture or sample named "no-such-fixture"/],
      [['--payload', 'missing.json'], /cannot read --payload "missing.json"/],
      [['--members', 'many'], /--members "many" is not a whole number/],
      [['--skew', 'soon'], /--skew "soon" is not a whole number/],
      [['--request-time', '1', '--skew', '1'], /cannot be used with option '--skew/],
      [['--timeout', '0'], /--timeout "0" is not a whole number of at least 1/],
      [['--rate', '-1'], /--rate "-1" is not a positive number/],
      [['--ca', 'missing.pem'], /cannot read --ca "missing.pem"/],
      [['--ca', 'package.json'], /--ca "package.json" holds no certificate/],
      [['--type', 'public'], /--type "public" is not a group type; did you mean --type Public\?/],
    ];
    for (const [args, message] of cases) {
      const r = await send([`${server.url}/cb`, ...args, '--token', TOKEN]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('tim-callback:')),
      ).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    const badEnv = await send([`${server.url}/cb`], { env: { TIM_SDKAPPID: '14000-abc' } });
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/^tim-callback: TIM_SDKAPPID "14000-abc" is not a number;/);
    const notUrl = await send(['not a url']);
    expect(notUrl.code).toBe(2);
    expect(notUrl.stderr).toMatch(/<url> "not a url" is not a URL/);
    const both = await send([`${server.url}/cb`, 'cn-edition', '--payload', '-'], { input: '{}' });
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot go together/);
    expect(server.requests.length).toBe(before);
  });
});

describe('send: load mode', () => {
  it('--count 500 --concurrency 20: 500 distinct, correctly signed requests, counted right', async () => {
    server.reply = replyOk;
    const before = server.requests.length;
    const startedAt = nowSeconds();
    const r = await send([
      `${server.url}/load`,
      '--token',
      TOKEN,
      '--sdkappid',
      SDKAPPID,
      '--count',
      '500',
      '--concurrency',
      '20',
      '--json',
    ]);
    const endedAt = nowSeconds();
    expect(r.code).toBe(0);
    const seen = server.requests.slice(before);
    expect(seen).toHaveLength(500);
    const groupIds = new Set<string>();
    for (const request of seen) {
      const q = Object.fromEntries(queryOf(request.url));
      expect(q.Sign).toBe(sha256(`${TOKEN}${q.RequestTime}`));
      expect(Number(q.RequestTime)).toBeGreaterThanOrEqual(startedAt);
      expect(Number(q.RequestTime)).toBeLessThanOrEqual(endedAt);
      expect(q.SdkAppid).toBe(SDKAPPID);
      groupIds.add(JSON.parse(request.body.toString('utf8')).GroupId);
    }
    expect(groupIds.size).toBe(500);
    expect(groupIds.has('@TGS#2J4SZEAEL-1')).toBe(true);
    expect(groupIds.has('@TGS#2J4SZEAEL-500')).toBe(true);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      schemaVersion: 1,
      requests: 500,
      byStatus: { '200': 500 },
      byActionStatus: { OK: 500 },
      malformed: 0,
      errors: {},
    });
    for (const key of ['p50', 'p90', 'p99', 'max']) {
      expect(typeof doc.latencyMs[key]).toBe('number');
    }
    expect(doc.latencyMs.p50).toBeLessThanOrEqual(doc.latencyMs.p99);
    expect(doc.requestsPerSecond).toBeGreaterThan(0);
  });

  it('counts FAIL and malformed answers as the server gave them, and exits 1', async () => {
    let n = 0;
    server.reply = (req, res) => {
      n++;
      if (n % 5 === 0) {
        res.statusCode = 502;
        res.setHeader('content-type', 'text/html');
        res.end('<html>bad gateway</html>');
      } else if (n % 5 === 1) {
        res.setHeader('content-type', 'application/json');
        res.end('{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"busy"}');
      } else {
        replyOk(req, res);
      }
    };
    const r = await send([`${server.url}/load`, '--count', '100', '--concurrency', '7', '--json']);
    server.reply = replyOk;
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      requests: 100,
      byStatus: { '200': 80, '502': 20 },
      byActionStatus: { OK: 60, FAIL: 20, none: 20 },
      rejected: 20,
      rejectedBy: { FAIL: 20 },
      malformed: 20,
      malformedByCheck: { status: 20, 'json-object': 20 },
    });
  });

  it('says "rejected" for refusals and "malformed" only for broken packets', async () => {
    let n = 0;
    server.reply = (req, res) => {
      n++;
      if (n % 2 === 0) {
        res.statusCode = 403;
        res.end('Forbidden');
      } else replyOk(req, res);
    };
    const r = await send([`${server.url}/load`, '--count', '40', '--concurrency', '4']);
    server.reply = replyOk;
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^rejected {2}20 \(HTTP 403 × 20\)$/m);
    expect(r.stdout).toMatch(/^malformed none$/m);
    expect(r.stdout).toContain('✖ 20 of 40 requests not accepted: 20 rejected');
  });

  it('prints a human summary when piped (no progress bar)', async () => {
    server.reply = replyOk;
    const r = await send([`${server.url}/load`, '--count', '50', '--concurrency', '5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/50 requests in .*requests\/s/);
    expect(r.stdout).toMatch(/latency\s+p50 .* p90 .* p99 .* max /);
    expect(r.stdout).toMatch(/answers\s+HTTP 200 × 50; OK × 50/);
    expect(r.stderr).not.toMatch(/█|░/);
  });

  it('exits 3 when no request got an answer', async () => {
    const port = await closedPort();
    const r = await send([`http://127.0.0.1:${port}/cb`, '--count', '20', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ requests: 20, errors: { refused: 20 } });
    expect(r.stderr).toMatch(/none of the 20 requests got an answer \(20 refused\)/);
  });

  it('counts answers slower than --timeout as timeouts', async () => {
    server.reply = replyAfter(5000);
    const r = await send([
      `${server.url}/slow`,
      '--count',
      '4',
      '--concurrency',
      '4',
      '--timeout',
      '200',
      '--json',
    ]);
    server.reply = replyOk;
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({
      requests: 4,
      answered: 0,
      errors: { timeout: 4 },
    });
  });

  it('--duration keeps sending until the time is up, --rate caps it', async () => {
    server.reply = replyOk;
    const before = server.requests.length;
    const r = await send([
      `${server.url}/load`,
      '--duration',
      '1',
      '--rate',
      '20',
      '--concurrency',
      '20',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    // 20/s for 1 s with 20 in flight: all 20 slots (0, 50, …, 950 ms) are claimed at the start,
    // the 21st would be due at 1000 ms, when the time is up: exactly 20 on any machine.
    expect(doc.requests).toBe(20);
    expect(server.requests.length - before).toBe(20);
  });
});

describe('send: interactive without a terminal', () => {
  it('-i with stdin not a TTY never prompts: a missing URL is a usage error', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await send(['-i', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/missing the backend URL/);
    }
  });

  it('-i with a URL and no terminal just sends', async () => {
    const seen = await captureOne(() => send(['-i', `${server.url}/cb`]));
    expect(seen.method).toBe('POST');
  });
});

describe('send: transport', () => {
  it('uses HTTP_PROXY', async () => {
    const proxy = await startLoopbackProxy();
    try {
      const seen = await captureOne(() =>
        send([`${server.url}/via-proxy`, '--token', TOKEN], {
          env: {
            HTTP_PROXY: proxy.url,
            http_proxy: undefined,
            NO_PROXY: undefined,
            no_proxy: undefined,
          },
        }),
      );
      expect(seen.url.startsWith('/via-proxy?')).toBe(true);
      expect(proxy.seen).toEqual([`127.0.0.1:${server.port}`]);
    } finally {
      await proxy.close();
    }
  });

  it('goes direct when NO_PROXY names the host', async () => {
    const proxy = await startLoopbackProxy();
    try {
      const seen = await captureOne(() =>
        send([`${server.url}/direct`], {
          env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1', no_proxy: undefined },
        }),
      );
      expect(seen.url.startsWith('/direct?')).toBe(true);
      expect(proxy.seen).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('uses HTTP_PROXY in load mode too', async () => {
    const proxy = await startLoopbackProxy();
    try {
      server.reply = replyOk;
      const before = server.requests.length;
      const r = await send([`${server.url}/load`, '--count', '30', '--concurrency', '3'], {
        env: { HTTP_PROXY: proxy.url, NO_PROXY: undefined, no_proxy: undefined },
      });
      expect(r.code).toBe(0);
      expect(server.requests.length - before).toBe(30);
      expect(proxy.seen.length).toBeGreaterThan(0);
      expect(new Set(proxy.seen)).toEqual(new Set([`127.0.0.1:${server.port}`]));
    } finally {
      await proxy.close();
    }
  });

  describe('TLS', () => {
    const certUrl = new URL('../fixtures/tls/cert.pem', import.meta.url);
    const tlsServer = createHttpsServer(
      {
        cert: readFileSync(certUrl),
        key: readFileSync(new URL('../fixtures/tls/key.pem', import.meta.url)),
      },
      (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(OK_BODY);
      },
    );
    let url = '';
    beforeAll(async () => {
      await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
      url = `https://127.0.0.1:${(tlsServer.address() as { port: number }).port}/cb`;
    });
    afterAll(async () => {
      tlsServer.closeAllConnections();
      await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
    });

    it('an untrusted certificate is a TLS error (3); --ca and --insecure get through (0)', async () => {
      const untrusted = await send([url]);
      expect(untrusted.code).toBe(3);
      expect(untrusted.stderr).toMatch(/no answer \(tls\).*--ca/);
      expect((await send([url, '--ca', certUrl.pathname])).code).toBe(0);
      expect((await send([url, '--insecure'])).code).toBe(0);
    });
  });
});

describe('send: what a failed connection is named', () => {
  it('https:// to a plain-HTTP port says so, not --ca or --insecure', async () => {
    const r = await send([
      `https://127.0.0.1:${server.port}/cb`,
      '--token',
      TOKEN,
      '--sdkappid',
      SDKAPPID,
    ]);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toEqual([
      `tim-callback: no answer (plain-http): 127.0.0.1:${server.port} answered the TLS handshake in plain HTTP; the server speaks plain HTTP: use http://`,
    ]);
  });

  it('a proxy that refuses the connection is named as the proxy, in one-shot and load mode', async () => {
    const proxyPort = await closedPort();
    const env = {
      HTTP_PROXY: `http://127.0.0.1:${proxyPort}`,
      NO_PROXY: undefined,
      no_proxy: undefined,
    };
    const one = await send([`${server.url}/cb`, '--token', TOKEN], { env });
    expect(one.code).toBe(3);
    expect(one.stderr).toContain(`connection refused by the proxy at 127.0.0.1:${proxyPort}`);
    expect(one.stderr).not.toContain('is the backend running');
    const load = await send([`${server.url}/cb`, '--token', TOKEN, '--count', '4'], { env });
    expect(load.code).toBe(3);
    expect(load.stdout).toMatch(/^errors {4}4 \(proxy × 4\)$/m);
    expect(load.stderr).toMatch(
      /none of the 4 requests got an answer \(4 proxy\); is the proxy running\?/,
    );
  });
});
