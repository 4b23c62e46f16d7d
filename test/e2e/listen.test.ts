import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Pool } from 'undici';
import { describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import type { RecordLine } from '../../src/core/record.js';
import { runBin } from '../helpers/bin.js';
import {
  OK_BODY,
  portOf,
  post,
  SDKAPPID,
  sampleBody,
  spawnListen,
  TOKEN,
} from '../helpers/listen.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const dir = tempDirForFile('tim-callback-listen-e2e-');
const tokenFile = join(dir, 'token.txt');
writeFileSync(tokenFile, `${TOKEN}\n`);
const ESC = String.fromCharCode(0x1b);

const signed = (port: number, over: { token?: string; time?: number } = {}) =>
  buildCallbackUrl({
    target: `http://127.0.0.1:${port}/`,
    command: AFTER_GROUP_DESTROYED,
    sdkAppId: SDKAPPID,
    token: over.token ?? TOKEN,
    requestTime: over.time ?? Math.floor(Date.now() / 1000),
  });

describe('tim-callback listen (the built bin)', () => {
  it('prints its URL first, answers, records, and on SIGTERM drains and exits 0 with a summary', async () => {
    const record = join(dir, 'session.jsonl');
    const l = spawnListen([
      '--port',
      '0',
      '--sdkappid',
      SDKAPPID,
      '--token-file',
      tokenFile,
      '--record',
      record,
    ]);
    const first = await l.firstLine;
    expect(first).toMatch(/^tim-callback listening on http:\/\/127\.0\.0\.1:\d+\/$/);
    const port = portOf(first);

    const ok = await post(signed(port));
    const again = await post(signed(port));
    const forged = await post(signed(port, { token: 'guess' }));
    expect([ok.status, again.status, forged.status]).toEqual([200, 200, 401]);
    expect(ok.text).toBe(OK_BODY);

    const { code, stdout, stderr } = await l.stop('SIGTERM');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[1]).toBe(
      `  try it   npx tim-callback send http://127.0.0.1:${port}/ --sdkappid ${SDKAPPID} --token-file ${tokenFile}`,
    );
    expect(stdout).toMatch(/#1 .* POST \/ {2}Group\.CallbackAfterGroupDestroyed/);
    expect(stdout).toContain('members leckie, peter');
    expect(stdout).toContain('✔ Sign ok');
    expect(stdout).toMatch(/#2 .*DUPLICATE/);
    expect(stdout).toContain('✖ Sign does not match the token');
    expect(stdout).toContain('← 401 FAIL 40102 Sign does not match the token');
    expect(stdout).toContain('stopped: received 3 · accepted 2 · rejected 1 · duplicates 1');
    expect(stdout).toContain(`${record}: 3 lines written`);
    expect(stderr).toContain('SIGTERM');
    // Not a TTY: no colour; and the token is nowhere.
    expect(stdout + stderr).not.toContain(ESC);
    expect(stdout + stderr).not.toContain(TOKEN);
    const recorded = readFileSync(record, 'utf8');
    expect(recorded).not.toContain(TOKEN);
    expect(statSync(record).mode & 0o777).toBe(0o600);
    expect(recorded.trimEnd().split('\n')).toHaveLength(3);
  });

  it('--json: stdout carries only record lines; the banner and summary go to stderr', async () => {
    const l = spawnListen(['--port', '0', '--json'], { TIM_CALLBACK_TOKEN: TOKEN });
    const port = portOf(await l.firstLine);
    await post(signed(port));
    await post(signed(port), '[');
    const { code, stdout, stderr } = await l.stop('SIGINT');
    expect(code).toBe(0);
    const lines = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordLine);
    expect(lines.map((l) => [l.response.status, l.checks.sign])).toEqual([
      [200, 'ok'],
      [400, 'ok'],
    ]);
    expect(lines[0]).toMatchObject({ schemaVersion: 1, method: 'POST', body: sampleBody() });
    expect(stderr).toMatch(/^tim-callback listening on http:\/\/127\.0\.0\.1:\d+\//);
    // The token came from the environment: the send line needs no token flag.
    expect(stderr.split('\n')[1]).toMatch(/npx tim-callback send http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(stderr).toContain('stopped: received 2 · accepted 1 · rejected 1 · duplicates 0');
    expect(stdout + stderr).not.toContain(TOKEN);
  });

  it('flags a duplicate already in the record file from an earlier run', async () => {
    const record = join(dir, 'two-runs.jsonl');
    const body = sampleBody({ GroupId: '@TGS#tworuns' });
    for (const expected of [false, true]) {
      const l = spawnListen(['--port', '0', '--record', record, '--json']);
      const port = portOf(await l.firstLine);
      await post(`http://127.0.0.1:${port}/?CallbackCommand=${AFTER_GROUP_DESTROYED}`, body);
      const { stdout, stderr } = await l.stop();
      expect((JSON.parse(stdout) as RecordLine).duplicate).toBe(expected);
      if (expected)
        expect(stderr).toMatch(
          /\(mode 0600; appending to \d+ bytes, 1 earlier line: 1 callback known/,
        );
      expect(stderr).toContain(`${record}: 1 line written`);
    }
  });

  it('is a usage error (exit 2, one line) when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runBin(['listen', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/port \d+ on 127\.0\.0\.1 is already in use.*--port 0/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it.each([
    [['--reply', join(dir, 'missing.json')], /cannot read --reply file/],
    [['--reply', tokenFile], /--reply file .* is not JSON/],
    [['--reply', 'fail', '--forward-to', 'http://127.0.0.1:9/'], /cannot be used with/],
    [['--forward-to', 'ftp://x/'], /not an http\(s\) URL/],
    [['--max-body', 'lots'], /--max-body "lots" is not a size/],
    [['--port', '70000'], /--port "70000"/],
    [['--reply-status', '99'], /--reply-status "99"/],
    [['--path', '/cb?x=1'], /plain path/],
    [
      ['--record', dir],
      /cannot record to ".*": it is a directory; --record writes only to a regular file/,
    ],
    [['--token-file', join(dir, 'nope')], /cannot read --token-file/],
    [
      ['--reply', 'ok', '--reply', 'deny'],
      /--reply has two defaults \(ok, deny\).*give one default/,
    ],
    [
      ['--reply', 'c2c.before-send-mgs=deny'],
      /no callback command named "c2c\.before-send-mgs".*did you mean c2c\.before-send-msg/,
    ],
    [
      ['--reply', 'c2c.before-send-msg=deny', '--reply', 'C2C.CallbackBeforeSendMsg=allow'],
      /--reply names C2C\.CallbackBeforeSendMsg twice/,
    ],
    [['--reply', './deny'], /cannot read --reply file/],
    [
      ['--reply', 'group.before-create-group=discard'],
      /Group\.CallbackBeforeCreateGroup has no discard decision .*use group\.before-create-group=deny/,
    ],
    [
      ['--reply', 'state.state-change=deny'],
      /State\.StateChange is an after-callback; .*only acknowledged/,
    ],
  ])('%j is a usage error: exit 2, one line, no stack', async (args, message) => {
    const r = await runBin(['listen', '--port', '0', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('answers --reply from a file, with --reply-status, and warns about what IM counts as failure', async () => {
    const reply = join(dir, 'reply.json');
    writeFileSync(reply, '{"ActionStatus":"OK"}\n');
    const l = spawnListen(['--port', '0', '--reply', reply, '--reply-status', '500']);
    const port = portOf(await l.firstLine);
    const a = await post(`http://127.0.0.1:${port}/`);
    expect(a.status).toBe(500);
    expect(a.text).toBe('{"ActionStatus":"OK"}');
    const { code, stderr } = await l.stop();
    expect(code).toBe(0);
    expect(stderr).toMatch(/warning: the --reply packet is malformed/);
    expect(stderr).toMatch(/warning: answering HTTP 500/);
  });
});

describe('--reply decisions', () => {
  it('answers before-callbacks as told per command, after-callbacks allow, and shows the decision', async () => {
    const l = spawnListen([
      '--port',
      '0',
      '--reply',
      'discard',
      '--reply',
      'c2c.before-send-msg=deny',
    ]);
    const port = portOf(await l.firstLine);
    const url = (command: string) => `http://127.0.0.1:${port}/?CallbackCommand=${command}`;
    const message = JSON.stringify({
      CallbackCommand: 'C2C.CallbackBeforeSendMsg',
      From_Account: 'jared',
      To_Account: 'John',
      MsgKey: '1_2_3',
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }],
    });
    const denied = await post(url('C2C.CallbackBeforeSendMsg'), message);
    expect(denied.text).toBe('{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}');
    const destroyed = await post(url(AFTER_GROUP_DESTROYED));
    expect(destroyed.json).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
    const { code, stdout } = await l.stop();
    expect(code).toBe(0);
    expect(stdout).toMatch(/answer {3}200 .*; c2c\.before-send-msg=deny/);
    expect(stdout).toContain('jared → John: "hi"');
    expect(stdout).toMatch(/decision deny \(ErrorCode 1\): the message is not sent/);
  });

  it('a discard default answers deny to a before-callback that has no discard', async () => {
    const l = spawnListen(['--port', '0', '--reply', 'discard']);
    const port = portOf(await l.firstLine);
    const body = JSON.stringify({
      CallbackCommand: 'Group.CallbackBeforeCreateGroup',
      Operator_Account: 'leckie',
      Owner_Account: 'leckie',
      Type: 'Public',
      Name: 'g',
    });
    const a = await post(
      `http://127.0.0.1:${port}/?CallbackCommand=Group.CallbackBeforeCreateGroup`,
      body,
    );
    expect(a.text).toBe('{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}');
    const { stdout } = await l.stop();
    expect(stdout).toMatch(/decision deny \(ErrorCode 1\)/);
  });
});

describe('no loss under load', () => {
  it('2,000 callbacks at concurrency 50, SIGTERM during the load: every 200 has exactly one record line', async () => {
    const record = join(dir, 'load.jsonl');
    const l = spawnListen([
      '--port',
      '0',
      '--sdkappid',
      SDKAPPID,
      '--token-file',
      tokenFile,
      '--record',
      record,
    ]);
    const port = portOf(await l.firstLine);
    const pool = new Pool(`http://127.0.0.1:${port}`, { connections: 50 });
    const TOTAL = 2000;
    const status: (number | string)[] = new Array(TOTAL);
    let next = 0;
    let answered = 0;
    let signalled = false;
    const worker = async () => {
      while (next < TOTAL) {
        const i = next++;
        const url = new URL(signed(port));
        try {
          const r = await pool.request({
            method: 'POST',
            path: `${url.pathname}${url.search}`,
            body: sampleBody({ GroupId: `@TGS#load${i}` }),
            headers: { 'content-type': 'application/json; charset=utf-8' },
          });
          await r.body.text();
          status[i] = r.statusCode;
        } catch (error) {
          status[i] = (error as { code?: string }).code ?? 'error';
        }
        if (++answered === 500 && !signalled) {
          signalled = true;
          l.child.kill('SIGTERM');
        }
      }
    };
    await Promise.all(Array.from({ length: 50 }, worker));
    await pool.close();
    const { code, stdout } = await l.exited;
    expect(code).toBe(0);
    expect(signalled).toBe(true);

    const ok = status.flatMap((s, i) => (s === 200 ? [i] : []));
    expect(ok.length).toBeGreaterThanOrEqual(500);
    const text = readFileSync(record, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const perGroup = new Map<string, number>();
    for (const raw of text.trimEnd().split('\n')) {
      const line = JSON.parse(raw) as RecordLine;
      const groupId = (JSON.parse(line.body) as { GroupId: string }).GroupId;
      perGroup.set(groupId, (perGroup.get(groupId) ?? 0) + 1);
    }
    for (const i of ok) expect(perGroup.get(`@TGS#load${i}`), `request ${i}`).toBe(1);
    const accepted = Number(/accepted (\d+)/.exec(stdout)?.[1]);
    expect(accepted).toBe(perGroup.size);
    expect(stdout).toMatch(/stopped: received \d+/);
  });
});
