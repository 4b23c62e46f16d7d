import { writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { aliasOf, findEntry } from '../../src/core/catalog/names.js';
import { summarize } from '../../src/core/catalog/summary.js';
import { catalogSummarizer } from '../../src/core/inspector/describe.js';
import { sign } from '../../src/core/sign.js';
import { createDispatcher } from '../../src/io/http-client.js';
import { createEventHub, type EventHubOptions } from '../../src/io/inspector/events.js';
import { createInspector, type Inspector } from '../../src/io/inspector/inspector.js';
import { type RunningInspector, startInspectorServer } from '../../src/io/inspector/server.js';
import { openRecordWriter, type RecordWriter } from '../../src/io/record-writer.js';
import { startBackend } from '../helpers/backends.js';
import {
  post,
  SDKAPPID,
  sampleBody,
  startTestListener,
  type TestListener,
  TOKEN,
} from '../helpers/listen.js';
import { recordLine } from '../helpers/records.js';
import { tempDirForTest } from '../helpers/temp-dir.js';

const cleanups: (() => Promise<unknown> | undefined)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function inspectorFor(
  options: {
    record?: RecordWriter;
    maxEntries?: number;
    forwardTo?: string;
    events?: EventHubOptions;
  } = {},
) {
  return createInspector({
    token: TOKEN,
    tokenSource: 'env',
    tokenFile: undefined,
    sdkAppId: SDKAPPID,
    forwardTo: options.forwardTo,
    timeoutMs: 2000,
    record: options.record,
    summarizer: catalogSummarizer({ catalog: CATALOG, findEntry, aliasOf, summarize }),
    limits: { maxEntries: options.maxEntries ?? 1000, maxBytes: 64 * 1024 * 1024 },
    events: options.events,
  });
}

/** A listener whose exchanges go to an inspector, and the inspector's server. */
async function listenerWithInspector(
  record?: RecordWriter,
  events?: EventHubOptions,
): Promise<{
  listener: TestListener;
  inspector: Inspector;
  server: RunningInspector;
}> {
  const inspector = await inspectorFor({
    ...(record === undefined ? {} : { record }),
    ...(events === undefined ? {} : { events }),
  });
  const listener = await startTestListener({
    ladder: { token: TOKEN, sdkAppId: SDKAPPID },
    record,
    onExchange: (exchange) => inspector.observe(exchange),
  });
  inspector.listenerUrl = listener.url;
  const server = await startInspectorServer(inspector, 0);
  cleanups.push(
    () => listener.close(),
    () => server.close(),
    () => inspector.close(),
  );
  return { listener, inspector, server };
}

function get(url: string, headers: Record<string, string> = {}) {
  return request(url, { headers }).then(async (r) => ({
    status: r.statusCode,
    text: await r.body.text(),
  }));
}

describe('the inspector of listen --ui', () => {
  it('reads the end of the record on start and pages older lines from the file', async () => {
    const dir = tempDirForTest('tim-callback-inspector-');
    const path = join(dir, 'calls.jsonl');
    const lines = [1, 2, 3].map((n) => recordLine({ body: sampleBody({ GroupId: `@TGS#${n}` }) }));
    lines[2] = { ...(lines[2] as (typeof lines)[number]), accepted: false };
    writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
    const record = await openRecordWriter(path);
    cleanups.push(() => record.close());
    const inspector = await inspectorFor({ record, maxEntries: 2 });
    cleanups.push(() => inspector.close());

    const kept = inspector.rows(undefined, 10);
    expect(kept.map((row) => row.id)).toEqual([lines[2]?.id, lines[1]?.id]);
    expect(kept.map((row) => row.verdict)).toEqual(['rejected', 'accepted']);
    expect(kept.every((row) => row.earlier)).toBe(true);
    const cursor = inspector.recordCursor();
    expect(cursor).toBe(JSON.stringify(lines[0]).length + 1);
    const older = await inspector.olderFromRecord(cursor as number, 10);
    expect(older.rows.map((row) => row.id)).toEqual([lines[0]?.id]);
    expect(older.next).toBeNull();
    const first = older.rows[0];
    const detail = await inspector.detail({
      seq: undefined,
      at: first?.at ?? undefined,
      id: first?.id,
    });
    expect(JSON.parse(detail?.line.body ?? '{}').GroupId).toBe('@TGS#1');
    // A place in the file with another request's id is not served as that request.
    expect(await inspector.detail({ seq: undefined, at: 0, id: lines[1]?.id })).toBeUndefined();
  });

  it("knows where each live request's line starts in the record, to page it back", async () => {
    const dir = tempDirForTest('tim-callback-inspector-');
    const record = await openRecordWriter(join(dir, 'calls.jsonl'));
    const inspector = await inspectorFor({ record, maxEntries: 2 });
    const ids: string[] = [];
    const listener = await startTestListener({
      ladder: { token: TOKEN, sdkAppId: SDKAPPID },
      record,
      onExchange: (exchange) => {
        ids.push(exchange.line.id);
        inspector.observe(exchange);
      },
    });
    cleanups.push(
      () => record.close(),
      () => inspector.close(),
      () => listener.close(),
    );
    // Some at once, so that several lines share one write of the record.
    await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        post(listener.callbackUrl(), sampleBody({ GroupId: `@TGS#${n}` })),
      ),
    );
    expect(inspector.rows(undefined, 10).map((row) => row.id)).toEqual([ids[5], ids[4]]);
    const older = await inspector.olderFromRecord(inspector.recordCursor() as number, 10);
    expect(older.rows.map((row) => row.id)).toEqual([ids[3], ids[2], ids[1], ids[0]]);
    expect(older.next).toBeNull();
  });

  it('streams each answered callback to an open page, newest last, with the counts', async () => {
    const { listener, server } = await listenerWithInspector();
    const events = await openEvents(server.url);
    cleanups.push(async () => events.close());
    expect((await post(listener.callbackUrl(), sampleBody({ GroupId: '@TGS#live' }))).status).toBe(
      200,
    );
    const text = await events.until(/event: row[\s\S]*event: counts/);
    const row = JSON.parse(/event: row\ndata: (.*)\n/.exec(text)?.[1] ?? '{}');
    expect(row).toMatchObject({
      seq: 1,
      verdict: 'accepted',
      status: 200,
      command: 'Group.CallbackAfterGroupDestroyed',
    });
    expect(text.slice(text.indexOf('event: row'))).toMatch(/event: counts\ndata: \{"accepted":1,/);
  });

  it('streams at most 20 rows per flush and announces the rest as a gap a page can load', async () => {
    // One long flush window, so that the whole burst falls in it.
    const events = {
      maxClients: 4,
      maxQueuedBytes: 4 * 1024 * 1024,
      heartbeatMs: 60_000,
      flushMs: 3000,
    };
    const { listener, server } = await listenerWithInspector(undefined, events);
    const stream = await openEvents(server.url);
    cleanups.push(async () => stream.close());
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(listener.callbackUrl(), sampleBody({ GroupId: `@TGS#${i}` })),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const text = await stream.until(/event: gap\ndata: .*\n/);
    const rows = text.match(/event: row\n/g) ?? [];
    expect(rows).toHaveLength(20);
    const gap = JSON.parse(/event: gap\ndata: (.*)\n/.exec(text)?.[1] ?? '{}');
    expect(gap).toEqual({ after: 20, before: 51, count: 30 });
    const page = await get(`${server.url}api/rows?before=${gap.before}&after=${gap.after}`);
    const loaded = JSON.parse(page.text).rows.map((row: { seq: number }) => row.seq);
    expect(loaded).toEqual(Array.from({ length: 30 }, (_, i) => 50 - i));
  });

  it('keeps answering every callback while a page is stuck', async () => {
    const { listener, server, inspector } = await listenerWithInspector();
    const stuck = await openEvents(server.url, { paused: true });
    cleanups.push(async () => stuck.close());
    const body = sampleBody({ Name: 'x'.repeat(2000) });
    for (let i = 0; i < 300; i++) {
      expect((await post(listener.callbackUrl(), body)).status).toBe(200);
    }
    expect(inspector.store.size).toBe(300);
  });

  it('answers only to its own host name, only the routes it knows, with the methods they take', async () => {
    const { server } = await listenerWithInspector();
    const page = await get(server.url);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<script type="module" src="/app.js">');
    // A page elsewhere that rebinds its own name to 127.0.0.1 is not served.
    const port = new URL(server.url).port;
    expect((await get(server.url, { host: `attacker.example:${port}` })).status).toBe(421);
    expect((await get(`${server.url}etc/passwd`)).status).toBe(404);
    expect((await get(`${server.url}api/nothing`)).status).toBe(404);
    const wrongMethod = await request(`${server.url}api/rows`, { method: 'DELETE' });
    await wrongMethod.body.dump();
    expect(wrongMethod.statusCode).toBe(405);
    expect((await get(`${server.url}api/resend`)).status).toBe(405);
  });

  it('resends only for its own page, with a small JSON body', async () => {
    const { listener, server, inspector } = await listenerWithInspector();
    await post(listener.callbackUrl());
    const ask = (body: string, headers: Record<string, string>) =>
      request(`${server.url}api/resend`, { method: 'POST', body, headers }).then(async (r) => ({
        status: r.statusCode,
        json: (await r.body.json()) as Record<string, unknown>,
      }));
    const json = { 'content-type': 'application/json' };
    const ok = await ask('{"seq":1,"to":"listener"}', { ...json, origin: server.url.slice(0, -1) });
    expect(ok.status).toBe(200);
    expect(ok.json.status).toBe(200);
    expect(String(ok.json.url)).not.toContain(TOKEN);
    expect(inspector.store.size).toBe(2);
    expect((await ask('{"seq":1}', { ...json, origin: 'https://attacker.example' })).status).toBe(
      403,
    );
    expect(
      (await ask('seq=1', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    ).toBe(403);
    expect((await ask(JSON.stringify({ seq: 1, pad: 'x'.repeat(5000) }), json)).status).toBe(413);
    expect((await ask('[1]', json)).status).toBe(400);
    expect((await ask('{"seq":99}', json)).status).toBe(404);
  });
});

describe('the inspector with --forward-to', () => {
  it("shows the backend's failed answer, and resends to the backend signed afresh", async () => {
    const backend = await startBackend(() => ({
      status: 500,
      contentType: 'text/plain',
      body: 'oops',
    }));
    const dispatcher = createDispatcher();
    const inspector = await inspectorFor({ forwardTo: backend.url });
    const listener = await startTestListener({
      ladder: { token: TOKEN, sdkAppId: SDKAPPID },
      forward: { url: backend.url, timeoutMs: 2000, dispatcher },
      onExchange: (exchange) => inspector.observe(exchange),
    });
    inspector.listenerUrl = listener.url;
    cleanups.push(
      () => backend.close(),
      () => dispatcher.close(),
      () => listener.close(),
      () => inspector.close(),
    );
    expect(
      (await post(listener.callbackUrl({ time: Math.floor(Date.now() / 1000) - 30 }))).status,
    ).toBe(500);
    const [row] = inspector.rows(undefined, 1);
    expect(row?.verdict).toBe('failed');
    const detail = await inspector.detail({ seq: row?.seq, at: undefined, id: row?.id });
    expect(detail?.forwardTo).toBe(backend.url);
    expect(detail?.line.forward?.checks?.find((c) => c.name === 'status')).toMatchObject({
      ok: false,
      message: 'HTTP 500, expected 200',
    });

    const result = await inspector.resend({ seq: row?.seq, at: undefined, id: row?.id }, 'forward');
    expect(result?.status).toBe(500);
    expect(result?.check?.wellFormed).toBe(false);
    expect(backend.received).toHaveLength(2);
    const [first, again] = backend.received;
    expect(again?.body.equals(first?.body ?? Buffer.alloc(0))).toBe(true);
    const time = again?.query.get('RequestTime') ?? '';
    expect(Number(time)).toBeGreaterThan(Number(first?.query.get('RequestTime')));
    expect(again?.query.get('Sign')).toBe(sign(TOKEN, time));
  });
});

describe('the event hub', () => {
  it('drops a page whose unsent bytes pass the cap, and only that page', async () => {
    const hub = createEventHub({
      maxClients: 4,
      maxQueuedBytes: 1000,
      heartbeatMs: 60_000,
      flushMs: 1,
    });
    cleanups.push(async () => hub.close());
    const fake = (drains: boolean) => {
      const res = {
        destroyed: false,
        writableLength: 0,
        writeHead: () => res,
        write(text: string) {
          if (!drains) res.writableLength += text.length;
          return drains;
        },
        on: () => res,
        end: () => undefined,
        destroy() {
          res.destroyed = true;
        },
      };
      return res;
    };
    const slow = fake(false);
    const fast = fake(true);
    const req = { socket: { setTimeout: () => undefined } };
    expect(hub.attach(req as never, slow as never, '')).toBe(true);
    expect(hub.attach(req as never, fast as never, '')).toBe(true);
    for (let i = 0; i < 20; i++) hub.publish(() => `event: row\ndata: ${'x'.repeat(100)}\n\n`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slow.destroyed).toBe(true);
    expect(fast.destroyed).toBe(false);
    expect(hub.clients).toBe(1);
  });
});

/** A raw SSE connection: its text so far, and a wait for a pattern in it. */
function openEvents(base: string, options: { paused?: boolean } = {}) {
  return new Promise<{ until(pattern: RegExp): Promise<string>; close(): void }>(
    (resolve, reject) => {
      let text = '';
      const waiters: (() => void)[] = [];
      const req = httpRequest(new URL('api/events', base), (res: IncomingMessage) => {
        if (options.paused) res.pause();
        else {
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
            for (const waiter of waiters.splice(0)) waiter();
          });
        }
        resolve({
          until: (pattern) =>
            new Promise((done) => {
              const check = () => (pattern.test(text) ? done(text) : waiters.push(check));
              check();
            }),
          close: () => req.destroy(),
        });
      });
      req.on('error', reject);
      req.end();
    },
  );
}
