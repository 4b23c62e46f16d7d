import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSend, type SendOptions } from '../../src/commands/send/send.js';
import { parseCallbackQuery } from '../../src/core/callback-url.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { sampleName } from '../../src/core/catalog/names.js';
import { captureOutput } from '../helpers/capture.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';
import { sendOptions } from '../helpers/send-options.js';

// Every command of the catalogue, every sample: `send` puts it on the wire as Tencent IM would,
// signed, with the command's CallbackCommand in the query, and the sample's body.

const TOKEN = 'tok-S3CRET-catalog-77c1';
const NOW = 1_796_000_000_123;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});

function options(over: Partial<SendOptions>): SendOptions {
  return sendOptions({
    url: `${server.url}/im/callback?own=1`,
    sdkAppId: '1400000000',
    token: TOKEN,
    tokenSource: 'flag',
    ...over,
  });
}

const cases = CATALOG.flatMap((entry) =>
  entry.samples.map((sample) => [sampleName(entry, sample), entry, sample] as const),
);

describe('send <url> <sample>, for every sample of every catalogue command', () => {
  it('covers every command', () => {
    expect(new Set(cases.map(([, entry]) => entry.command)).size).toBe(CATALOG.length);
  });

  it.each(cases)(
    '%s: signed, its CallbackCommand in the query, the sample as the body',
    async (name, entry, sample) => {
      const before = server.requests.length;
      const { out } = captureOutput();
      const code = await runSend(options({ fixture: name }), out, { now: () => NOW });
      expect(code, name).toBe(0);
      expect(server.requests).toHaveLength(before + 1);
      const request = server.requests.at(-1);
      if (request === undefined) throw new Error('no request');
      const target = new URL(request.url, server.url);
      expect(target.pathname).toBe('/im/callback');
      const query = parseCallbackQuery(target.search);
      expect(query.all.own).toBe('1');
      expect(query.command).toBe(entry.command);
      expect(query.sdkAppId).toBe('1400000000');
      expect(query.requestTime).toBe(String(Math.floor(NOW / 1000)));
      expect(query.sign).toBe(sha256(`${TOKEN}${query.requestTime}`));
      for (const omitted of entry.queryOmits ?? [])
        expect(query.all, omitted).not.toHaveProperty(omitted);
      expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
      // The body is the sample's; one without an EventTime of its own gets the send time, where the
      // command has one.
      const stamped =
        'EventTime' in (entry.request.properties ?? {}) && !('EventTime' in sample.body)
          ? { ...sample.body, EventTime: NOW }
          : sample.body;
      expect(JSON.parse(request.body.toString('utf8'))).toEqual(stamped);
    },
  );
});

describe('send a before-callback: the answer is a decision', () => {
  const answering = (packet: object) => {
    server.reply = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(packet));
    };
  };
  afterAll(() => {
    answering({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
  });

  it('names the decision in words: deny is a decision, not a warning (exit 0)', async () => {
    answering({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' });
    const { out, stdout } = captureOutput();
    const code = await runSend(options({ fixture: 'c2c.before-send-msg' }), out, {
      now: () => NOW,
    });
    expect(code).toBe(0);
    expect(stdout()).toContain(
      '  ✔ ErrorCode 1: deny: the message is not sent and the sender gets error 20006\n✔ decided: deny (HTTP 200 with a well-formed OK packet)\n',
    );
    expect(stdout()).not.toContain('0 is recommended');
  });

  it('fails an ErrorCode the command does not take, naming the rule (exit 1)', async () => {
    answering({ ActionStatus: 'OK', ErrorCode: 3, ErrorInfo: '' });
    const { out, stdout } = captureOutput();
    const code = await runSend(options({ fixture: 'C2C.CallbackBeforeSendMsg' }), out, {
      now: () => NOW,
    });
    expect(code).toBe(1);
    expect(stdout()).toContain(
      '  ✖ ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes: it allows 0, 1, 2 or 120001–130000\n✖ not accepted: 1 check failed\n',
    );
  });

  it('fails a returned MsgBody element without MsgType (exit 1), and says so in --json', async () => {
    answering({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      MsgBody: [{ MsgContent: { Text: 'x' } }],
    });
    const { out, stdout } = captureOutput(true);
    const code = await runSend(options({ fixture: 'c2c.before-send-msg' }), out, {
      now: () => NOW,
    });
    expect(code).toBe(1);
    const document = JSON.parse(stdout());
    expect(document).toMatchObject({
      ok: false,
      verdict: 'failed',
      command: 'C2C.CallbackBeforeSendMsg',
      decision: { errorCode: 0, ok: false },
    });
    expect(document.checks).toContainEqual({
      name: 'decision',
      ok: false,
      message: '/MsgBody/0/MsgType: is required',
    });
  });

  it('takes a custom rejection code in the command’s range', async () => {
    answering({ ActionStatus: 'OK', ErrorCode: 120001, ErrorInfo: 'blocked word' });
    const { out, stdout } = captureOutput();
    const code = await runSend(options({ fixture: 'c2c.before-send-msg' }), out, {
      now: () => NOW,
    });
    expect(code).toBe(0);
    expect(stdout()).toContain('✔ ErrorCode 120001: custom rejection 120001');
  });
});

describe('send a catalogue sample: flags and load mode', () => {
  it('--members fills the command’s own member list; a command without one is a usage error naming it', async () => {
    const join = CATALOG.find((e) => e.command === 'Group.CallbackAfterNewMemberJoin');
    if (join !== undefined) {
      const { out } = captureOutput();
      await runSend(options({ fixture: 'group.after-new-member-join', members: 4 }), out, {
        now: () => NOW,
      });
      const body = JSON.parse(server.requests.at(-1)?.body.toString() ?? '{}');
      expect(body.NewMemberList).toHaveLength(4);
      expect(body).not.toHaveProperty('MemberList');
    }
    const { out } = captureOutput();
    await expect(
      runSend(options({ fixture: 'c2c.before-send-msg', members: 3 }), out, { now: () => NOW }),
    ).rejects.toThrow(
      '--members: c2c.before-send-msg (C2C.CallbackBeforeSendMsg) has no member list',
    );
    await expect(
      runSend(options({ fixture: 'c2c.before-send-msg', type: 'Public' }), out, { now: () => NOW }),
    ).rejects.toThrow('--type: c2c.before-send-msg (C2C.CallbackBeforeSendMsg) has no group Type');
  });

  it('--set and --unset apply to any command’s body', async () => {
    const { out } = captureOutput();
    const code = await runSend(
      options({
        fixture: 'c2c.before-send-msg',
        set: ['MsgBody[0].MsgContent.Text=hello'],
        unset: ['CloudCustomData'],
      }),
      out,
      { now: () => NOW },
    );
    expect(code).toBe(0);
    const body = JSON.parse(server.requests.at(-1)?.body.toString() ?? '{}');
    expect(body.MsgBody[0].MsgContent.Text).toBe('hello');
    expect(body).not.toHaveProperty('CloudCustomData');
  });

  it('a --payload of another command is checked against that command’s schema', async () => {
    const { out, stderr } = captureOutput();
    const { writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tempDirForTest } = await import('../helpers/temp-dir.js');
    const file = join(tempDirForTest('tim-callback-payload-'), 'body.json');
    writeFileSync(
      file,
      JSON.stringify({ CallbackCommand: 'C2C.CallbackBeforeSendMsg', From_Account: 7 }),
    );
    const code = await runSend(options({ payload: file }), out, { now: () => NOW });
    expect(code).toBe(0);
    expect(stderr()).toContain(
      'body breaks the schema (sent anyway): /From_Account: must be string',
    );
    expect(stderr()).toContain('body breaks the schema (sent anyway): /To_Account: is required');
    expect(
      new URL(server.requests.at(-1)?.url ?? '', server.url).searchParams.get('CallbackCommand'),
    ).toBe('C2C.CallbackBeforeSendMsg');
  });

  it('load mode: each request a distinct event by the command’s key fields', async () => {
    for (const entry of CATALOG) {
      const before = server.requests.length;
      const { out } = captureOutput();
      const code = await runSend(
        options({
          fixture: sampleName(entry, entry.samples[0] as never),
          count: 3,
          concurrency: 1,
        }),
        out,
        { now: () => NOW },
      );
      expect(code, entry.command).toBe(0);
      const bodies = server.requests.slice(before).map((r) => JSON.parse(r.body.toString()));
      expect(bodies, entry.command).toHaveLength(3);
      const keys = bodies.map((body) =>
        JSON.stringify(entry.key.map((path) => path.split('.').reduce((v, p) => v?.[p], body))),
      );
      expect(new Set(keys).size, `${entry.command} ${keys.join(' ')}`).toBe(3);
    }
  });
});
