import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import { parseRecordLine } from '../../src/core/record.js';
import { verifySign } from '../../src/core/sign.js';
import { runBin } from '../helpers/bin.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';
import { portOf, post, spawnListen } from '../helpers/listen.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const TOKEN = 'record-replay-token-31c9';
const SDKAPPID = '1400000000';

// Bodies as a real sender may write them: odd spacing, CRLF, non-ASCII, a large member list.
const BODIES = [
  `{ "CallbackCommand" : "${AFTER_GROUP_DESTROYED}",\r\n  "GroupId":"@TGS#1", "Type":"Public","Owner_Account":"leckie", "MemberList":[{"Member_Account":"leckie"}] }`,
  JSON.stringify({
    CallbackCommand: AFTER_GROUP_DESTROYED,
    GroupId: '@TGS#2',
    Type: 'ChatRoom',
    Owner_Account: '张伟',
    Name: '周末徒步 🏔️ 群\u2028',
    MemberList: [{ Member_Account: '张伟' }, { Member_Account: 'josé' }],
    EventTime: 1670574414123,
  }),
  JSON.stringify({
    CallbackCommand: AFTER_GROUP_DESTROYED,
    GroupId: '@TGS#3',
    Type: 'Public',
    Owner_Account: 'u0',
    MemberList: Array.from({ length: 10_000 }, (_, i) => ({ Member_Account: `u${i}` })),
  }),
];

// Latin-1 bytes: not UTF-8, so listen answers 400 and records the bytes as base64.
const NOT_UTF8 = Buffer.from('{"GroupId":"caf\xe9"}', 'latin1');

describe('listen --record, then replay', () => {
  const dir = tempDirForFile('tim-callback-record-replay-');
  const record = join(dir, 'callbacks.jsonl');
  let capture: CaptureServer;

  beforeAll(async () => {
    const listener = spawnListen([
      '--port',
      '0',
      '--record',
      record,
      '--token',
      TOKEN,
      '--sdkappid',
      SDKAPPID,
    ]);
    const port = portOf(await listener.firstLine);
    for (const body of [...BODIES, NOT_UTF8]) {
      const url = buildCallbackUrl({
        target: `http://127.0.0.1:${port}/im/callback?tenant=7`,
        command: AFTER_GROUP_DESTROYED,
        sdkAppId: SDKAPPID,
        token: TOKEN,
        requestTime: Math.floor(Date.now() / 1000),
      });
      expect((await post(url, body)).status).toBe(body === NOT_UTF8 ? 400 : 200);
    }
    expect((await listener.stop()).code).toBe(0);
    capture = await startCaptureServer();
  });
  afterAll(() => capture?.close());

  it('records each callback with its body byte for byte and no token', () => {
    const text = readFileSync(record, 'utf8');
    expect(text).not.toContain(TOKEN);
    const lines = text.trim().split('\n').map(parseRecordLine);
    expect(lines.slice(0, 3).map((l) => (l.ok ? l.line.body : l.error))).toEqual(BODIES);
    const last = lines[3];
    expect(last?.ok && last.line.bodyEncoding).toBe('base64');
  });

  it('replays the same bytes to the same path and query, re-signed with a fresh RequestTime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const r = await runBin(['replay', record, `${capture.url}/replayed`, '--token', TOKEN]);
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(TOKEN);
    const received = capture.requests.map((q) => q.body);
    expect(received.slice(0, 3).map((b) => b.toString('utf8'))).toEqual(BODIES);
    expect(received[3]?.equals(NOT_UTF8)).toBe(true);
    for (const request of capture.requests) {
      const url = new URL(request.url, capture.url);
      // The replay target names the path; the recorded query travels with the body.
      expect(url.pathname).toBe('/replayed');
      expect(url.searchParams.get('tenant')).toBe('7');
      expect(url.searchParams.get('SdkAppid')).toBe(SDKAPPID);
      const requestTime = url.searchParams.get('RequestTime') ?? '';
      expect(Number(requestTime)).toBeGreaterThanOrEqual(before);
      const check = verifySign({
        token: TOKEN,
        sign: url.searchParams.get('Sign') ?? undefined,
        requestTime,
        now: Math.floor(Date.now() / 1000),
      });
      expect(check.outcome).toBe('ok');
    }
  });
});
