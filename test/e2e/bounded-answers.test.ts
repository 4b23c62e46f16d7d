import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAIL_CODES } from '../../src/core/listen-ladder.js';
import { runBin } from '../helpers/bin.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';
import { replyDrip, replyHuge, replyPaddedOk, type Streamed } from '../helpers/hostile-backends.js';
import { failOf, portOf, post, sampleBody, spawnListen } from '../helpers/listen.js';
import { recordLine } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// DESIGN.md, "Bounded by design": an answer is read up to --max-answer (1 MiB by default), and
// every request ends at its deadline, however slowly the answer drips in.
const HUGE_BYTES = 64 * 1024 * 1024;
const CUT = /answer larger than 1 MiB \(--max-answer\)/;

let huge: CaptureServer;
let padded: CaptureServer;
let drip: CaptureServer;
const streamed: Streamed[] = [];
const tmp = tempDirForFile('tim-callback-bounded-e2e-');
const recordFile = join(tmp, 'one.jsonl');

beforeAll(async () => {
  huge = await startCaptureServer(replyHuge(HUGE_BYTES, streamed));
  // A valid OK packet of 2 MiB: cut by default, accepted with a higher --max-answer.
  padded = await startCaptureServer(replyPaddedOk(2 * 1024 * 1024));
  drip = await startCaptureServer(replyDrip);
  writeFileSync(recordFile, `${JSON.stringify(recordLine({ body: sampleBody() }))}\n`);
});
afterAll(async () => {
  await Promise.all([huge.close(), padded.close(), drip.close()]);
});

/** Streams started during `action`: each was cut, none read to its end. */
async function expectCutStreams(count: number, action: () => Promise<void>): Promise<void> {
  const before = streamed.length;
  await action();
  const mine = streamed.slice(before);
  expect(mine).toHaveLength(count);
  for (const entry of mine) {
    expect(entry.finished).toBe(false);
    expect(entry.written).toBeLessThan(HUGE_BYTES);
  }
}

describe('an answer larger than --max-answer fails its check and is not read further', () => {
  it('send: the answer-size check fails (exit 1), the backend is cut off', async () => {
    await expectCutStreams(1, async () => {
      const r = await runBin(['send', `${huge.url}/`]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(CUT);
      expect(r.stdout).toContain('✔ HTTP 200');
    });
  });

  it('send --max-answer raises the cap; a bad size is a usage error', async () => {
    const cut = await runBin(['send', `${padded.url}/`, '--json']);
    expect(cut.code).toBe(1);
    const doc = JSON.parse(cut.stdout);
    expect(doc.checks).toContainEqual(
      expect.objectContaining({
        name: 'answer-size',
        ok: false,
        message: expect.stringMatching(CUT),
      }),
    );
    const raised = await runBin(['send', `${padded.url}/`, '--max-answer', '4MiB']);
    expect(raised.code).toBe(0);
    expect(raised.stdout).toContain('✔ accepted');
    const bad = await runBin(['send', `${padded.url}/`, '--max-answer', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-answer "lots" is not a size/);
  });

  it('send load mode: each answer is cut and counted as malformed by answer-size', async () => {
    await expectCutStreams(4, async () => {
      const r = await runBin([
        'send',
        `${huge.url}/`,
        '--count',
        '4',
        '--concurrency',
        '2',
        '--json',
      ]);
      expect(r.code).toBe(1);
      const doc = JSON.parse(r.stdout);
      expect(doc.requests).toBe(4);
      expect(doc.malformed).toBe(4);
      expect(doc.malformedByCheck).toEqual({ 'answer-size': 4 });
    });
  });

  it('validate: the case fails with the answer-size check; --max-answer lets it pass', async () => {
    const args = [
      'validate',
      `${padded.url}/`,
      '--cases',
      'documented-example',
      '--reporter',
      'json',
    ];
    const cut = await runBin(args);
    expect(cut.code).toBe(1);
    const kase = JSON.parse(cut.stdout).cases[0];
    expect(kase.status).toBe('failed');
    expect(kase.checks).toContainEqual(
      expect.objectContaining({
        name: 'answer-size',
        ok: false,
        message: expect.stringMatching(CUT),
      }),
    );
    expect((await runBin([...args, '--max-answer', '4MiB'])).code).toBe(0);
  });

  it('replay: the replayed callback fails with the answer-size check', async () => {
    await expectCutStreams(1, async () => {
      const r = await runBin(['replay', recordFile, `${huge.url}/`]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(CUT);
    });
  });

  it('listen --forward-to: the caller gets a 502 FAIL; --max-answer raises the cap', async () => {
    const l = spawnListen(['--port', '0', '--forward-to', `${huge.url}/`]);
    try {
      const port = portOf(await l.firstLine);
      await expectCutStreams(1, async () => {
        const answer = await post(`http://127.0.0.1:${port}/`);
        expect(answer.status).toBe(502);
        expect(failOf(answer)).toEqual({
          code: FAIL_CODES.backendTooLarge,
          info: "the backend's answer is larger than 1 MiB (--max-answer)",
        });
      });
    } finally {
      const { stdout } = await l.stop();
      expect(stdout).toMatch(CUT);
    }
    const raised = spawnListen([
      '--port',
      '0',
      '--forward-to',
      `${padded.url}/`,
      '--max-answer',
      '4MiB',
    ]);
    try {
      const answer = await post(`http://127.0.0.1:${portOf(await raised.firstLine)}/`);
      expect(answer.status).toBe(200);
      expect(answer.text.length).toBe(2 * 1024 * 1024 + 50);
    } finally {
      await raised.stop();
    }
  });
});

describe('an answer that drips in is cut at the deadline', () => {
  it('send load mode: every request ends at --timeout, counted as a timeout', async () => {
    const r = await runBin(
      ['send', `${drip.url}/`, '--count', '4', '--concurrency', '2', '--timeout', '300', '--json'],
      { timeoutMs: 15_000 },
    );
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.requests).toBe(4);
    expect(doc.errors).toEqual({ timeout: 4 });
  });

  it('send --duration ends, whatever the answers do', async () => {
    const r = await runBin(
      ['send', `${drip.url}/`, '--duration', '1', '--timeout', '300', '--json'],
      {
        timeoutMs: 15_000,
      },
    );
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.requests).toBeGreaterThan(0);
    expect(doc.errors).toEqual({ timeout: doc.requests });
  });

  it('one-shot send, validate and replay end at the deadline', async () => {
    const send = await runBin(['send', `${drip.url}/`, '--timeout', '300'], { timeoutMs: 15_000 });
    expect(send.code).toBe(3);
    expect(send.stderr).toMatch(/no answer \(timeout\)/);
    const validate = await runBin(
      [
        'validate',
        `${drip.url}/`,
        '--cases',
        'documented-example',
        '--timeout',
        '300',
        '--reporter',
        'json',
      ],
      { timeoutMs: 15_000 },
    );
    expect(validate.code).toBe(1);
    expect(JSON.parse(validate.stdout).cases[0].checks).toContainEqual(
      expect.objectContaining({ name: 'in-time', ok: false }),
    );
    const replay = await runBin(['replay', recordFile, `${drip.url}/`, '--timeout', '300'], {
      timeoutMs: 15_000,
    });
    expect(replay.code).toBe(3);
    expect(replay.stdout).toMatch(/no answer within 300 ms \(timeout\)/);
  });

  it('listen --forward-to: a dripping backend is answered 502 at --forward-timeout', async () => {
    const l = spawnListen([
      '--port',
      '0',
      '--forward-to',
      `${drip.url}/`,
      '--forward-timeout',
      '300',
    ]);
    try {
      const answer = await post(`http://127.0.0.1:${portOf(await l.firstLine)}/`);
      expect(answer.status).toBe(502);
      expect(failOf(answer)?.code).toBe(FAIL_CODES.backendTimeout);
    } finally {
      await l.stop();
    }
  });
});
