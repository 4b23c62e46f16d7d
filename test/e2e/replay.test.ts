import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordLine } from '../../src/core/record.js';
import { verifySign } from '../../src/core/sign.js';
import { type Backend, closedPortUrl, OK_BODY, startBackend } from '../helpers/backends.js';
import { runBin } from '../helpers/bin.js';
import { largeBody, NON_ASCII_BODY, recordLine, SPACED_BODY } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const TOKEN = 'replay-SECRET-token-42';
const tmp = tempDirForFile('tim-callback-replay-e2e-');

const records: RecordLine[] = [
  recordLine({ body: SPACED_BODY }),
  recordLine({
    body: NON_ASCII_BODY,
    path: '/other',
    checks: { sdkAppId: 'ok', sign: 'bad', schema: 'ok', problems: [] },
  }),
  recordLine({ body: largeBody(10_000), duplicate: true }),
  recordLine({
    body: '{"CallbackCommand":"Group.CallbackAfterNewMemberJoin","GroupId":"@TGS#X"}',
    query: {
      SdkAppid: '1400012345',
      CallbackCommand: 'Group.CallbackAfterNewMemberJoin',
      contenttype: 'json',
      ClientIP: '127.0.0.1',
      OptPlatform: 'Android',
    },
  }),
];
const replayable = records.length;

/** The record file: the lines above, a corrupt line in the middle, a truncated last line. */
function writeRecordFile(name: string, lines: RecordLine[] = records): string {
  const text = [
    JSON.stringify(lines[0]),
    JSON.stringify(lines[1]),
    '{"schemaVersion":1,"id":"broken", "body": ',
    ...lines.slice(2).map((l) => JSON.stringify(l)),
    '',
  ].join('\n');
  const file = join(tmp, name);
  writeFileSync(file, text);
  return file;
}

describe('tim-callback replay', () => {
  let capture: Backend;
  beforeAll(async () => {
    capture = await startBackend(() => ({ body: OK_BODY }), '/replayed');
  });
  afterAll(() => capture.close());

  it('resends every callback with its exact body bytes and query, reporting the corrupt line', async () => {
    const file = writeRecordFile('plain.jsonl');
    const before = capture.received.length;
    const r = await runBin(['replay', file, capture.url]);
    expect(r.code).toBe(0);
    const got = capture.received.slice(before);
    expect(got).toHaveLength(replayable);
    got.forEach((request, i) => {
      const record = records[i] as RecordLine;
      expect(request.body.equals(Buffer.from(record.body, 'utf8')), `record ${i}`).toBe(true);
      expect(request.method).toBe('POST');
      expect(new URL(request.url, 'http://x').pathname).toBe('/replayed');
      // Without a token the recorded query goes as it was, Sign and RequestTime included.
      expect([...request.query]).toEqual(Object.entries(record.query));
    });
    expect(r.stderr).toMatch(/line 3 of .*plain\.jsonl skipped: not JSON/);
    expect(r.stderr).toMatch(/RequestTime .* old.*--token to re-sign/);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(replayable + 1);
    expect(r.stdout).toMatch(
      /^✔ line 1 {2}Group\.CallbackAfterGroupDestroyed @TGS#2J4SZEAEL {2}→ HTTP 200 OK/m,
    );
    expect(r.stdout).toMatch(/^✔ line 4 .*@TGS#LARGE/m);
    expect(r.stdout).toContain(
      'replayed 4 callbacks: 4 answered OK, 0 failed, 1 corrupt line skipped',
    );
  });

  it('re-signs each callback with a fresh RequestTime when a token is given', async () => {
    const file = writeRecordFile('signed.jsonl');
    const before = capture.received.length;
    const r = await runBin(['replay', file, capture.url, '--token', TOKEN]);
    expect(r.code).toBe(0);
    const got = capture.received.slice(before);
    expect(got).toHaveLength(replayable);
    got.forEach((request, i) => {
      const record = records[i] as RecordLine;
      expect(request.body.equals(Buffer.from(record.body, 'utf8'))).toBe(true);
      const verdict = verifySign({
        token: TOKEN,
        sign: request.query.get('Sign') ?? undefined,
        requestTime: request.query.get('RequestTime') ?? undefined,
        now: Math.floor(Date.now() / 1000),
      });
      expect(verdict.outcome).toBe('ok');
      // Everything else of the recorded query is kept, in order.
      const rest = [...request.query].filter(([k]) => k !== 'Sign' && k !== 'RequestTime');
      expect(rest).toEqual(
        Object.entries(record.query).filter(([k]) => k !== 'Sign' && k !== 'RequestTime'),
      );
    });
    expect(r.stderr).not.toMatch(/re-sign/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('--filter replays only the records whose fields match, all filters together', async () => {
    const file = writeRecordFile('filtered.jsonl');
    const before = capture.received.length;
    const r = await runBin([
      'replay',
      file,
      capture.url,
      '--filter',
      'query.CallbackCommand=Group.CallbackAfterGroupDestroyed',
      '--filter',
      'checks.sign=ok',
    ]);
    expect(r.code).toBe(0);
    const got = capture.received.slice(before).map((q) => q.body.toString('utf8'));
    expect(got).toEqual([SPACED_BODY, largeBody(10_000)]);
    const byPath = await runBin(['replay', file, capture.url, '--filter', 'path=/other']);
    expect(byPath.code).toBe(0);
    expect(capture.received.at(-1)?.body.toString('utf8')).toBe(NON_ASCII_BODY);
  });

  it('--json prints one NDJSON line per callback, the summary on stderr', async () => {
    const file = writeRecordFile('json.jsonl');
    const r = await runBin(['replay', file, capture.url, '--json', '--token', TOKEN]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(replayable);
    expect(lines[0]).toMatchObject({
      schemaVersion: 1,
      line: 1,
      ok: true,
      response: { status: 200 },
    });
    expect(lines[0].request.url).toContain('Sign=');
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stderr).toContain('replayed 4 callbacks');
  });

  it('exits 1 when an answer fails its checks, naming the check', async () => {
    const broken = await startBackend((req) =>
      req.body.toString('utf8').includes('LARGE')
        ? { status: 500, contentType: 'text/html', body: '<html>oops</html>' }
        : { body: OK_BODY },
    );
    try {
      const r = await runBin(['replay', writeRecordFile('broken.jsonl'), broken.url]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^✖ line 4 .*→ HTTP 500.*\n {4}✖ HTTP 500, expected 200/m);
      expect(r.stdout).toContain('3 answered OK, 1 failed');
    } finally {
      await broken.close();
    }
  });

  it('exits 3 when no callback reached the target', async () => {
    const r = await runBin(['replay', writeRecordFile('down.jsonl'), await closedPortUrl()]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^✖ line 1 .*connection refused/m);
    expect(r.stderr).toMatch(/could not reach .* for any callback: connection refused/);
  });

  it('exits 2 for a missing file, a bad filter, or nothing to replay', async () => {
    const missing = await runBin(['replay', join(tmp, 'nope.jsonl'), capture.url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read record file .*no such file/);
    const file = writeRecordFile('usage.jsonl');
    const badFilter = await runBin(['replay', file, capture.url, '--filter', 'checks.sign']);
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toMatch(/--filter "checks.sign" is not field=value/);
    const none = await runBin(['replay', file, capture.url, '--filter', 'path=/nowhere']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no callbacks to replay .*4 filtered out.*--filter/);
    for (const r of [missing, badFilter]) expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
