import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import type { RecordLine } from '../../src/core/record.js';
import { openRecordWriter } from '../../src/io/record-writer.js';
import {
  failOf,
  OK_BODY,
  post,
  rawExchange,
  SDKAPPID,
  sampleBody,
  startTestListener,
  TOKEN,
} from '../helpers/listen.js';

// DESIGN.md, "Bounded by design": what a hostile peer sends must not cost more than a cap.
const dir = mkdtempSync(join(tmpdir(), 'tim-callback-bounded-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A callback body with `n` extra top-level fields the schema does not know. */
function manyFieldsBody(n: number): string {
  const extra = Array.from({ length: n }, (_, i) => `"x${i}":0`).join(',');
  return `${sampleBody().slice(0, -1)},${extra}}`;
}

describe('a body with very many unknown fields', () => {
  it('is answered, recorded and warned about like any other, its warnings capped', async () => {
    const path = join(dir, 'fields.jsonl');
    const record = await openRecordWriter(path);
    const t = await startTestListener({ ladder: { sdkAppId: SDKAPPID, token: TOKEN }, record });
    try {
      const a = await post(t.callbackUrl(), manyFieldsBody(200_000));
      expect(a.status, a.text).toBe(200);
      expect(a.text).toBe(OK_BODY);
      const forged = await post(t.callbackUrl({ token: 'forged' }), manyFieldsBody(200_000));
      expect(failOf(forged)?.code).toBe(FAIL_CODES.signBad);
      expect(t.handler.stats).toMatchObject({ accepted: 1, rejected: 1, errors: 0 });
    } finally {
      await t.close();
      await record.close();
    }
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const warnings = (JSON.parse(lines[0] as string) as RecordLine).checks.warnings ?? [];
    expect(warnings.filter((w) => w.startsWith('unknown field'))).toHaveLength(20);
    expect(warnings).toContain('… and 199,980 more unknown fields');
  });
});

describe('a query that repeats an identifying parameter', () => {
  it.each(['SdkAppid', 'CallbackCommand', 'Sign', 'RequestTime'])(
    'is refused 400 with a FAIL packet when it repeats %s',
    async (name) => {
      const t = await startTestListener({ ladder: { sdkAppId: SDKAPPID, token: TOKEN } });
      try {
        const signed = new URL(t.callbackUrl());
        const url = `${signed}&${name}=${encodeURIComponent(`${signed.searchParams.get(name)}9`)}`;
        const a = await post(url);
        expect(a.status, a.text).toBe(400);
        expect(failOf(a)?.code).toBe(FAIL_CODES.ambiguousQuery);
        expect(failOf(a)?.info).toContain(`repeats ${name}`);
        expect(t.exchanges[0]?.line.accepted).toBe(false);
        // The same callback, each parameter once, is accepted.
        expect((await post(t.callbackUrl())).status).toBe(200);
      } finally {
        await t.close();
      }
    },
  );

  it('is refused even when the repeat is percent-encoded', async () => {
    const t = await startTestListener({ ladder: { sdkAppId: SDKAPPID } });
    try {
      const a = await post(`${t.callbackUrl({ token: null })}&Sdk%41ppid=999`);
      expect(a.status).toBe(400);
      expect(failOf(a)?.code).toBe(FAIL_CODES.ambiguousQuery);
    } finally {
      await t.close();
    }
  });
});

describe('a forwarding loop', () => {
  it('is stopped after one round when --forward-to leads back through a proxy', async () => {
    let target = 0;
    const sockets = new Set<Socket>();
    // A TCP proxy to the listener: the start-up check cannot see that it leads back.
    const proxy = createTcpServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as { port: number }).port;
    const dispatcher = new Agent();
    const t = await startTestListener({
      forward: { url: `http://127.0.0.1:${proxyPort}/`, timeoutMs: 20_000, dispatcher },
    });
    target = t.port;
    try {
      const a = await post(t.callbackUrl({ token: null, sdkAppId: null }));
      expect(a.status, a.text).toBe(508);
      expect(failOf(a)?.code).toBe(FAIL_CODES.forwardLoop);
      // The caller's request, and its relay coming back: no third.
      expect(t.handler.stats).toMatchObject({ received: 2, forwarded: 1 });
    } finally {
      await t.close();
      await dispatcher.close();
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});

describe('stopping', () => {
  it('records a request whose connection a forced stop cut as cut, not as answered 200', async () => {
    const path = join(dir, 'cut.jsonl');
    const record = await openRecordWriter(path);
    const t = await startTestListener({ delayMs: 60_000, record });
    const arrived = new Promise((resolve) => t.listener.server.once('request', resolve));
    const pending = post(t.callbackUrl({ token: null, sdkAppId: null })).then(
      () => 'answered',
      () => 'cut',
    );
    await arrived;
    // Ctrl+C, then Ctrl+C again.
    const closing = t.listener.close(60_000);
    t.listener.forceClose();
    await closing;
    await record.close();
    expect(await pending).toBe('cut');
    expect(t.handler.stats).toMatchObject({ received: 1, cut: 1, accepted: 0 });
    const line = JSON.parse(readFileSync(path, 'utf8')) as RecordLine;
    expect(line.cut).toBe(true);
    expect(line.response.status).toBe(0);
  });

  it('answers a request already written to an idle keep-alive connection when a graceful stop begins', async () => {
    const t = await startTestListener({});
    const u = new URL(t.callbackUrl({ token: null, sdkAppId: null }));
    const body = sampleBody();
    const request = `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const socket = connect(t.port, '127.0.0.1');
    let data = '';
    const answers = () => data.split(OK_BODY).length - 1;
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      socket.setEncoding('utf8').on('data', (d: string) => {
        data += d;
        if (answers() === 1) resolve();
      });
      socket.write(request);
    });
    // The connection is idle: the next request is on its way as SIGTERM arrives.
    socket.write(request);
    const closing = t.listener.close(5000);
    await closed;
    await closing;
    expect(answers()).toBe(2);
    expect(data.split('HTTP/1.1 200 OK')[2]).toMatch(/connection: close/i);
  });
});

describe("what node's HTTP layer used to answer itself", () => {
  it('answers a request without Host with a FAIL packet, and records it', async () => {
    const t = await startTestListener({});
    try {
      const body = sampleBody();
      const r = await rawExchange(t.port, [
        `POST / HTTP/1.1\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      ]);
      expect(r.data).toMatch(/^HTTP\/1\.1 400 /);
      expect(r.data).toContain(`"ActionStatus":"FAIL","ErrorCode":${FAIL_CODES.noHost}`);
      expect(t.exchanges).toHaveLength(1);
      expect(t.exchanges[0]?.line.response.status).toBe(400);
    } finally {
      await t.close();
    }
  });

  it('answers an Expect it cannot meet with 417 and a FAIL packet, without waiting for the body', async () => {
    const t = await startTestListener({});
    try {
      const r = await rawExchange(t.port, [
        'POST / HTTP/1.1\r\nHost: x\r\nExpect: something-else\r\nContent-Length: 50\r\n\r\n',
      ]);
      expect(r.data).toMatch(/^HTTP\/1\.1 417 /);
      expect(r.data).toContain(`"ErrorCode":${FAIL_CODES.expectationFailed}`);
      expect(r.closedByServer).toBe(true);
      expect(t.exchanges[0]?.line.response.status).toBe(417);
    } finally {
      await t.close();
    }
  });

  it('counts a connection that never sends a request as timed out, not as malformed HTTP', async () => {
    const t = await startTestListener(
      {},
      { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 },
    );
    try {
      const r = await rawExchange(t.port, [], { waitMs: 10_000 });
      expect(r.closedByServer).toBe(true);
      expect(t.handler.stats).toMatchObject({ timedOut: 1, malformedHttp: 0 });
    } finally {
      await t.close();
    }
  });

  it('counts a body that never completes once, as timed out', async () => {
    const t = await startTestListener(
      {},
      { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 100 },
    );
    try {
      const r = await rawExchange(
        t.port,
        ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"GroupId":'],
        { waitMs: 10_000 },
      );
      expect(r.closedByServer).toBe(true);
      await t.handler.idle();
      expect(t.handler.stats).toMatchObject({ timedOut: 1, aborted: 0, malformedHttp: 0 });
    } finally {
      await t.close();
    }
  });
});
