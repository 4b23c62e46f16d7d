import { describe, expect, it } from 'vitest';
import { bodyBytesOf, curlLine, resendQuery, sendLine } from '../../src/core/inspector/commands.js';
import { describeRequest, type Summarizer } from '../../src/core/inspector/describe.js';
import { checksOfLine, verdictOf } from '../../src/core/inspector/rows.js';
import {
  createInspectorStore,
  type EntryFacts,
  type StoredEntry,
} from '../../src/core/inspector/store.js';
import { sign } from '../../src/core/sign.js';
import { recordLine, SPACED_BODY } from '../helpers/records.js';

const BODY =
  '{"CallbackCommand":"Group.CallbackAfterGroupDestroyed","GroupId":"@TGS#1","Name":"n"}';
const noSummaries: Summarizer = () => undefined;

function facts(seq: number): EntryFacts {
  return { seq, verdict: 'accepted', at: null, earlier: false, shown: '{}' };
}

describe('inspector rows', () => {
  it('names each verdict as the list colours and counts it', () => {
    expect(verdictOf(recordLine({ body: BODY }))).toBe('accepted');
    expect(verdictOf(recordLine({ body: BODY, accepted: false }))).toBe('rejected');
    const invalid = recordLine({ body: BODY });
    invalid.checks = {
      ...invalid.checks,
      schema: 'invalid',
      problems: ['/GroupId: must be string'],
    };
    expect(verdictOf(invalid)).toBe('invalid');
    expect(verdictOf(recordLine({ body: BODY, cut: true }))).toBe('failed');
    const badBackend = recordLine({
      body: BODY,
      forward: {
        url: 'http://127.0.0.1:3000/',
        status: 500,
        latencyMs: 3,
        checks: [{ name: 'status', ok: false, message: 'HTTP 500, expected 200' }],
      },
    });
    expect(verdictOf(badBackend)).toBe('failed');
    const unreachable = recordLine({
      body: BODY,
      forward: { url: 'http://127.0.0.1:3000/', error: 'connection refused', latencyMs: 1 },
    });
    expect(verdictOf(unreachable)).toBe('failed');
  });

  it("reads a recorded refusal's checks back with the reason the listener answered", () => {
    const line = recordLine({
      body: BODY,
      accepted: false,
      response: {
        status: 401,
        body: '{"ActionStatus":"FAIL","ErrorCode":40103,"ErrorInfo":"RequestTime is 300 s old (tolerance 60 s)"}',
      },
    });
    line.checks = { sdkAppId: 'ok', sign: 'stale', schema: 'ok', problems: [] };
    expect(checksOfLine(line)).toEqual([
      { name: 'sdkappid', ok: true, message: 'SdkAppid ok' },
      { name: 'sign', ok: false, message: 'RequestTime is 300 s old (tolerance 60 s)' },
      { name: 'schema', ok: true, message: 'schema ok' },
    ]);
  });

  it('summarises a body no summariser knows by its first fields, and a non-JSON body by itself', () => {
    const line = recordLine({ body: BODY });
    expect(describeRequest(line, 'X.Y', JSON.parse(BODY), noSummaries).summary).toBe(
      'GroupId @TGS#1 · Name n',
    );
    const known: Summarizer = () => ({ alias: 'x.y', summary: 'group  @TGS#1\n dismissed' });
    expect(describeRequest(line, 'X.Y', JSON.parse(BODY), known)).toEqual({
      alias: 'x.y',
      summary: 'group @TGS#1 dismissed',
    });
    const text = recordLine({ body: 'not json at all' });
    expect(describeRequest(text, undefined, undefined, noSummaries).summary).toBe(
      'not json at all',
    );
    const cut = recordLine({ body: '', bodyTruncated: true, bodyBytes: 20_000_000 });
    expect(describeRequest(cut, undefined, undefined, noSummaries).summary).toBe(
      '20000000 bytes, over --max-body, not kept',
    );
  });
});

describe('inspector store', () => {
  it('keeps the last N, newest first in pages, and counts every request added', () => {
    const store = createInspectorStore({ maxEntries: 3, maxBytes: 1_000_000 });
    for (let seq = 1; seq <= 5; seq++) store.add(facts(seq), `text ${seq}`);
    expect(store.size).toBe(3);
    expect(store.get(2)).toBeUndefined();
    expect(store.get(4)?.seq).toBe(4);
    expect(store.page(undefined, 10).map((r) => r.seq)).toEqual([5, 4, 3]);
    expect(store.page(5, 1).map((r) => r.seq)).toEqual([4]);
    expect(store.since(3).map((r) => r.seq)).toEqual([4, 5]);
    expect(store.counts.accepted).toBe(5);
  });

  it('is bounded in bytes too, and always keeps the newest', () => {
    const store = createInspectorStore({ maxEntries: 100, maxBytes: 1000 });
    store.add(facts(1), 'a'.repeat(400));
    store.add(facts(2), 'b'.repeat(400));
    store.add(facts(3), 'c'.repeat(400));
    expect(store.page(undefined, 10).map((r) => r.seq)).toEqual([3, 2]);
    const big = store.add(facts(4), 'd'.repeat(5000));
    expect(store.page(undefined, 10).map((r) => r.seq)).toEqual([4]);
    expect(store.bytes).toBe(5000);
    expect(store.textOf(big)).toBe('d'.repeat(5000));
  });

  it('gives back each text as added, across chunks, in UTF-8', () => {
    const store = createInspectorStore({ maxEntries: 50, maxBytes: 1_000_000, chunkBytes: 256 });
    const texts = new Map<number, string>();
    for (let seq = 1; seq <= 200; seq++) {
      // Lengths that do not divide the chunk, a text of its own chunk, and non-ASCII.
      const text =
        seq % 37 === 0
          ? `大群 ${'x'.repeat(300)} ${seq}`
          : `{"n":${seq},"name":"群${'y'.repeat(seq % 90)}"}`;
      texts.set(seq, text);
      store.add(facts(seq), text);
    }
    const kept = store.page(undefined, 100);
    expect(kept).toHaveLength(50);
    for (const entry of kept) expect(store.textOf(entry)).toBe(texts.get(entry.seq));
    expect(store.bytes).toBe(kept.reduce((sum, entry) => sum + entry.bytes, 0));
  });

  it('reuses its chunks: a steady stream of requests holds a few chunks beyond what it keeps', () => {
    const chunkBytes = 16 * 1024;
    const store = createInspectorStore({ maxEntries: 100, maxBytes: 1_000_000, chunkBytes });
    const text = 'z'.repeat(1500);
    for (let seq = 1; seq <= 20_000; seq++) store.add(facts(seq), text);
    expect(store.size).toBe(100);
    expect(store.bytes).toBe(150_000);
    // The kept texts, the chunk being filled, the oldest one partly emptied, and two spares.
    expect(store.allocated).toBeLessThanOrEqual(150_000 + 4 * chunkBytes);
    expect(store.textOf(store.oldest() as StoredEntry)).toBe(text);
  });
});

describe('inspector actions', () => {
  it('re-signs a resend with a fresh RequestTime, keeping every other parameter in order', () => {
    const query = {
      SdkAppid: '1',
      CallbackCommand: 'A.B',
      Sign: 'old',
      RequestTime: '100',
      x: 'y z',
    };
    expect(resendQuery(query, 'tok', 2000)).toBe(
      `?SdkAppid=1&CallbackCommand=A.B&Sign=${sign('tok', 2000)}&RequestTime=2000&x=y+z`,
    );
    expect(resendQuery(query, undefined, 2000)).toBe(
      '?SdkAppid=1&CallbackCommand=A.B&Sign=old&RequestTime=100&x=y+z',
    );
  });

  it('copies a request as curl with its exact body, quoted for a shell', () => {
    const line = recordLine({ body: SPACED_BODY.replace('MyFirstGroup', "it's") });
    const curl = curlLine(line, 'http://127.0.0.1:8080/im/callback?a=1');
    expect(curl).toBe(
      `curl -sS -X POST 'http://127.0.0.1:8080/im/callback?a=1' -H 'Content-Type: application/json' --data-binary '${line.body.replace(/'/g, "'\\''")}'`,
    );
    const binary = recordLine({
      body: Buffer.from([0xff, 0xfe]).toString('base64'),
      bodyEncoding: 'base64',
    });
    expect(curlLine(binary, 'http://h/')).toMatch(/^printf '%s' \/\/4= \| base64 -d \| curl /);
    expect(bodyBytesOf(binary)).toEqual(Buffer.from([0xff, 0xfe]));
  });

  it('copies a request as tim-callback send that names the token file, never the token', () => {
    const line = recordLine({ body: BODY });
    const text = sendLine(line, {
      url: 'http://127.0.0.1:8080/im/callback',
      sdkAppId: '1400012345',
      tokenSource: 'file',
      tokenFile: 'token.txt',
    });
    expect(text).toBe(
      `tim-callback send http://127.0.0.1:8080/im/callback --payload - --sdkappid 1400012345 --token-file token.txt --client-ip 203.0.113.7 --platform RESTAPI <<'TIM_CALLBACK_BODY'\n${BODY}\nTIM_CALLBACK_BODY`,
    );
    const flag = sendLine(line, {
      url: 'http://h/',
      sdkAppId: undefined,
      tokenSource: 'flag',
      tokenFile: undefined,
    });
    expect(flag).toContain('--token "$TIM_CALLBACK_TOKEN"');
    const tricky = recordLine({ body: '{"a":"x"}\nTIM_CALLBACK_BODY' });
    expect(
      sendLine(tricky, {
        url: 'http://h/',
        sdkAppId: undefined,
        tokenSource: undefined,
        tokenFile: undefined,
      }),
    ).toMatch(/<<'TIM_CALLBACK_BODY_'\n/);
  });
});
