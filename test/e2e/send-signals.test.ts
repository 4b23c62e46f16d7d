import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { type CaptureServer, replyOk, startCaptureServer } from '../helpers/capture-server.js';

const TOKEN = 'tok-S3CRET-signals-5e0d';

interface Spawned {
  child: ChildProcessWithoutNullStreams;
  done: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stdout: string;
    stderr: string;
  }>;
}

/** The built bin, killed by the test's own timer if it does not end by itself. */
function spawnSend(args: string[]): Spawned {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete env.TIM_CALLBACK_TOKEN;
  delete env.TIM_SDKAPPID;
  const child = spawn(process.execPath, [BIN, 'send', ...args], {
    env: env as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.end();
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  const done = new Promise<Awaited<Spawned['done']>>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done };
}

let server: CaptureServer;
/** Resolves once the server has received `n` requests in all. */
let reached: { n: number; resolve: () => void } | undefined;
const held = new Set<ServerResponse>();

beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await server.close();
});

function answerOkAndCount(): void {
  server.reply = (req, res) => {
    replyOk(req, res);
    if (reached && server.requests.length >= reached.n) reached.resolve();
  };
}

function requestsReach(n: number): Promise<void> {
  return new Promise((resolve) => {
    reached = { n, resolve };
  });
}

describe('send load mode on SIGINT and SIGTERM', () => {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: stops sending, prints the summary of what finished, exits ${exitCode}`, async () => {
      answerOkAndCount();
      const before = server.requests.length;
      const started = requestsReach(before + 20);
      const run = spawnSend([
        `${server.url}/cb`,
        '--count',
        '1000000',
        '--concurrency',
        '4',
        '--sdkappid',
        '1400000000',
        '--token',
        TOKEN,
      ]);
      await started;
      run.child.kill(signal);
      const r = await run.done;
      expect(r.signal).toBeNull();
      expect(r.code).toBe(exitCode);
      const sent = server.requests.length - before;
      expect(r.stdout).toContain(`interrupted by ${signal}: no new requests were started`);
      // Every request that was sent finished and is counted: none cut, none left out.
      expect(r.stdout).toMatch(new RegExp(`^${sent} requests in [\\d.]+ ms`, 'm'));
      expect(r.stdout).toContain(`HTTP 200 × ${sent}; OK × ${sent}`);
      expect(r.stdout).toContain(
        `✔ all ${sent} answers were HTTP 200 with a well-formed OK packet`,
      );
      expect(r.stdout + r.stderr).not.toContain(TOKEN);
    });
  }

  it('--json: one document that says it was interrupted and by what', async () => {
    answerOkAndCount();
    const before = server.requests.length;
    const started = requestsReach(before + 20);
    const run = spawnSend([`${server.url}/cb`, '--duration', '600', '--json']);
    await started;
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ interrupted: true, signal: 'SIGTERM', ok: false });
    expect(doc.requests).toBe(server.requests.length - before);
  });
});

describe('send one-shot on SIGINT and SIGTERM', () => {
  for (const [signal, exitCode] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while waiting for the answer: one line, exit ${exitCode}`, async () => {
      const arrived = new Promise<void>((resolve) => {
        // Never answers: the request is still waiting when the signal comes.
        server.reply = (_req, res) => {
          held.add(res);
          resolve();
        };
      });
      const run = spawnSend([`${server.url}/cb`, '--timeout', '600000']);
      await arrived;
      run.child.kill(signal);
      const r = await run.done;
      expect(r.signal).toBeNull();
      expect(r.code).toBe(exitCode);
      expect(r.stdout).toMatch(/^→ POST /);
      expect(r.stderr.trim().split('\n').at(-1)).toBe(
        `tim-callback: interrupted by ${signal} before an answer came`,
      );
    });
  }
});
