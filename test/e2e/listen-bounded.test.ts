import { execFileSync, spawn } from 'node:child_process';
import {
  appendFileSync,
  chownSync,
  readFileSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import type { RecordLine } from '../../src/core/record.js';
import { startBackend } from '../helpers/backends.js';
import { BIN, runBin } from '../helpers/bin.js';
import { portOf, post, sampleBody, spawnListen } from '../helpers/listen.js';
import { recordLine } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const dir = tempDirForFile('tim-callback-bounded-e2e-');
const MiB = 1024 * 1024;
const plainUrl = (port: number) =>
  buildCallbackUrl({ target: `http://127.0.0.1:${port}/`, command: AFTER_GROUP_DESTROYED });

/** A file of `holeBytes` zero bytes (sparse: no disk used) followed by `tail`. */
function sparseFile(name: string, holeBytes: number, tail = ''): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, holeBytes);
  if (tail !== '') appendFileSync(path, tail);
  return path;
}

// DESIGN.md, "Bounded by design": the listener's memory does not grow with what peers choose to send.
describe('listen under a memory cap', () => {
  it('remembers 100 callbacks with 1 MiB GroupIds in a 48 MB heap: the duplicate window holds digests', async () => {
    // Each key used to hold its whole GroupId: 100 MiB of keys in a 48 MB heap ends in
    // "JavaScript heap out of memory" long before the last callback.
    const listener = spawnListen(['--port', '0'], { NODE_OPTIONS: '--max-old-space-size=48' });
    try {
      const port = portOf(await listener.firstLine);
      const url = buildCallbackUrl({
        target: `http://127.0.0.1:${port}/`,
        command: AFTER_GROUP_DESTROYED,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 100; i++) {
        const groupId = `@TGS#${String(i).padStart(4, '0')}${'g'.repeat(1024 * 1024)}`;
        statuses.push((await post(url, sampleBody({ GroupId: groupId }))).status);
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      // The window still works: the first callback, sent again, is a duplicate.
      await post(url, sampleBody({ GroupId: `@TGS#0000${'g'.repeat(1024 * 1024)}` }));
    } finally {
      const { code, stdout } = await listener.stop('SIGINT');
      expect(code).toBe(0);
      expect(stdout).toMatch(/received 101 · accepted 101 · rejected 0 · duplicates 1/);
    }
  }, 90_000);
});

describe('--record writes only to a regular file', () => {
  const refused = async (path: string, kind: RegExp) => {
    const r = await runBin(['listen', '--port', '0', '--record', path]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(kind);
    expect(r.stdout).toBe('');
  };

  it('refuses a symbolic link (exit 2, one line) and leaves its target untouched', async () => {
    const victim = join(dir, 'victim.conf');
    writeFileSync(victim, 'setting=1\n', { mode: 0o644 });
    const link = join(dir, 'calls.jsonl');
    symlinkSync(victim, link);
    await refused(link, /"calls\.jsonl"|calls\.jsonl.*symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('setting=1\n');
    expect(statSync(victim).mode & 0o777).toBe(0o644);
  });

  it('refuses a device and a FIFO at once, without blocking on the FIFO', async () => {
    await refused('/dev/null', /is a device/);
    const fifo = join(dir, 'calls.fifo');
    execFileSync('mkfifo', [fifo]);
    await refused(fifo, /is a FIFO/);
  });

  it.runIf(process.getuid?.() === 0)(
    "appends to another user's file without changing its mode, and the banner says the mode",
    async () => {
      const path = join(dir, 'shared.jsonl');
      writeFileSync(path, '', { mode: 0o644 });
      chownSync(path, 65534, 65534);
      const l = spawnListen(['--port', '0', '--record', path]);
      await l.firstLine;
      const { code, stdout } = await l.stop();
      expect(code).toBe(0);
      expect(stdout).toContain("mode 0644, another user's file: mode left as found");
      expect(statSync(path).mode & 0o777).toBe(0o644);
    },
  );
});

describe('a full disk while recording', () => {
  it('answers 500 for what it could not record and leaves no torn line in the file', async () => {
    const path = join(dir, 'limited.jsonl');
    // A 16 KiB file-size limit (ulimit -f counts 512-byte blocks) plays a disk that fills up:
    // the write that crosses it is cut short, the next fails with EFBIG.
    const child = spawn(
      'sh',
      [
        '-c',
        'ulimit -f 32; exec "$@"',
        'sh',
        process.execPath,
        BIN,
        'listen',
        '--port',
        '0',
        '--record',
        path,
      ],
      { env: { ...process.env, NO_COLOR: '1' } },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const port = await new Promise<number>((resolve) =>
      child.stdout.on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('\n')) resolve(portOf(stdout));
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const statuses: number[] = [];
    try {
      for (let i = 0; statuses.filter((s) => s === 500).length < 3 && i < 200; i++) {
        statuses.push(
          (await post(plainUrl(port), sampleBody({ GroupId: `@TGS#full${i}` }))).status,
        );
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(statuses).toContain(500);
    const text = readFileSync(path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as RecordLine);
    expect(lines).toHaveLength(statuses.filter((s) => s === 200).length);
  });
});

describe('record files that are not made of lines', () => {
  it('listen starts on a --record file holding one 600 MiB line', async () => {
    const path = sparseFile('one-line.jsonl', 600 * MiB);
    const l = spawnListen(['--port', '0', '--record', path]);
    try {
      const port = portOf(await l.firstLine);
      expect((await post(plainUrl(port))).status).toBe(200);
    } finally {
      const { code } = await l.stop();
      expect(code).toBe(0);
    }
  });

  it('replay reports and skips a 600 MiB line, and replays the lines after it', async () => {
    const line = recordLine({ body: sampleBody() });
    const path = sparseFile('replay-long.jsonl', 600 * MiB, `\n${JSON.stringify(line)}\n`);
    const backend = await startBackend(() => ({
      body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}',
    }));
    try {
      const r = await runBin(['replay', path, backend.url]);
      expect(r.stderr).toMatch(/line 1 of .* skipped: 600 MiB, longer than any record line/);
      expect(backend.received).toHaveLength(1);
      expect(r.code).toBe(0);
    } finally {
      await backend.close();
    }
  });

  it('replay refuses a FIFO instead of waiting on it', async () => {
    const fifo = join(dir, 'replay.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await runBin(['replay', fifo, 'http://127.0.0.1:9/']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
  });
});

describe('a large earlier record', () => {
  it('is read from its end only: the duplicate window is seeded from the last 64 MiB', async () => {
    const body = sampleBody({ GroupId: '@TGS#tail' });
    const earlier = recordLine({ body, accepted: true });
    const path = sparseFile('big.jsonl', 1024 * MiB, `\n${JSON.stringify(earlier)}\n`);
    const l = spawnListen(['--port', '0', '--record', path, '--json']);
    try {
      const port = portOf(await l.firstLine);
      await post(plainUrl(port), body);
    } finally {
      const { code, stdout, stderr } = await l.stop();
      expect(code).toBe(0);
      expect(stderr).toContain('appending to 1.0 GiB, its last 64 MiB read: 1 callback known');
      expect((JSON.parse(stdout) as RecordLine).duplicate).toBe(true);
    }
  });
});

describe('--forward-to this listener itself', () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it.each([
    [['--host', '127.0.0.1'], 'localhost'],
    [['--host', '0.0.0.0'], '127.0.0.1'],
  ])(
    'is refused at start-up, before any callback (listen %j, forward to %s)',
    async (host, name) => {
      const port = await freePort();
      const r = await runBin([
        'listen',
        ...host,
        '--port',
        String(port),
        '--forward-to',
        `http://${name}:${port}/im/callback`,
      ]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--forward-to .* is this listener's own address/);
    },
  );
});
