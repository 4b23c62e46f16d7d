import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

describe('loadRecordedKeys', () => {
  it('reads the keys of accepted lines and counts unreadable ones', async () => {
    const path = join(dir, 'd.jsonl');
    const body = JSON.stringify({ CallbackCommand: 'C', GroupId: 'g1', EventTime: 5 });
    const line = (accepted: boolean, groupId = 'g1') =>
      JSON.stringify({
        accepted,
        query: { CallbackCommand: 'C' },
        body: body.replace('g1', groupId),
      });
    writeFileSync(path, `${line(true)}\n${line(false, 'g2')}\nnot json\n\n${line(true, 'g3')}\n`);
    const loaded = await loadRecordedKeys(path);
    expect(loaded.lines).toBe(4);
    expect(loaded.unreadable).toBe(1);
    expect(loaded.keys.size).toBe(2);
  });

  it('treats a missing file as an empty record', async () => {
    const loaded = await loadRecordedKeys(join(dir, 'nope.jsonl'));
    expect(loaded.keys.size).toBe(0);
    expect(loaded).toMatchObject({ lines: 0, unreadable: 0 });
  });
});
