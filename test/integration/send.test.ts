import { createHash } from 'node:crypto';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSend } from '../../src/commands/send/send.js';
import { UnreachableError } from '../../src/core/errors.js';
import type { Prompts } from '../../src/io/prompts.js';
import { captureOutput } from '../helpers/capture.js';
import { type CaptureServer, replyOk, startCaptureServer } from '../helpers/capture-server.js';
import { sendOptions } from '../helpers/send-options.js';
import { tempDirForTest } from '../helpers/temp-dir.js';

const TOKEN = 'tok-S3CRET-prompted-41b2';

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});

const options = sendOptions;

/** Scripted answers in the order `send -i` asks; records every question it was asked. */
function scriptedPrompts(answers: unknown[]): { prompts: Prompts; asked: string[] } {
  const asked: string[] = [];
  const next = <T>(message: string): Promise<T> => {
    asked.push(message);
    if (answers.length === 0) throw new Error(`unexpected prompt: ${message}`);
    return Promise.resolve(answers.shift() as T);
  };
  return {
    asked,
    prompts: {
      input: (config) => next(config.message),
      select: (config) => next(config.message),
      number: (config) => next(config.message),
      password: (config) => next(config.message),
    },
  };
}

describe('send -i with the prompts replaced in-process', () => {
  it('asks, prints the equivalent command line without the token, then sends it', async () => {
    const { prompts, asked } = scriptedPrompts([
      `${server.url}/interactive`,
      'private-group',
      'ChatRoom',
      'Team 007',
      7,
      '1400000001',
      TOKEN,
    ]);
    const capture = captureOutput();
    const before = server.requests.length;
    const code = await runSend(options({ interactive: true }), capture.out, {
      prompts: async () => prompts,
      stdin: { isTTY: true },
    });
    expect(code).toBe(0);
    expect(asked).toEqual([
      'Callback URL of the backend',
      'Callback body',
      'Group type',
      'Group name',
      'Number of members',
      'SDKAppID (empty: none)',
      'Callback token (hidden; empty: unsigned)',
    ]);
    const stdout = capture.stdout();
    expect(stdout).toContain(
      `tim-callback send ${server.url}/interactive private-group --type ChatRoom --members 7 --set 'Name=Team 007' --sdkappid 1400000001 --token "$TIM_CALLBACK_TOKEN"`,
    );
    expect(stdout).toContain('export TIM_CALLBACK_TOKEN');
    expect(stdout).not.toContain(TOKEN);
    expect(capture.stderr()).not.toContain(TOKEN);

    const seen = server.requests.slice(before);
    expect(seen).toHaveLength(1);
    const request = seen[0];
    if (!request) throw new Error('no request');
    const query = new URL(request.url, 'http://x').searchParams;
    expect(query.get('SdkAppid')).toBe('1400000001');
    const requestTime = query.get('RequestTime');
    expect(query.get('Sign')).toBe(
      createHash('sha256').update(`${TOKEN}${requestTime}`).digest('hex'),
    );
    const body = JSON.parse(request.body.toString('utf8'));
    expect(body.Type).toBe('ChatRoom');
    expect(body.Name).toBe('Team 007');
    expect(body.MemberList).toHaveLength(7);
  });

  it('does not ask for members of a Community group, nor for a token already given', async () => {
    const { prompts, asked } = scriptedPrompts([
      `${server.url}/interactive`,
      'group-destroyed',
      'Community',
      'MyFirstGroup',
      '',
    ]);
    const capture = captureOutput();
    const before = server.requests.length;
    const code = await runSend(
      options({ interactive: true, token: TOKEN, tokenSource: 'file', tokenFile: 'token.txt' }),
      capture.out,
      { prompts: async () => prompts, stdin: { isTTY: true } },
    );
    expect(code).toBe(0);
    expect(asked).not.toContain('Number of members');
    expect(asked).not.toContain('Callback token (hidden; empty: unsigned)');
    expect(capture.stdout()).toContain(
      `tim-callback send ${server.url}/interactive --type Community --token-file token.txt`,
    );
    const body = JSON.parse(server.requests[before]?.body.toString('utf8') ?? '{}');
    expect(body.Type).toBe('Community');
    expect(body).not.toHaveProperty('MemberList');
  });

  it('never prompts with --json or without a terminal', async () => {
    for (const [json, isTTY] of [
      [true, true],
      [false, false],
    ] as const) {
      const { prompts, asked } = scriptedPrompts([]);
      await expect(
        runSend(options({ interactive: true }), captureOutput(json).out, {
          prompts: async () => prompts,
          stdin: { isTTY },
        }),
      ).rejects.toThrow(/missing the backend URL/);
      expect(asked).toEqual([]);
    }
  });
});

describe('send: a host name that does not resolve', () => {
  it('is exit 3 naming DNS', async () => {
    // The resolver is replaced so the test sends no DNS query off this machine; undici sees
    // the same ENOTFOUND that getaddrinfo gives for an unknown name.
    const dispatcher = new Agent({
      connect: {
        lookup: (hostname, _options, callback) => {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
            code: 'ENOTFOUND',
          });
          callback(error, '', 4);
        },
      },
    });
    const capture = captureOutput();
    try {
      const sent = runSend(options({ url: 'http://backend.invalid/cb' }), capture.out, {
        dispatcher,
      });
      await expect(sent).rejects.toBeInstanceOf(UnreachableError);
      await expect(sent).rejects.toMatchObject({
        exitCode: 3,
        message: 'no answer (dns): cannot resolve host name backend.invalid',
      });
    } finally {
      await dispatcher.close();
    }
  });
});

describe('startLoad', () => {
  it('stop() starts nothing more, not even requests waiting for their --rate slot', async () => {
    const { startLoad } = await import('../../src/io/load-runner.js');
    const { createDispatcher } = await import('../../src/io/http-client.js');
    const { createRequestFactory } = await import('../../src/core/send-request.js');
    const dispatcher = createDispatcher({ connections: 5 });
    const before = server.requests.length;
    const firstAnswered = new Promise((resolve) => {
      server.reply = (req, res) => {
        res.on('finish', resolve);
        replyOk(req, res);
      };
    });
    try {
      const run = startLoad({
        dispatcher,
        prepare: createRequestFactory({
          target: `${server.url}/stop`,
          body: { CallbackCommand: 'Group.CallbackAfterGroupDestroyed', GroupId: 'g' },
          stampEventTime: false,
          uniqueGroupIds: true,
        }),
        timeoutMs: 2000,
        concurrency: 5,
        count: 100,
        // One a minute: the first starts at once, the next four wait for their slots.
        rate: 1 / 60,
      });
      await firstAnswered;
      run.stop();
      const summary = await run.done;
      expect(summary.requests).toBe(1);
      expect(server.requests.length - before).toBe(1);
    } finally {
      server.reply = replyOk;
      await dispatcher.close();
    }
  });
});

describe('send -i with --payload', () => {
  it('offers no fixture, defaults come from the payload, and the command line keeps --payload', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = `${tempDirForTest('tim-send-i-')}/body.json`;
    writeFileSync(
      file,
      JSON.stringify({
        CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
        GroupId: '@TGS#own',
        Type: 'AVChatRoom',
        Owner_Account: 'me',
        Name: 'Live',
        MemberList: [{ Member_Account: 'me' }],
        EventTime: 1,
      }),
    );
    const { prompts, asked } = scriptedPrompts([
      `${server.url}/own`,
      'AVChatRoom',
      'Live',
      1,
      '',
      '',
    ]);
    const capture = captureOutput();
    const before = server.requests.length;
    const code = await runSend(options({ interactive: true, payload: file }), capture.out, {
      prompts: async () => prompts,
      stdin: { isTTY: true },
    });
    expect(code).toBe(0);
    expect(asked).not.toContain('Callback body');
    expect(capture.stdout()).toContain(`tim-callback send ${server.url}/own --payload ${file}\n`);
    expect(JSON.parse(server.requests[before]?.body.toString('utf8') ?? '{}').GroupId).toBe(
      '@TGS#own',
    );
  });
});
