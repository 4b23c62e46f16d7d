import { execFileSync } from 'node:child_process';
import {
  chownSync,
  ftruncateSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { duplicateKey } from '../../src/core/record.js';
import { readRecordTail } from '../../src/io/record-reader.js';
import { loadRecordedKeys, openRecordWriter } from '../../src/io/record-writer.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const dir = tempDirForFile('tim-callback-record-');

describe('openRecordWriter', () => {
  it('creates the file with mode 0600 and appends every line, in order, once', async () => {
    const path = join(dir, 'a.jsonl');
    const writer = await openRecordWriter(path);
    await Promise.all(Array.from({ length: 500 }, (_, i) => writer.write(JSON.stringify({ i }))));
    await writer.write('{"last":true}');
    await writer.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(501);
    expect(lines.slice(0, 500).map((l) => JSON.parse(l).i)).toEqual([...Array(500).keys()]);
    expect(writer.lines).toBe(501);
  });

  it('resolves a write only once its line is in the file', async () => {
    const path = join(dir, 'b.jsonl');
    const writer = await openRecordWriter(path);
    await writer.write('{"n":1}');
    expect(readFileSync(path, 'utf8')).toBe('{"n":1}\n');
    await writer.close();
    await expect(writer.write('{}')).rejects.toThrow(/closed/);
  });

  it('tightens an existing file to 0600 and ends a torn last line before appending', async () => {
    const path = join(dir, 'c.jsonl');
    writeFileSync(path, '{"a":1}\n{"torn":', { mode: 0o644 });
    const writer = await openRecordWriter(path);
    await writer.write('{"b":2}');
    await writer.close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"torn":\n{"b":2}\n');
  });

  it('is a usage error when the file cannot be opened', async () => {
    mkdirSync(join(dir, 'sub'));
    await expect(openRecordWriter(join(dir, 'sub'))).rejects.toThrow(/directory/);
    await expect(openRecordWriter(join(dir, 'missing', 'x.jsonl'))).rejects.toThrow(/no such file/);
  });
});

describe('a record write that fails part-way', () => {
  it('cuts the file back to its last complete line, so the next line is not glued on', async () => {
    const path = join(dir, 'full.jsonl');
    writeFileSync(path, '{"a":1}\n');
    let full = false;
    // A disk that fills up: a short write of 5 bytes, then ENOSPC, until space comes back.
    const io = {
      writeText: (fd: number, text: string) =>
        full ? writeSync(fd, text.slice(0, 5)) : writeSync(fd, text),
      writeBytes: (fd: number, bytes: Buffer, offset: number) => {
        if (full)
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        return writeSync(fd, bytes, offset);
      },
      truncate: (fd: number, length: number) => ftruncateSync(fd, length),
    };
    const writer = await openRecordWriter(path, io);
    await writer.write('{"b":2}');
    full = true;
    await expect(writer.write('{"c":"lost"}')).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    full = false;
    await writer.write('{"d":4}');
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n{"d":4}\n');
    expect(writer.lines).toBe(2);
  });

  it('retries a cut that failed before writing the next line', async () => {
    const path = join(dir, 'full-twice.jsonl');
    let failing = true;
    const io = {
      writeText: (fd: number, text: string) =>
        failing ? writeSync(fd, text.slice(0, 3)) : writeSync(fd, text),
      writeBytes: (fd: number, bytes: Buffer, offset: number) => {
        if (failing) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        return writeSync(fd, bytes, offset);
      },
      truncate: (fd: number, length: number) => {
        if (failing) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
        ftruncateSync(fd, length);
      },
    };
    const writer = await openRecordWriter(path, io);
    await expect(writer.write('{"x":1}')).rejects.toThrow(/EIO/);
    expect(readFileSync(path, 'utf8')).toBe('{"x');
    failing = false;
    await writer.write('{"y":2}');
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe('{"y":2}\n');
  });
});

describe('what --record accepts', () => {
  it('refuses a symbolic link, and leaves its target as it was', async () => {
    const target = join(dir, 'victim.conf');
    writeFileSync(target, 'secret=1\n', { mode: 0o644 });
    const link = join(dir, 'link.jsonl');
    symlinkSync(target, link);
    await expect(openRecordWriter(link)).rejects.toThrow(/symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('secret=1\n');
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  it('refuses a device and a FIFO without opening them', async () => {
    await expect(openRecordWriter('/dev/null')).rejects.toThrow(/is a device/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(openRecordWriter(fifo)).rejects.toThrow(/is a FIFO/);
  });

  it.runIf(process.getuid?.() === 0)(
    "never changes the mode of another user's file, and says what the mode is",
    async () => {
      const path = join(dir, 'theirs.jsonl');
      writeFileSync(path, '', { mode: 0o644 });
      chownSync(path, 65534, 65534);
      const writer = await openRecordWriter(path);
      await writer.close();
      expect(writer).toMatchObject({ foreign: true, mode: 0o644 });
      expect(statSync(path).mode & 0o777).toBe(0o644);
    },
  );
});

describe('loadRecordedKeys', () => {
  const body = JSON.stringify({ CallbackCommand: 'C', GroupId: 'g1', EventTime: 5 });
  const line = (accepted: boolean, groupId = 'g1', pad = '') =>
    JSON.stringify({
      accepted,
      query: { CallbackCommand: 'C' },
      body: body.replace('g1', groupId),
      pad,
    });
  const keyOf = (groupId: string) =>
    duplicateKey('C', { GroupId: groupId, EventTime: 5 }) as string;

  it('reads the keys of accepted lines and counts unreadable ones', async () => {
    const path = join(dir, 'd.jsonl');
    writeFileSync(path, `${line(true)}\n${line(false, 'g2')}\nnot json\n\n${line(true, 'g3')}\n`);
    const writer = await openRecordWriter(path);
    const loaded = await loadRecordedKeys(writer);
    await writer.close();
    expect(loaded.lines).toBe(4);
    expect(loaded.unreadable).toBe(1);
    expect(loaded.keys.size).toBe(2);
    expect(loaded.whole).toBe(true);
  });

  it('treats a new file as an empty record', async () => {
    const writer = await openRecordWriter(join(dir, 'nope.jsonl'));
    const loaded = await loadRecordedKeys(writer);
    await writer.close();
    expect(loaded.keys.size).toBe(0);
    expect(loaded).toMatchObject({ lines: 0, unreadable: 0 });
  });

  it('reads the end of the file only: the newest lines, as many as the window holds', async () => {
    const path = join(dir, 'tail.jsonl');
    // Lines of ~300 KB, so that lines straddle the reader's 1 MiB chunks.
    const pad = 'p'.repeat(300_000);
    const text = Array.from({ length: 12 }, (_, i) => line(true, `g${i}`, pad)).join('\n');
    writeFileSync(path, `${text}\n`);
    const writer = await openRecordWriter(path);
    const window = await loadRecordedKeys(writer, 5);
    expect(window.lines).toBe(5);
    expect(window.whole).toBe(false);
    expect([7, 8, 9, 10, 11].every((i) => window.keys.has(keyOf(`g${i}`)))).toBe(true);
    expect(window.keys.has(keyOf('g6'))).toBe(false);
    // Oldest first in the window: one more key pushes out g7, the oldest loaded.
    window.keys.add('new');
    expect(window.keys.has(keyOf('g7'))).toBe(false);
    expect(window.keys.has(keyOf('g8'))).toBe(true);

    const budget = await loadRecordedKeys(writer, 100, 1_000_000);
    await writer.close();
    // 1 MB holds three whole 300 KB lines; the fourth is cut by the budget and not read.
    expect(budget.lines).toBe(3);
    expect(budget.unreadable).toBe(0);
    expect(budget.bytesRead).toBeLessThanOrEqual(1_000_000);
    const all = await openRecordWriter(path);
    const whole = await loadRecordedKeys(all);
    await all.close();
    expect(whole).toMatchObject({ lines: 12, unreadable: 0, whole: true });
    expect(whole.keys.size).toBe(12);
  });
});

describe('readRecordTail', () => {
  it('yields every line of the file, newest first, whatever their sizes and the chunk bounds', async () => {
    const path = join(dir, 'mixed.jsonl');
    // Sizes around the 1 MiB chunk: empty, short, just under and over a chunk, several chunks.
    const sizes = [0, 5, 1, 1_048_575, 3, 1_048_577, 0, 2_500_000, 17, 999_999, 2];
    const lines = sizes.map((n, i) => `${i}`.padEnd(Math.max(n, 1), i % 2 ? 'é' : 'x').slice(0, n));
    writeFileSync(path, `${lines.join('\n')}\n`);
    const handle = await open(path);
    const seen: string[] = [];
    const { size } = await handle.stat();
    const result = await readRecordTail(
      handle,
      size,
      (line) => {
        seen.push('text' in line ? line.text : `<${line.tooLong}>`);
        return true;
      },
      { budget: size, maxLine: 2_000_000 },
    );
    await handle.close();
    expect(result.whole).toBe(true);
    // The empty line after the final newline comes first; the 2.5 MB line is over the cap.
    const expected = [
      '',
      ...lines
        .map((l) => (Buffer.byteLength(l) > 2_000_000 ? `<${Buffer.byteLength(l)}>` : l))
        .reverse(),
    ];
    expect(seen).toEqual(expected);
  });
});
