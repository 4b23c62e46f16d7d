import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, correctBackend, OK_BODY, startBackend } from '../helpers/backends.js';
import { BIN, runBin } from '../helpers/bin.js';
import { recordLine } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// Every `Examples:` line of every --help is run as written, in a directory holding the files the
// examples name (token.txt, staging-ca.pem, answer.json, body.json, callbacks.jsonl), with
// TIM_SDKAPPID and TIM_CALLBACK_TOKEN exported as the README's Quick start says. Two things are
// substituted, because the machine is shared: the example hosts (127.0.0.1:8080, :3000,
// staging.example.com, $BACKEND_URL) point at loopback backends of this test, and a listener is
// given --port 0 (the last --port wins).

const TOKEN = 'tok-S3CRET-examples-2b91';
const SDKAPPID = '1400000000';
const CERT = fileURLToPath(new URL('../fixtures/tls/cert.pem', import.meta.url));
const KEY = fileURLToPath(new URL('../fixtures/tls/key.pem', import.meta.url));
const FIXTURE = fileURLToPath(
  new URL('../../fixtures/callbacks/group-destroyed.json', import.meta.url),
);

/** What an example must do, when it is not exit 0. */
const EXPECTED: Record<string, { code: number; stdout?: RegExp }> = {
  // Signed five minutes ago: a backend that checks Sign refuses it, which is the point.
  'tim-callback send http://127.0.0.1:8080/cb --set Name=我的群 --members 500 --token-file token.txt --skew -300':
    { code: 1, stdout: /rejected: HTTP 401/ },
};

/** Needs a terminal for its prompts; test/integration/send.test.ts drives them. */
const NEEDS_A_TERMINAL = ['tim-callback send -i'];

const COMMANDS = [
  '',
  'listen',
  'send',
  'validate',
  'replay',
  'sign',
  'verify',
  'fixtures',
  'schema',
  'config',
  'doctor',
  'completion',
];

const dir = tempDirForFile('tim-callback-examples-');
let backend: Backend;
let staging: Server;
let stagingPort: number;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  backend = await startBackend(correctBackend({ sdkAppId: SDKAPPID, token: TOKEN }));
  staging = createHttpsServer({ cert: readFileSync(CERT), key: readFileSync(KEY) }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.end(OK_BODY);
    });
  });
  await new Promise<void>((resolve) => staging.listen(0, '127.0.0.1', resolve));
  stagingPort = (staging.address() as AddressInfo).port;
  writeFileSync(join(dir, 'token.txt'), `${TOKEN}\n`);
  // As a token file should be: doctor fails one that others can read.
  chmodSync(join(dir, 'token.txt'), 0o600);
  // The profile the examples name (--profile staging), pointing at the loopback staging server.
  writeFileSync(
    join(dir, 'tim-callback.config.json'),
    JSON.stringify({
      profiles: {
        staging: { url: `https://127.0.0.1:${stagingPort}/im/callback`, tokenFile: './token.txt' },
      },
    }),
  );
  copyFileSync(CERT, join(dir, 'staging-ca.pem'));
  writeFileSync(join(dir, 'answer.json'), OK_BODY);
  copyFileSync(FIXTURE, join(dir, 'body.json'));
  const recorded = recordLine({ body: readFileSync(FIXTURE, 'utf8') });
  recorded.query.SdkAppid = SDKAPPID;
  writeFileSync(join(dir, 'callbacks.jsonl'), `${JSON.stringify(recorded)}\n`);
  // `tim-callback` on PATH is the built bin.
  writeFileSync(join(dir, 'tim-callback'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(dir, 'tim-callback'), 0o755);
  env = {
    ...process.env,
    PATH: `${dir}:${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    TIM_SDKAPPID: SDKAPPID,
    TIM_CALLBACK_TOKEN: TOKEN,
    BACKEND_URL: backend.url,
    // The staging server's certificate, for the examples that trust it without --ca.
    NODE_EXTRA_CA_CERTS: CERT,
    HTTP_PROXY: undefined,
    HTTPS_PROXY: undefined,
    http_proxy: undefined,
    https_proxy: undefined,
  };
});

afterAll(async () => {
  await backend.close();
  staging.closeAllConnections();
  await new Promise<void>((resolve) => staging.close(() => resolve()));
});

async function examples(): Promise<string[]> {
  const lines: string[] = [];
  for (const command of COMMANDS) {
    const r = await runBin(command === '' ? ['--help'] : [command, '--help']);
    expect(r.code, `${command} --help`).toBe(0);
    // A repeatable option (--set, --command, --filter) starts empty: nothing worth a "default".
    expect(r.stdout, `${command} --help`).not.toContain('(default: [])');
    const after = r.stdout.split('\nExamples:\n')[1];
    expect(after, `${command} --help has examples`).toBeDefined();
    for (const line of (after ?? '').split('\n')) {
      if (!line.startsWith('  $ ')) break;
      lines.push(line.slice(4));
    }
  }
  return lines;
}

function onLoopback(line: string): string {
  const base = new URL(backend.url).origin;
  return line
    .replace(/http:\/\/127\.0\.0\.1:(8080|3000)/g, base)
    .replace(/https:\/\/staging\.example\.com/g, `https://127.0.0.1:${stagingPort}`);
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a shell line in the examples' directory; the whole process group goes if it hangs. */
function runLine(line: string): Promise<Ran> {
  const child = spawn('sh', ['-c', line], { cwd: dir, env, detached: true });
  return collect(child, 90_000);
}

function collect(child: ChildProcess, timeoutMs: number): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin?.end();
  const timer = setTimeout(() => {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * A listener runs until stopped: each stage of its pipeline is its own process, the listener is
 * stopped with SIGTERM once its banner is out, and the rest of the pipeline ends on EOF.
 */
async function runListener(line: string): Promise<Ran> {
  const [first, ...rest] = line.split(' | ');
  const listen = spawn('sh', ['-c', `exec ${first} --port 0`], { cwd: dir, env, detached: true });
  const stages = rest.map((stage) =>
    spawn('sh', ['-c', `exec ${stage}`], { cwd: dir, env, detached: true }),
  );
  const last = stages.at(-1);
  if (last !== undefined) listen.stdout.pipe(stages[0]?.stdin as NodeJS.WritableStream);
  const ran = collect(last ?? listen, 60_000);
  const banner = new Promise<void>((resolve) => {
    const watch = (d: Buffer) => {
      if (d.toString().includes('listening on')) resolve();
    };
    listen.stderr.on('data', watch);
    if (last === undefined) listen.stdout.on('data', watch);
    else listen.stdout.on('data', () => undefined);
  });
  await banner;
  listen.kill('SIGTERM');
  const listened = await new Promise<number | null>((resolve) =>
    listen.on('close', (code) => resolve(code)),
  );
  const result = await ran;
  return { ...result, code: listened === 0 ? result.code : listened };
}

describe('every Examples line of every --help', () => {
  it('runs as written against loopback backends', async () => {
    const lines = await examples();
    expect(lines.length).toBeGreaterThan(20);
    for (const example of lines) {
      if (NEEDS_A_TERMINAL.includes(example)) continue;
      const line = onLoopback(example);
      const r = /^tim-callback listen\b/.test(line) ? await runListener(line) : await runLine(line);
      const expected = EXPECTED[example] ?? { code: 0 };
      expect(r.code, `${example}\n${r.stdout.slice(-800)}\n${r.stderr.slice(-800)}`).toBe(
        expected.code,
      );
      if (expected.stdout) expect(r.stdout, example).toMatch(expected.stdout);
      expect(r.stdout + r.stderr, example).not.toContain(TOKEN);
    }
  }, 600_000);
});
