import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED } from '../../src/core/callback-url.js';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import type { RecordLine } from '../../src/core/record.js';
import { formatExchange } from '../../src/io/listen-printer.js';
import { openRecordWriter } from '../../src/io/record-writer.js';
import { KNOWN_SIGN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';
import {
  failOf,
  OK_BODY,
  post,
  rawExchange,
  SDKAPPID,
  sampleBody,
  startTestListener,
  type TestListener,
  TOKEN,
} from '../helpers/listen.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const dir = tempDirForFile('tim-callback-listener-');
const plain = new Chalk({ level: 0 });

describe('the check ladder over real HTTP', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener({
      maxBody: 64 * 1024,
      ladder: { path: '/im/cb', sdkAppId: SDKAPPID, token: TOKEN, strict: true },
    });
  });
  afterAll(() => t.close());

  it('answers a correct callback with the reply packet', async () => {
    const a = await post(t.callbackUrl({ path: '/im/cb' }));
    expect(a.status).toBe(200);
    expect(a.text).toBe(OK_BODY);
    expect(a.headers['content-type']).toMatch(/application\/json/);
  });

  const rungs: [string, () => Promise<Awaited<ReturnType<typeof post>>>, number, number][] = [
    ['another path', () => post(t.callbackUrl({ path: '/other' })), 404, FAIL_CODES.wrongPath],
    [
      'GET',
      () => post(t.callbackUrl({ path: '/im/cb' }), '', { method: 'GET' }),
      405,
      FAIL_CODES.wrongMethod,
    ],
    [
      'PUT',
      () => post(t.callbackUrl({ path: '/im/cb' }), sampleBody(), { method: 'PUT' }),
      405,
      FAIL_CODES.wrongMethod,
    ],
    [
      'a body over --max-body',
      () => post(t.callbackUrl({ path: '/im/cb' }), 'x'.repeat(64 * 1024 + 1)),
      413,
      FAIL_CODES.bodyTooLarge,
    ],
    [
      'no SdkAppid',
      () => post(t.callbackUrl({ path: '/im/cb', sdkAppId: null })),
      403,
      FAIL_CODES.sdkAppIdMissing,
    ],
    [
      'another SdkAppid',
      () => post(t.callbackUrl({ path: '/im/cb', sdkAppId: '1400000009' })),
      403,
      FAIL_CODES.sdkAppIdMismatch,
    ],
    [
      'no Sign',
      () => post(t.callbackUrl({ path: '/im/cb', token: null })),
      401,
      FAIL_CODES.signMissing,
    ],
    [
      'a wrong Sign',
      () => post(t.callbackUrl({ path: '/im/cb', token: 'not-the-token' })),
      401,
      FAIL_CODES.signBad,
    ],
    [
      'a stale RequestTime (now - 61 s)',
      () => post(t.callbackUrl({ path: '/im/cb', time: Math.floor(Date.now() / 1000) - 61 })),
      401,
      FAIL_CODES.signStale,
    ],
    [
      'a future RequestTime (now + 61 s)',
      () => post(t.callbackUrl({ path: '/im/cb', time: Math.floor(Date.now() / 1000) + 61 })),
      401,
      FAIL_CODES.signFuture,
    ],
    [
      'a body that is not JSON',
      () => post(t.callbackUrl({ path: '/im/cb' }), '{"GroupId": "@TGS'),
      400,
      FAIL_CODES.notJson,
    ],
    [
      'a JSON array',
      () => post(t.callbackUrl({ path: '/im/cb' }), '[]'),
      400,
      FAIL_CODES.notObject,
    ],
    [
      'invalid UTF-8',
      () => post(t.callbackUrl({ path: '/im/cb' }), Buffer.from([0x7b, 0xc3, 0x28, 0x7d])),
      400,
      FAIL_CODES.notUtf8,
    ],
    [
      'a schema violation (--strict)',
      () => post(t.callbackUrl({ path: '/im/cb' }), sampleBody({ MemberList: 'everyone' })),
      400,
      FAIL_CODES.schema,
    ],
  ];

  it.each(rungs)('rejects %s with %i and a FAIL packet', async (_name, send, status, code) => {
    const a = await send();
    expect(a.status).toBe(status);
    expect(failOf(a)?.code).toBe(code);
    expect(failOf(a)?.info.length).toBeGreaterThan(5);
    expect(a.text).not.toContain(TOKEN);
  });

  it('says Allow: POST on a 405', async () => {
    const a = await post(t.callbackUrl({ path: '/im/cb' }), '', { method: 'GET' });
    expect(a.headers.allow).toBe('POST');
  });

  it('accepts RequestTime = now and now ± 59 s', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const time of [now, now - 59, now + 59]) {
      expect((await post(t.callbackUrl({ path: '/im/cb', time }))).status).toBe(200);
    }
  });

  it('enforces the body limit while streaming a chunked body', async () => {
    const head =
      `POST ${new URL(t.callbackUrl({ path: '/im/cb' })).pathname}${new URL(t.callbackUrl({ path: '/im/cb' })).search} HTTP/1.1\r\n` +
      'Host: x\r\nTransfer-Encoding: chunked\r\n\r\n';
    const chunk = `${(16 * 1024).toString(16)}\r\n${'a'.repeat(16 * 1024)}\r\n`;
    // Five 16 KiB chunks pass the 64 KiB limit; the answer comes before the body ends.
    const r = await rawExchange(t.port, [head, ...Array(5).fill(chunk)], { waitMs: 5000 });
    expect(r.data).toMatch(/^HTTP\/1\.1 413 /);
    expect(r.data).toContain(`"ErrorCode":${FAIL_CODES.bodyTooLarge}`);
    expect(r.closedByServer).toBe(true);
  });

  it('refuses a body announced too large without reading it', async () => {
    const u = new URL(t.callbackUrl({ path: '/im/cb' }));
    const r = await rawExchange(t.port, [
      `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n{`,
    ]);
    expect(r.data).toMatch(/^HTTP\/1\.1 413 /);
  });
});

describe('a known-answer vector with a fixed clock', () => {
  it(`verifies Sign ${KNOWN_SIGN.slice(0, 8)}… for token ${KNOWN_TOKEN} at RequestTime ${KNOWN_TIME}`, async () => {
    const t = await startTestListener({
      ladder: { token: KNOWN_TOKEN },
      clock: () => KNOWN_TIME * 1000 + 30_000,
    });
    try {
      const q = `?CallbackCommand=${AFTER_GROUP_DESTROYED}&RequestTime=${KNOWN_TIME}&Sign=${KNOWN_SIGN}`;
      const a = await post(`${t.url}${q}`);
      expect(a.status).toBe(200);
      expect(t.exchanges[0]?.line.checks.sign).toBe('ok');
      const wrong = await post(`${t.url}${q.replace(String(KNOWN_TIME), String(KNOWN_TIME + 1))}`);
      expect(wrong.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('bodies', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener({ ladder: { sdkAppId: SDKAPPID, token: TOKEN } });
  });
  afterAll(() => t.close());

  it('accepts a 10,000-member dismissal and prints it in a few lines', async () => {
    const members = Array.from({ length: 10_000 }, (_, i) => ({ Member_Account: `member${i}` }));
    const a = await post(t.callbackUrl(), sampleBody({ MemberList: members, Type: 'ChatRoom' }));
    expect(a.status).toBe(200);
    const exchange = t.exchanges.at(-1);
    expect(exchange?.line.checks.schema).toBe('ok');
    const text = formatExchange(plain, exchange as NonNullable<typeof exchange>);
    expect(text.split('\n').length).toBeLessThanOrEqual(8);
    expect(text).toContain('10,000 members');
    expect(text).toContain('… and 9,995 more');
  });

  it('accepts schema problems without --strict and shows them', async () => {
    const a = await post(t.callbackUrl(), sampleBody({ GroupId: 42 }));
    expect(a.status).toBe(200);
    const e = t.exchanges.at(-1);
    expect(e?.line.checks).toMatchObject({
      schema: 'invalid',
      problems: ['/GroupId: must be string'],
    });
  });

  it('receives other commands, shows them generically and answers OK', async () => {
    const body = '{"CallbackCommand":"Group.CallbackAfterNewMemberJoin","GroupId":"@TGS#1"}';
    const a = await post(t.callbackUrl({ command: 'Group.CallbackAfterNewMemberJoin' }), body);
    expect(a.status).toBe(200);
    expect(a.text).toBe(OK_BODY);
    const e = t.exchanges.at(-1);
    expect(e?.verdict.command).toBe('Group.CallbackAfterNewMemberJoin');
    expect(formatExchange(plain, e as NonNullable<typeof e>)).toMatch(
      /no schema for Group\.CallbackAfterNewMemberJoin/,
    );
  });

  it('keeps connections alive: two requests on one socket get two answers', async () => {
    const u = new URL(t.callbackUrl());
    const body = sampleBody({ GroupId: '@TGS#keepalive' });
    const request = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const last = request.replace('Host: x\r\n', 'Host: x\r\nConnection: close\r\n');
    const r = await rawExchange(t.port, [request, last]);
    expect(r.data.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
  });
});

describe('duplicates and the record file', () => {
  it('remembers a window of recent callbacks: a repeat inside it is flagged, one older is not', async () => {
    const { createRecentKeys } = await import('../../src/core/recent-keys.js');
    const t = await startTestListener({ ladder: { token: TOKEN }, seen: createRecentKeys(2) });
    try {
      const body = (n: number) => sampleBody({ GroupId: `@TGS#w${n}`, EventTime: n });
      for (const n of [1, 2, 2, 3, 1]) await post(t.callbackUrl(), body(n));
      // 2 is repeated while remembered; 1 comes back after 2 and 3 pushed it out.
      expect(t.exchanges.map((e) => e.line.duplicate)).toEqual([false, false, true, false, false]);
      expect(t.handler.stats.duplicates).toBe(1);
    } finally {
      await t.close();
    }
  });

  it('flags a repeat within the run and one already in the record, and records each line before answering', async () => {
    const path = join(dir, 'dup.jsonl');
    const earlier = sampleBody({ GroupId: '@TGS#earlier', EventTime: 1 });
    writeFileSync(
      path,
      `${JSON.stringify({ accepted: true, query: { CallbackCommand: AFTER_GROUP_DESTROYED }, body: earlier })}\n`,
    );
    const { loadRecordedKeys } = await import('../../src/io/record-writer.js');
    const record = await openRecordWriter(path);
    const seen = (await loadRecordedKeys(record)).keys;
    let linesWhenAnswered = -1;
    const t = await startTestListener({ ladder: { token: TOKEN }, record, seen });
    try {
      const body = `  ${sampleBody({ Name: '群 😀' })}\n`;
      await post(t.callbackUrl(), body);
      const second = await post(t.callbackUrl(), body);
      linesWhenAnswered = readFileSync(path, 'utf8').trimEnd().split('\n').length;
      await post(t.callbackUrl(), sampleBody({ EventTime: 2 }));
      await post(t.callbackUrl(), earlier);
      await post(t.callbackUrl({ token: 'forged' }), sampleBody({ GroupId: '@TGS#forged' }));
      await post(t.callbackUrl(), sampleBody({ GroupId: '@TGS#forged' }));
      expect(second.status).toBe(200);
      expect(t.exchanges.map((e) => e.line.duplicate)).toEqual([
        false,
        true,
        false,
        true,
        false,
        false,
      ]);
      expect(t.handler.stats).toMatchObject({
        received: 6,
        accepted: 5,
        rejected: 1,
        duplicates: 2,
      });
    } finally {
      await t.close();
      await record.close();
    }
    expect(linesWhenAnswered).toBe(3);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain(TOKEN);
    const lines = text
      .trimEnd()
      .split('\n')
      .slice(1)
      .map((l) => JSON.parse(l) as RecordLine);
    expect(lines).toHaveLength(6);
    expect(lines[0]?.body).toBe(`  ${sampleBody({ Name: '群 😀' })}\n`);
    expect(lines[0]).toMatchObject({
      schemaVersion: 1,
      method: 'POST',
      path: '/',
      remoteAddress: '127.0.0.1',
      duplicate: false,
      accepted: true,
      response: { status: 200, body: OK_BODY },
      checks: { sdkAppId: 'unchecked', sign: 'ok', schema: 'ok' },
    });
    expect(lines[0]?.query.Sign).toMatch(/^[0-9a-f]{64}$/);
    expect(lines[4]).toMatchObject({
      accepted: false,
      checks: { sign: 'bad' },
      response: { status: 401 },
    });
  });

  it('answers 500 with a FAIL packet when the line cannot be written', async () => {
    const record = await openRecordWriter(join(dir, 'closed.jsonl'));
    await record.close();
    const t = await startTestListener({ record });
    try {
      const a = await post(t.url);
      expect(a.status).toBe(500);
      expect(failOf(a)?.code).toBe(FAIL_CODES.recordFailed);
      expect(t.exchanges[0]?.failure).toMatch(/could not be written/);
      expect(t.exchanges[0]?.line.response.status).toBe(500);
      expect(t.handler.stats.errors).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('--reply, --reply-status and --delay', () => {
  it('answers the configured packet and status after the delay', async () => {
    const fail = '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"nope"}';
    const t = await startTestListener({ reply: { status: 503, body: fail }, delayMs: 150 });
    try {
      const a = await post(t.url);
      expect(a.status).toBe(503);
      expect(a.text).toBe(fail);
      expect(t.exchanges[0]?.line.durationMs).toBeGreaterThanOrEqual(149);
      // Rejections are answered at once with their own packet, not the reply.
      const bad = await post(t.url, '[');
      expect(bad.status).toBe(400);
    } finally {
      await t.close();
    }
  });
});

describe('a hardened server', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener(
      { ladder: { token: TOKEN } },
      { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 },
    );
  });
  afterAll(() => t.close());

  it('cuts off a client that sends its headers too slowly, with a 408', async () => {
    const r = await rawExchange(t.port, ['POST / HTTP/1.1\r\nHost: x\r\n'], { waitMs: 10_000 });
    expect(r.closedByServer).toBe(true);
    expect(r.data).toMatch(/^HTTP\/1\.1 408 /);
    expect(r.data).toContain(`"ErrorCode":${FAIL_CODES.requestTimeout}`);
  });

  it('keeps an idle keep-alive connection open longer than the header timeout', async () => {
    const { connect } = await import('node:net');
    const u = new URL(t.callbackUrl({ sdkAppId: null }));
    const body = sampleBody({ GroupId: '@TGS#idle' });
    const request = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const socket = connect(t.port, '127.0.0.1');
    let data = '';
    // Resolves once `n` answers have arrived, or the connection closed (the test's own timeout is
    // the limit).
    const answers = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => {
          if ((data.match(/HTTP\/1\.1 200 OK/g) ?? []).length >= n || socket.destroyed) resolve();
        };
        socket.on('data', check).on('close', check);
        check();
      });
    socket.setEncoding('utf8').on('data', (d: string) => {
      data += d;
    });
    try {
      socket.write(request);
      await answers(1);
      // Idle while a client started now sends its headers too slowly: once the server has cut it
      // off with a 408, a header timeout has passed, and been checked, for the idle connection too.
      const slow = await rawExchange(t.port, ['POST / HTTP/1.1\r\nHost: x\r\n'], {
        waitMs: 10_000,
      });
      expect(slow.data).toMatch(/^HTTP\/1\.1 408 /);
      expect(socket.destroyed).toBe(false);
      socket.write(request);
      await answers(2);
      expect(data.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    } finally {
      socket.destroy();
    }
  });

  it('cuts off a body that never completes, and counts it once, as timed out', async () => {
    const before = t.handler.stats.timedOut;
    const aborted = t.handler.stats.aborted;
    const r = await rawExchange(
      t.port,
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"GroupId":'],
      { waitMs: 10_000 },
    );
    expect(r.closedByServer).toBe(true);
    await t.handler.idle();
    expect(t.handler.stats.timedOut).toBe(before + 1);
    expect(t.handler.stats.aborted).toBe(aborted);
  });

  it('survives an upload aborted half-way and keeps answering', async () => {
    const before = t.handler.stats.aborted;
    await rawExchange(
      t.port,
      ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n', 'x'.repeat(2000)],
      { abort: true },
    );
    // The server sees the reset a moment later; the test's own timeout bounds the wait.
    while (t.handler.stats.aborted === before) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(t.handler.stats.aborted).toBe(before + 1);
    expect((await post(t.callbackUrl({ sdkAppId: null }))).status).toBe(200);
  });

  it('answers deeply nested JSON without falling over', async () => {
    const deep = `{"CallbackCommand":"${AFTER_GROUP_DESTROYED}","GroupId":${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    const a = await post(t.callbackUrl({ sdkAppId: null }), deep);
    expect(a.status).toBe(200);
    expect(t.exchanges.at(-1)?.line.checks.schema).toBe('invalid');
  });

  it('answers 431 to huge headers', async () => {
    const r = await rawExchange(t.port, [
      `POST / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    ]);
    expect(r.data).toMatch(/^HTTP\/1\.1 431 /);
  });
});

describe('a graceful stop', () => {
  it('finishes the requests in flight, closes keep-alive sockets and then resolves', async () => {
    // The clock is read when a request arrives: the stop begins once one is in flight.
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const t = await startTestListener({
      delayMs: 300,
      clock: () => {
        arrived();
        return Date.now();
      },
    });
    const inflight = post(t.url);
    await inHandler;
    const closing = t.close();
    const answer = await inflight;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    await closing;
    expect(t.handler.stats.accepted).toBe(1);
    await expect(post(t.url)).rejects.toThrow();
  });

  it('a forced stop cuts a --delay short instead of waiting for it', async () => {
    let arrived: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    // An hour: only the forced stop can end this test within its timeout.
    const t = await startTestListener({
      delayMs: 3_600_000,
      clock: () => {
        arrived();
        return Date.now();
      },
    });
    const inflight = post(t.url).catch((error: Error) => error);
    await inHandler;
    const closing = t.listener.close(3_600_000);
    t.listener.forceClose();
    await closing;
    expect(await inflight).toBeInstanceOf(Error);
    expect(t.handler.stats.received).toBe(1);
  });
});
