import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Chalk } from 'chalk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { aliasOf, findEntry } from '../../src/core/catalog/names.js';
import { indexCommands } from '../../src/core/listen-ladder.js';
import { buildReplyTable } from '../../src/core/listen-reply.js';
import { createListenPrinter } from '../../src/io/listen-printer.js';
import { post, startTestListener, type TestListener } from '../helpers/listen.js';

/**
 * listen's block for the most used commands, each sent as its catalogue default sample through a
 * real listener on loopback and printed with colours off. The golden files are the exact text,
 * with the two values that change from run to run (the local time and the duration) masked.
 * UPDATE_GOLDEN=1 rewrites them; read the diff before committing one.
 */
const MOST_USED = [
  'C2C.CallbackBeforeSendMsg',
  'C2C.CallbackAfterSendMsg',
  'Group.CallbackBeforeSendMsg',
  'Group.CallbackAfterSendMsg',
  'State.StateChange',
  'Group.CallbackAfterCreateGroup',
  'Group.CallbackAfterNewMemberJoin',
  'Group.CallbackAfterMemberExit',
  'Group.CallbackAfterGroupDestroyed',
  'Group.CallbackAfterGroupInfoChanged',
  'Sns.CallbackFriendAdd',
  'C2C.CallbackAfterMsgWithDraw',
  'Group.CallbackAfterRecallMsg',
  'Group.CallbackBeforeCreateGroup',
  'Group.CallbackBeforeInviteJoinGroup',
];

const plain = new Chalk({ level: 0 });
const golden = (alias: string) => new URL(`../golden/listen/${alias}.txt`, import.meta.url);

function masked(text: string): string {
  return text
    .replace(/^(#\d+ {2})\d\d:\d\d:\d\d\.\d{3}/, '$1HH:MM:SS.mmm')
    .replace(/ · [\d.,]+ (?:µs|ms|s)$/, ' · <took>');
}

describe("listen's block per command (golden, colours off)", () => {
  let t: TestListener;
  beforeAll(async () => {
    t = await startTestListener({
      ladder: { commands: indexCommands(CATALOG) },
      replies: buildReplyTable({
        catalog: CATALOG,
        perCommand: new Map(),
        fallback: { kind: 'ok' },
        files: new Map(),
        status: 200,
      }),
    });
  });
  afterAll(() => t.close());

  for (const command of MOST_USED) {
    it(`${command}: its default sample`, async () => {
      const entry = findEntry(CATALOG, command);
      if (entry === undefined) throw new Error(`${command} is not in the catalogue`);
      const sample = entry.samples.find((s) => s.variant === null);
      expect(sample, 'a default sample').toBeDefined();
      const answer = await post(
        t.callbackUrl({ command, token: null, sdkAppId: null }),
        JSON.stringify(sample?.body),
      );
      expect(answer.status).toBe(200);
      const exchange = t.exchanges.at(-1);
      if (exchange === undefined) throw new Error('no exchange');
      const text = masked(createListenPrinter(plain).exchange({ ...exchange, seq: 1 }));
      const file = golden(aliasOf(command));
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
        if (process.env.UPDATE_GOLDEN !== '1') {
          throw new Error(`no golden file ${file.pathname}: run with UPDATE_GOLDEN=1, read it`);
        }
        writeFileSync(file, `${text}\n`);
      }
      expect(`${text}\n`).toBe(readFileSync(file, 'utf8'));
    });
  }
});
