import { join } from 'node:path';
import { Chalk } from 'chalk';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED } from '../../src/core/callback-url.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { findEntry } from '../../src/core/catalog/names.js';
import { indexCommands, recordDuplicateKey } from '../../src/core/listen-ladder.js';
import { buildReplyTable, type ReplySpec } from '../../src/core/listen-reply.js';
import { duplicateKey, type RecordLine } from '../../src/core/record.js';
import { createListenPrinter } from '../../src/io/listen-printer.js';
import { loadRecordedKeys, openRecordWriter } from '../../src/io/record-writer.js';
import { startBackend } from '../helpers/backends.js';
import {
  OK_BODY,
  post,
  sampleBody,
  startTestListener,
  type TestListener,
} from '../helpers/listen.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const plain = new Chalk({ level: 0 });
const COMMANDS = indexCommands(CATALOG);
const BEFORE_SEND = 'C2C.CallbackBeforeSendMsg';
const entry = findEntry(CATALOG, BEFORE_SEND);
if (entry === undefined) throw new Error(`${BEFORE_SEND} is not in the catalogue`);
const SAMPLE = entry.samples[0]?.body ?? {};
const message = (over: Record<string, unknown> = {}) => JSON.stringify({ ...SAMPLE, ...over });
const dir = tempDirForFile('tim-callback-listen-catalog-');

function replies(fallback: ReplySpec, perCommand: [string, ReplySpec][] = []) {
  return buildReplyTable({
    catalog: CATALOG,
    perCommand: new Map(perCommand),
    fallback,
    files: new Map(),
    status: 200,
  });
}

const printed = (t: TestListener) => {
  const e = t.exchanges.at(-1);
  if (e === undefined) throw new Error('no exchange');
  return createListenPrinter(plain).exchange(e);
};

describe('listen with the catalogue: each body against its own schema', () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener({ ladder: { commands: COMMANDS } });
  });
  afterAll(() => t.close());

  it('accepts a correct C2C message and shows its summary and fields', async () => {
    const a = await post(t.callbackUrl({ command: BEFORE_SEND, token: null }), message());
    expect(a.status).toBe(200);
    const e = t.exchanges.at(-1);
    expect(e?.line.checks).toMatchObject({ schema: 'ok', problems: [] });
    const text = printed(t);
    expect(text).toContain('c2c.before-send-msg');
    expect(text).toContain('jared → John: "red packet"');
    expect(text).toMatch(/MsgKey {8}48374_2837546_1557481126/);
    expect(text).not.toContain('no schema');
  });

  it("names what breaks that command's schema (and not the group schema)", async () => {
    const body = message({ From_Account: 7, MsgBody: [{ MsgContent: { Text: 'x' } }] });
    await post(t.callbackUrl({ command: BEFORE_SEND, token: null }), body);
    const e = t.exchanges.at(-1);
    expect(e?.line.checks.schema).toBe('invalid');
    expect(e?.line.checks.problems).toEqual(
      expect.arrayContaining(['/From_Account: must be string', '/MsgBody/0/MsgType: is required']),
    );
    expect(e?.line.checks.problems.join('\n')).not.toContain('GroupId');
    expect(printed(t)).toContain('✖ /From_Account: must be string');
  });

  it('answers 400 under --strict for a broken body of a catalogued command', async () => {
    const strict = await startTestListener({ ladder: { commands: COMMANDS, strict: true } });
    try {
      const a = await post(
        strict.callbackUrl({ command: BEFORE_SEND, token: null }),
        message({ To_Account: null }),
      );
      expect(a.status).toBe(400);
      expect(a.text).toContain('/To_Account: must be string');
      // 30 broken elements: 20 named, the rest counted from there (a lower bound, said as one).
      const many = message({ MsgBody: Array.from({ length: 30 }, () => ({ MsgContent: {} })) });
      const b = await post(strict.callbackUrl({ command: BEFORE_SEND, token: null }), many);
      expect(b.text).toContain('/MsgBody/0/MsgType: is required (and at least 20 more)');
      expect(strict.exchanges.at(-1)?.line.checks.problems).toHaveLength(21);
    } finally {
      await strict.close();
    }
  });

  it('keeps the "no schema" warning for a command outside the catalogue', async () => {
    const body = '{"CallbackCommand":"Nope.CallbackSomething","X":1}';
    const a = await post(t.callbackUrl({ command: 'Nope.CallbackSomething', token: null }), body);
    expect(a.text).toBe(OK_BODY);
    expect(printed(t)).toMatch(
      /! no schema for Nope\.CallbackSomething: only its shape was checked/,
    );
  });
});

describe('duplicates keyed per command', () => {
  it("flags a repeat of the same MsgKey, not another message's", async () => {
    const t = await startTestListener({ ladder: { commands: COMMANDS } });
    try {
      const url = () => t.callbackUrl({ command: BEFORE_SEND, token: null });
      await post(url(), message());
      await post(
        url(),
        message({ MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'b' } }] }),
      );
      await post(url(), message({ MsgKey: '1_2_3' }));
      expect(t.exchanges.map((e) => e.line.duplicate)).toEqual([false, true, false]);
      expect(printed(t)).not.toContain('DUPLICATE');
      const repeat = createListenPrinter(plain).exchange(t.exchanges[1] as never);
      expect(repeat).toContain('DUPLICATE');
      // The warning names the fields that make it a repeat: this command's key, not GroupId.
      expect(repeat).toContain('duplicate: the same command and MsgKey arrived before');
    } finally {
      await t.close();
    }
  });

  it('seeds from the record with the same key a live request gets', async () => {
    const path = join(dir, 'seed.jsonl');
    const first = await startTestListener({
      ladder: { commands: COMMANDS },
      record: await openRecordWriter(path),
    });
    try {
      await post(first.callbackUrl({ command: BEFORE_SEND, token: null }), message());
    } finally {
      await first.close();
    }
    const recorded = first.exchanges[0]?.line as RecordLine;
    expect(recordDuplicateKey(recorded, COMMANDS)).toBe(first.exchanges[0]?.verdict.duplicateKey);
    const record = await openRecordWriter(path);
    const seen = (await loadRecordedKeys(record, undefined, undefined, COMMANDS)).keys;
    const second = await startTestListener({ ladder: { commands: COMMANDS }, record, seen });
    try {
      await post(second.callbackUrl({ command: BEFORE_SEND, token: null }), message());
      expect(second.exchanges[0]?.line.duplicate).toBe(true);
    } finally {
      await second.close();
      await record.close();
    }
  });

  it('keeps GroupId + EventTime for Group.CallbackAfterGroupDestroyed: records of earlier versions still match', async () => {
    const t = await startTestListener({ ladder: { commands: COMMANDS } });
    try {
      await post(t.callbackUrl({ token: null }), sampleBody());
      await post(t.callbackUrl({ token: null }), sampleBody({ Name: 'renamed' }));
      await post(t.callbackUrl({ token: null }), sampleBody({ EventTime: 1 }));
      expect(t.exchanges.map((e) => e.line.duplicate)).toEqual([false, true, false]);
      const line = t.exchanges[0]?.line as RecordLine;
      expect(t.exchanges[0]?.verdict.duplicateKey).toBe(
        duplicateKey(AFTER_GROUP_DESTROYED, JSON.parse(sampleBody())),
      );
      expect(recordDuplicateKey(line, COMMANDS)).toBe(recordDuplicateKey(line));
    } finally {
      await t.close();
    }
  });

  it('a record without the catalogue keys no C2C message on GroupId (there is none)', () => {
    const line = { accepted: true, query: { CallbackCommand: BEFORE_SEND }, body: message() };
    expect(recordDuplicateKey(line as unknown as RecordLine)).toBeUndefined();
  });
});

describe('--reply decisions over real HTTP', () => {
  it('answers a before-callback as told, after-callbacks allow, and shows and records the decision', async () => {
    const t = await startTestListener({
      ladder: { commands: COMMANDS },
      replies: replies({ kind: 'deny' }),
    });
    try {
      const a = await post(t.callbackUrl({ command: BEFORE_SEND, token: null }), message());
      expect(JSON.parse(a.text)).toEqual({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: '' });
      expect(t.exchanges.at(-1)?.line.decision).toBe('deny');
      expect(printed(t)).toMatch(/decision deny \(ErrorCode 1\): the message is not sent/);
      // A command outside the catalogue (its phase unknown) is answered allow under a deny default.
      const other = await post(
        t.callbackUrl({ command: 'Nope.CallbackAfterThing', token: null }),
        '{"CallbackCommand":"Nope.CallbackAfterThing"}',
      );
      expect(JSON.parse(other.text)).toMatchObject({ ActionStatus: 'OK', ErrorCode: 0 });
      expect(t.exchanges.at(-1)?.line.decision).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('a per-command decision wins over the default', async () => {
    const t = await startTestListener({
      ladder: { commands: COMMANDS },
      replies: replies({ kind: 'deny' }, [[BEFORE_SEND, { kind: 'discard' }]]),
    });
    try {
      const a = await post(t.callbackUrl({ command: BEFORE_SEND, token: null }), message());
      expect(JSON.parse(a.text)).toEqual({ ActionStatus: 'OK', ErrorCode: 2, ErrorInfo: '' });
      expect(printed(t)).toMatch(/decision discard \(ErrorCode 2\): the message is dropped/);
    } finally {
      await t.close();
    }
  });
});

describe('--forward-to a before-callback: the backend’s decision is checked', () => {
  const dispatcher = new Agent();
  afterAll(() => dispatcher.close());

  async function relayed(answer: string) {
    const backend = await startBackend(() => ({ body: answer }));
    const t = await startTestListener({
      ladder: { commands: COMMANDS },
      forward: { url: backend.url, timeoutMs: 2000, dispatcher },
    });
    try {
      const a = await post(t.callbackUrl({ command: BEFORE_SEND, token: null }), message());
      expect(a.text).toBe(answer);
      const e = t.exchanges.at(-1);
      if (e === undefined) throw new Error('no exchange');
      return { e, text: createListenPrinter(plain).exchange(e) };
    } finally {
      await t.close();
      await backend.close();
    }
  }

  it('shows and records an ErrorCode the command does not take', async () => {
    const { e, text } = await relayed('{"ActionStatus":"OK","ErrorCode":3,"ErrorInfo":""}');
    expect(text).toMatch(
      /✖ ErrorCode 3 is not a decision C2C\.CallbackBeforeSendMsg takes: it allows 0, 1, 2 or 120001–130000/,
    );
    expect(text).toMatch(/decision invalid \(ErrorCode 3\)/);
    expect(e.line.decision).toBe('invalid');
    expect(e.line.forward?.checks).toContainEqual(
      expect.objectContaining({ name: 'decision', ok: false }),
    );
  });

  it('shows a rewrite with a MsgBody element without MsgType as a failed check', async () => {
    const body = JSON.stringify({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      MsgBody: [{ MsgContent: { Text: 'x' } }],
    });
    const { text } = await relayed(body);
    expect(text).toContain('✖ /MsgBody/0/MsgType: is required');
  });

  it('passes a correct deny and shows it as the decision', async () => {
    const { e, text } = await relayed('{"ActionStatus":"OK","ErrorCode":1,"ErrorInfo":""}');
    expect(text).not.toContain('✖');
    expect(text).toMatch(/decision deny \(ErrorCode 1\)/);
    expect(e.line.decision).toBe('deny');
  });
});
