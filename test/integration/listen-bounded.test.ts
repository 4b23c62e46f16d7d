import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import type { RecordLine } from '../../src/core/record.js';
import { openRecordWriter } from '../../src/io/record-writer.js';
import {
  failOf,
  OK_BODY,
  post,
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
