import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import { formatExchange } from '../../src/io/listen-printer.js';
import {
  type Answer,
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

// A seeded generator, so that a failure can be reproduced exactly.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(20221209);
const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));

const MAX_BODY = 256 * 1024;
const PATH = '/im/cb';
const members = Array.from({ length: 20 }, (_, i) => ({ Member_Account: `user${i}` }));
const goodBody = sampleBody({ MemberList: members });

const WRONG_TYPES: Record<string, unknown[]> = {
  GroupId: [42, true, null, [], {}, ''],
  Type: ['Nope', 1, null, 'private'],
  Owner_Account: [1, null, [], {}],
  Name: [1, null, [], false],
  MemberList: ['all', 1, {}, null, [1], [{ Member_Account: 1 }], [{}]],
  EventTime: [-1, 1.5, '12a', null, {}, []],
  CallbackCommand: ['Group.CallbackBeforeCreateGroup', 1, null],
  Operator_Account: [1, null],
};

interface Case {
  name: string;
  run(t: TestListener): Promise<void>;
}

function expectFail(a: Answer, status: number, codes: number[]): void {
  expect(a.status, a.text).toBe(status);
  expect(codes).toContain(failOf(a)?.code);
}

function generateCases(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, run: Case['run']) => cases.push({ name, run });
  const url = (t: TestListener, o: Parameters<TestListener['callbackUrl']>[0] = {}) =>
    t.callbackUrl({ path: PATH, ...o });

  for (let i = 0; i < 40; i++) {
    const cut = int(1, goodBody.length - 1);
    add(`truncated JSON at ${cut}`, async (t) =>
      expectFail(await post(url(t), goodBody.slice(0, cut)), 400, [FAIL_CODES.notJson]),
    );
  }
  for (let i = 0; i < 40; i++) {
    const field = pick(Object.keys(WRONG_TYPES));
    const value = pick(WRONG_TYPES[field] as unknown[]);
    add(`wrong type ${field}=${JSON.stringify(value)}`, async (t) =>
      expectFail(await post(url(t), sampleBody({ [field]: value })), 400, [FAIL_CODES.schema]),
    );
  }
  for (let i = 0; i < 40; i++) {
    const body = bytes(int(1, 2000));
    add(`random bytes #${i}`, async (t) =>
      expectFail(await post(url(t), body), 400, [
        FAIL_CODES.notUtf8,
        FAIL_CODES.notJson,
        FAIL_CODES.notObject,
      ]),
    );
  }
  for (let i = 0; i < 10; i++) {
    const bad = pick([[0xff], [0xc3, 0x28], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88]]);
    const [head, tail] = goodBody.split('MyFirstGroup') as [string, string];
    const body = Buffer.concat([Buffer.from(head), Buffer.from(bad), Buffer.from(tail)]);
    add(`invalid UTF-8 in a string #${i}`, async (t) =>
      expectFail(await post(url(t), body), 400, [FAIL_CODES.notUtf8]),
    );
  }
  for (const body of ['1', '"s"', 'null', '[]', 'true', '[{}]', '-0', '1e400', '""', '[[]]']) {
    add(`non-object JSON ${body}`, async (t) =>
      expectFail(await post(url(t), body), 400, [FAIL_CODES.notObject]),
    );
  }
  for (let i = 0; i < 30; i++) {
    const drop = ['SdkAppid', 'Sign', 'RequestTime'].filter(() => random() < 0.5);
    if (drop.length === 0) drop.push(pick(['SdkAppid', 'Sign', 'RequestTime']));
    add(`missing ${drop.join('+')}`, async (t) => {
      const u = new URL(url(t));
      for (const name of drop) u.searchParams.delete(name);
      const a = await post(u.toString(), goodBody);
      if (drop.includes('SdkAppid')) expectFail(a, 403, [FAIL_CODES.sdkAppIdMissing]);
      else expectFail(a, 401, [FAIL_CODES.signMissing]);
    });
  }
  add('no query string at all', async (t) =>
    expectFail(await post(`${t.url}${PATH.slice(1)}`, goodBody), 403, [FAIL_CODES.sdkAppIdMissing]),
  );
  for (let i = 0; i < 15; i++) {
    const kind = pick(['stale', 'future', 'forged', 'garbage'] as const);
    add(`${kind} Sign #${i}`, async (t) => {
      const now = Math.floor(Date.now() / 1000);
      if (kind === 'garbage') {
        const u = new URL(url(t));
        u.searchParams.set('Sign', pick(['', 'zz', 'g'.repeat(64), '0'.repeat(63)]) || 'x');
        u.searchParams.set('RequestTime', pick(['soon', '-1', '1e9', '']) || 'x');
        return expectFail(await post(u.toString(), goodBody), 401, [
          FAIL_CODES.signBad,
          FAIL_CODES.signMissing,
        ]);
      }
      const time =
        kind === 'stale'
          ? now - int(61, 100_000)
          : now + (kind === 'future' ? int(61, 100_000) : 0);
      const a = await post(
        url(t, { time, ...(kind === 'forged' ? { token: 'guess' } : {}) }),
        goodBody,
      );
      expectFail(a, 401, [
        kind === 'stale'
          ? FAIL_CODES.signStale
          : kind === 'future'
            ? FAIL_CODES.signFuture
            : FAIL_CODES.signBad,
      ]);
    });
  }
  for (let i = 0; i < 20; i++) {
    const method = pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
    add(`method ${method}`, async (t) => {
      const a = await post(url(t), goodBody, { method });
      expect(a.status).toBe(405);
      if (method !== 'HEAD') expect(failOf(a)?.code).toBe(FAIL_CODES.wrongMethod);
    });
  }
  for (const path of ['/', '/im', '/im/cb/', '/IM/CB', '/im/cb/../x']) {
    add(`path ${path}`, async (t) =>
      expectFail(await post(url(t, { path }), goodBody), 404, [FAIL_CODES.wrongPath]),
    );
  }
  for (let i = 0; i < 10; i++) {
    const size = int(17, 100) * 1024;
    add(`huge header of ${size} bytes`, async (t) => {
      const r = await rawExchange(t.port, [
        `POST ${PATH} HTTP/1.1\r\nHost: x\r\nX-Pad: ${'p'.repeat(size)}\r\n\r\n`,
      ]);
      expect(r.data).toMatch(/^HTTP\/1\.1 431 /);
    });
  }
  for (let i = 0; i < 20; i++) {
    const garbage = Buffer.concat([bytes(int(1, 300)), Buffer.from('\r\n\r\n')]);
    add(`garbage HTTP #${i}`, async (t) => {
      const r = await rawExchange(t.port, [garbage]);
      expect(r.closedByServer || r.data !== '').toBe(true);
      if (r.data !== '') expect(r.data).toMatch(/^HTTP\/1\.1 400 /);
    });
  }
  for (let i = 0; i < 10; i++) {
    const sent = int(0, 500);
    add(`upload aborted after ${sent} bytes`, async (t) => {
      const before = t.handler.stats.aborted;
      await rawExchange(
        t.port,
        [`POST ${PATH} HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n`, 'x'.repeat(sent)],
        { abort: true },
      );
      // Counted as an abandoned upload: not a callback, so no answer and no record line.
      await vi.waitFor(() => expect(t.handler.stats.aborted).toBeGreaterThan(before), 5000);
    });
  }
  for (const deep of [
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `${'{"a":'.repeat(40_000)}1${'}'.repeat(40_000)}`,
    sampleBody({ Name: 'x' }).replace('"x"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`),
    sampleBody({ MemberList: 'x' }).replace(
      '"x"',
      `[${'{"Member_Account":'.repeat(10_000)}1${'}'.repeat(10_000)}]`,
    ),
    `${'['.repeat(120_000)}`,
  ]) {
    add(`deeply nested JSON (${deep.length} bytes)`, async (t) =>
      expectFail(await post(url(t), deep), 400, [
        FAIL_CODES.notObject,
        FAIL_CODES.schema,
        FAIL_CODES.notJson,
      ]),
    );
  }
  for (let i = 0; i < 5; i++) {
    const size = MAX_BODY + int(1, 100_000);
    add(`body of ${size} bytes`, async (t) => {
      const r = await rawExchange(t.port, [
        `POST ${new URL(url(t)).pathname}${new URL(url(t)).search} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
        `${size.toString(16)}\r\n`,
        'x'.repeat(size),
      ]);
      expect(r.data).toMatch(/^HTTP\/1\.1 413 /);
    });
  }
  for (let i = 0; i < 5; i++) {
    add(`Content-Length shorter than the body #${i}`, async (t) => {
      const u = new URL(url(t));
      const r = await rawExchange(t.port, [
        `POST ${u.pathname}${u.search} HTTP/1.1\r\nHost: x\r\nContent-Length: ${int(1, 20)}\r\n\r\n${goodBody}`,
      ]);
      expect(r.data).toMatch(/^HTTP\/1\.1 400 /);
    });
  }
  return cases;
}

describe('a malformed-input battery', () => {
  const cases = generateCases();
  const plain = new Chalk({ level: 0 });
  const errors: unknown[] = [];
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener({
      maxBody: MAX_BODY,
      ladder: { path: PATH, sdkAppId: SDKAPPID, token: TOKEN, strict: true },
      // Every exchange also goes through the printer, which must cope with whatever arrived.
      onExchange: (e) => void formatExchange(plain, e),
      onError: (error) => errors.push(error),
    });
  });
  afterAll(() => t.close());

  it('rejects every one, then still answers a good callback', async () => {
    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++] as Case;
        try {
          await c.run(t);
        } catch (error) {
          failures.push(`${c.name}: ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(failures).toEqual([]);
    expect(errors).toEqual([]);
    await t.handler.idle();
    expect(t.handler.stats.accepted).toBe(0);
    expect(t.handler.stats.errors).toBe(0);
    const aborts = cases.filter((c) => c.name.startsWith('upload aborted')).length;
    expect(t.handler.stats.aborted).toBe(aborts);

    const good = await post(t.callbackUrl({ path: PATH }), goodBody);
    expect(good.status).toBe(200);
    expect(good.text).toBe(OK_BODY);
    expect(t.handler.stats.accepted).toBe(1);
  });

  // After the battery: every generated request reached the listener and was refused (a FAIL
  // packet, a malformed-HTTP answer or a counted abandoned upload), none was accepted.
  it('has at least 200 generated bad requests', () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const { rejected, malformedHttp, aborted, accepted } = t.handler.stats;
    expect(rejected + malformedHttp + aborted).toBeGreaterThanOrEqual(cases.length);
    expect(accepted).toBe(1);
  });
});
