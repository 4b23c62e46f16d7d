import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Chalk } from 'chalk';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import { formatExchange } from '../../src/io/listen-printer.js';
import {
  failOf,
  OK_BODY,
  post,
  SDKAPPID,
  sampleBody,
  startTestListener,
  type TestListener,
  TOKEN,
} from '../helpers/listen.js';

const plain = new Chalk({ level: 0 });

interface Seen {
  url: string;
  body: Buffer;
  contentType: string | undefined;
}

async function backend(
  answer: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        url: req.url ?? '',
        body: Buffer.concat(chunks),
        contentType: req.headers['content-type'],
      });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/im/callback?tenant=a`, seen, server };
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('--forward-to', () => {
  const dispatcher = new Agent();
  const backends: Server[] = [];
  afterAll(async () => {
    await Promise.all(backends.map(stop));
    await dispatcher.close();
  });

  async function relayTo(url: string, timeoutMs = 2000): Promise<TestListener> {
    return startTestListener({
      ladder: { sdkAppId: SDKAPPID, token: TOKEN },
      forward: { url, timeoutMs, dispatcher },
    });
  }

  describe('to a good backend', () => {
    let t: TestListener;
    let b: Awaited<ReturnType<typeof backend>>;
    beforeAll(async () => {
      b = await backend((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}');
      });
      backends.push(b.server);
      t = await relayTo(b.url);
    });
    afterAll(() => t.close());

    it('relays the exact body bytes and query string and returns the backend’s answer', async () => {
      const body = Buffer.from(` ${sampleBody({ Name: '群 😀' })}\r\n`);
      const url = t.callbackUrl();
      const a = await post(url, body);
      expect(a.status).toBe(200);
      expect(a.text).toBe('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}');
      const got = b.seen.at(-1);
      expect(got?.body.equals(body)).toBe(true);
      expect(got?.url).toBe(`/im/callback?tenant=a&${new URL(url).search.slice(1)}`);
      expect(got?.contentType).toBe('application/json; charset=utf-8');
      const e = t.exchanges.at(-1);
      expect(e?.forward?.check?.wellFormed).toBe(true);
      expect(e?.line.forward).toMatchObject({ status: 200 });
      expect(e?.line.response).toEqual({ status: 200, body: a.text });
      const text = formatExchange(plain, e as NonNullable<typeof e>);
      expect(text).toMatch(
        /→ http:\/\/127\.0\.0\.1:\d+\/im\/callback answered 200 in .*well-formed OK/,
      );
    });

    it('does not relay what the listener rejects', async () => {
      const before = b.seen.length;
      const a = await post(t.callbackUrl({ token: 'forged' }));
      expect(a.status).toBe(401);
      expect(b.seen.length).toBe(before);
    });
  });

  it('shows a backend that answers HTML as failed, and returns its answer unchanged', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const b = await backend((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(html);
    });
    backends.push(b.server);
    const t = await relayTo(b.url);
    try {
      const a = await post(t.callbackUrl());
      expect(a.status).toBe(500);
      expect(a.text).toBe(html);
      expect(a.headers['content-type']).toBe('text/html');
      const e = t.exchanges[0];
      const failed = e?.forward?.check?.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).toEqual(['status', 'json-object']);
      const text = formatExchange(plain, e as NonNullable<typeof e>);
      expect(text).toMatch(/IM would count this as a failed callback/);
      expect(text).toMatch(/✖ HTTP 500, expected 200/);
      expect(text).toMatch(/Content-Type is "text\/html"/);
    } finally {
      await t.close();
    }
  });

  it('answers 502 with a FAIL packet when the backend is down', async () => {
    const b = await backend(() => undefined);
    await stop(b.server);
    const t = await relayTo(b.url);
    try {
      const a = await post(t.callbackUrl());
      expect(a.status).toBe(502);
      expect(failOf(a)?.code).toBe(FAIL_CODES.backendUnreachable);
      expect(failOf(a)?.info).toMatch(/connection refused/);
      expect(t.exchanges[0]?.line.forward?.error).toMatch(/refused/);
      expect(t.handler.stats.backendErrors).toBe(1);
      expect(formatExchange(plain, t.exchanges[0] as NonNullable<(typeof t.exchanges)[0]>)).toMatch(
        /→ http:\/\/127\.0\.0\.1:\d+\/im\/callback: connection refused/,
      );
    } finally {
      await t.close();
    }
  });

  it('answers 502 when the backend does not answer in time', async () => {
    const b = await backend(() => undefined);
    backends.push(b.server);
    const t = await relayTo(b.url, 200);
    try {
      const a = await post(t.callbackUrl());
      expect(a.status).toBe(502);
      expect(failOf(a)?.code).toBe(FAIL_CODES.backendTimeout);
      expect(failOf(a)?.info).toMatch(/no answer within 200 ms/);
    } finally {
      await t.close();
    }
  });

  it('checks a backend’s malformed packet', async () => {
    const b = await backend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ActionStatus":"OK","ErrorCode":"0"}');
    });
    backends.push(b.server);
    const t = await relayTo(b.url);
    try {
      const a = await post(t.callbackUrl());
      expect(a.status).toBe(200);
      const failed = t.exchanges[0]?.forward?.check?.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).toEqual(['error-code', 'error-info']);
    } finally {
      await t.close();
    }
  });

  it('keeps the OK reply untouched when nothing is forwarded', async () => {
    const t = await startTestListener({});
    try {
      expect((await post(t.url)).text).toBe(OK_BODY);
    } finally {
      await t.close();
    }
  });
});
