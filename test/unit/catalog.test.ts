import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { checkBody, checkSchema } from '../../src/core/catalog/check.js';
import { checkDecision, responseSchemaOf } from '../../src/core/catalog/decision.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { aliasOf, findEntry, resolveSample, sampleName } from '../../src/core/catalog/names.js';
import { fieldText, showLines, summarize } from '../../src/core/catalog/summary.js';
import type { CatalogEntry, JsonBody, Schema } from '../../src/core/catalog/types.js';

const entry = (name: string): CatalogEntry => {
  const found = findEntry(CATALOG, name);
  if (!found) throw new Error(`no entry ${name}`);
  return found;
};
const C2C_BEFORE = 'C2C.CallbackBeforeSendMsg';

describe('aliases (DESIGN.md, "Catalogue details")', () => {
  it.each([
    ['C2C.CallbackAfterMsgWithDraw', 'c2c.after-msg-with-draw'],
    ['Sns.CallbackBlackListAdd', 'sns.black-list-add'],
    ['Bot.OnC2CMessage', 'bot.on-c2c-message'],
    ['ContentCallback.ResultNotify', 'content-callback.result-notify'],
    ['C2C.CallbackBeforeSendMsg', 'c2c.before-send-msg'],
    ['Group.CallbackAfterGroupDestroyed', 'group.after-group-destroyed'],
    ['State.StateChange', 'state.state-change'],
    ['C2C.CallbackAfterC2CMsgExtension', 'c2c.after-c2c-msg-extension'],
    [
      'OfficialAccount.CallbackAfterOfficialAccountInfoChanged',
      'official-account.after-official-account-info-changed',
    ],
    ['Alert.RequestOverLimit', 'alert.request-over-limit'],
  ])('%s → %s', (command, alias) => {
    expect(aliasOf(command)).toBe(alias);
  });

  it('finds an entry by its command in any case and by its alias', () => {
    expect(findEntry(CATALOG, 'c2c.callbackbeforesendmsg')?.command).toBe(C2C_BEFORE);
    expect(findEntry(CATALOG, 'C2C.CALLBACKBEFORESENDMSG')?.command).toBe(C2C_BEFORE);
    expect(findEntry(CATALOG, 'c2c.before-send-msg')?.command).toBe(C2C_BEFORE);
    expect(findEntry(CATALOG, 'c2c.before-send')).toBeUndefined();
  });
});

describe('resolveSample', () => {
  it('resolves a default sample and a variant by command or alias', () => {
    const plain = resolveSample(CATALOG, 'c2c.before-send-msg');
    expect(plain.found && plain.sample.variant).toBe(null);
    const variant = resolveSample(CATALOG, `${C2C_BEFORE}:mixed-elements`);
    expect(variant.found && variant.sample.variant).toBe('mixed-elements');
  });

  it('names the variants when one is unknown', () => {
    const lookup = resolveSample(CATALOG, 'c2c.before-send-msg:nope');
    expect(lookup).toEqual({
      found: false,
      problem: 'c2c.before-send-msg has no variant "nope"',
      suggestions: expect.arrayContaining(['c2c.before-send-msg:mixed-elements']),
    });
  });

  it('suggests close aliases for a misspelt command, also when typed with Callback', () => {
    const typo = resolveSample(CATALOG, 'c2c.befor-send-msg');
    expect(typo.found).toBe(false);
    expect(!typo.found && typo.suggestions[0]).toBe('c2c.before-send-msg');
    const long = resolveSample(CATALOG, 'C2C.CallbackBeforeSendMessage');
    expect(!long.found && long.suggestions).toContain('c2c.before-send-msg');
  });
});

/** Every way of breaking a body one field at a time: each property dropped, or given a wrong type. */
function mutations(body: JsonBody, schema: Schema): unknown[] {
  const out: unknown[] = [null, [], 'text'];
  for (const key of Object.keys(schema.properties ?? {})) {
    if (key in body) {
      const { [key]: _dropped, ...rest } = body;
      out.push(rest, { ...body, [key]: { nested: true } }, { ...body, [key]: 1.5 });
      out.push({ ...body, [key]: 'x' }, { ...body, [key]: [] });
    }
  }
  return out;
}

describe('the catalogue (callbacks-catalog.md §2)', () => {
  it('ships the 64 commands by module, and not the two that are not Tencent commands', () => {
    const perModule = Object.fromEntries(
      [...new Set(CATALOG.map((e) => e.module))].map((m) => [
        m,
        CATALOG.filter((e) => e.module === m).length,
      ]),
    );
    expect(perModule).toEqual({
      Ops: 1,
      State: 1,
      Profile: 1,
      Sns: 6,
      Follow: 2,
      C2C: 8,
      Group: 21,
      Topic: 4,
      Content: 1,
      Bot: 3,
      OfficialAccount: 11,
      Push: 2,
      Call: 3,
    });
    expect(findEntry(CATALOG, 'Group.CallbackAfterMemberInvited')).toBeUndefined();
    expect(findEntry(CATALOG, 'Group.CallbackAfterMemberKicked')).toBeUndefined();
  });

  it('labels unverified exactly the commands whose fields rest on one SDK or no page', () => {
    const unverified = CATALOG.filter((e) => !e.verified).map((e) => e.command);
    expect(unverified.filter((c) => !/^(OfficialAccount|Push|Call)\./.test(c))).toEqual([
      'ContentCallback.ResultNotify',
      'Chatbot.OnC2CSignalMessage',
    ]);
    expect(unverified).not.toContain('OfficialAccount.CallbackBeforeSendMsg');
    expect(unverified).not.toContain('Call.CallbackAfterStartCall');
    expect(unverified).toHaveLength(16);
  });
});

describe('every catalogue entry', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });

  it('has a unique command and alias, and the fields a command needs', () => {
    const aliases = new Set(CATALOG.map((e) => aliasOf(e.command)));
    expect(aliases.size).toBe(CATALOG.length);
    for (const e of CATALOG) {
      expect(e.samples[0]?.variant, e.command).toBe(null);
      expect(new Set(e.samples.map((s) => s.variant)).size, e.command).toBe(e.samples.length);
      expect(e.errorCodes[0], e.command).toBeDefined();
      if (e.phase === 'before') expect(e.errorCodes[1], e.command).toBeDefined();
      expect(e.key.length, e.command).toBeGreaterThan(0);
    }
  });

  it.each(CATALOG.map((e) => [e.command, e] as const))(
    '%s: samples validate and summarise',
    (_, e) => {
      for (const sample of e.samples) {
        const name = sampleName(e, sample);
        expect(sample.body.CallbackCommand, name).toBe(e.command);
        expect(checkBody(e, sample.body).problems, name).toEqual([]);
        expect(ajv.validate(e.request, sample.body), name).toBe(true);
      }
      // Each key field is in some sample (the legacy default of Group.CallbackAfterGroupDestroyed
      // has no EventTime: send stamps it with now, as Tencent would).
      for (const field of e.key) {
        const has = e.samples.some((sample) => fieldText(sample.body, field) !== undefined);
        expect(has, `${e.command} key ${field}`).toBe(true);
      }
      const body = e.samples[0]?.body;
      expect(summarize(e, body), e.command).not.toContain('?');
      expect(showLines(e, body).length, e.command).toBeGreaterThan(0);
    },
  );

  it.each(CATALOG.map((e) => [e.command, e] as const))(
    '%s: the checker agrees with ajv on every one-field break of each sample',
    (_, e) => {
      const validate = ajv.compile(e.request);
      for (const sample of e.samples) {
        for (const broken of mutations(sample.body, e.request)) {
          const ours = checkSchema(e.request, broken).length === 0;
          expect(ours, JSON.stringify(broken).slice(0, 200)).toBe(validate(broken));
        }
      }
      expect(ajv.validateSchema(responseSchemaOf(e))).toBe(true);
    },
  );
});

describe('checkBody', () => {
  const c2c = entry(C2C_BEFORE);
  const body = c2c.samples[0]?.body as JsonBody;

  it('names each problem by path, as the listener prints them', () => {
    const broken = { ...body, MsgBody: [{ MsgContent: { Text: 1 } }], To_Account: 7 };
    expect(checkBody(c2c, broken).problems).toEqual([
      '/To_Account: must be string',
      '/MsgBody/0/MsgType: is required',
    ]);
    const wrongContent = {
      ...body,
      MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 1 } }],
    };
    expect(checkBody(c2c, wrongContent).problems).toEqual([
      '/MsgBody/0/MsgContent/Text: must be string',
    ]);
  });

  it('caps the problems a huge broken body produces and counts the rest', () => {
    const many = Array.from({ length: 100_000 }, () => ({ MsgType: 'nope', MsgContent: {} }));
    const problems = checkBody(c2c, { ...body, MsgBody: many }).problems;
    expect(problems).toHaveLength(21);
    expect(problems.at(-1)).toMatch(/^… and [\d,]+ more$/);
  });

  it('warns about a string EventTime and unknown fields, capped at 20 named', () => {
    const extra = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [`X${i}`, i]));
    const warnings = checkBody(c2c, { ...body, ...extra }).warnings;
    expect(warnings).toHaveLength(21);
    expect(warnings.at(-1)).toBe('… and 5 more unknown fields');
  });
});

describe('summaries', () => {
  const c2c = entry(C2C_BEFORE);

  it('renders the template with a MsgBody preview', () => {
    expect(summarize(c2c, c2c.samples[0]?.body)).toBe('jared → John: "red packet"');
    expect(summarize(c2c, c2c.samples[1]?.body)).toBe(
      'jared → John: "meet here" [face] [location] [custom]',
    );
  });

  it('shows ? for a missing field and drops an optional segment', () => {
    const shaped: CatalogEntry = { ...c2c, summary: '{From_Account}[ to {Nope}][ key {MsgKey}]' };
    expect(summarize(shaped, c2c.samples[0]?.body)).toBe('jared key 48374_2837546_1557481126');
    expect(summarize(c2c, { From_Account: 'a' })).toBe('a → ?: ?');
  });

  it('shows a value as written, even one shaped like a placeholder', () => {
    const shaped: CatalogEntry = { ...c2c, summary: '[{From_Account} ]to {To_Account}' };
    const body = { From_Account: '{To_Account}', To_Account: '[x]' };
    expect(summarize(shaped, body)).toBe('{To_Account} to [x]');
    // The same entry again: its parsed template is reused, with the same result.
    expect(summarize(shaped, body)).toBe('{To_Account} to [x]');
  });

  it('lists, counts and clips values a peer chose', () => {
    const body = { L: [{ A: 'x' }, { A: 'y' }, { A: 'z' }, { A: 'w' }], S: 'y'.repeat(500) };
    expect(fieldText(body, 'L|list')).toBe('x, y, z, +1');
    expect(fieldText(body, 'L|count')).toBe('4');
    expect(fieldText(body, 'S')).toHaveLength(60);
    expect(fieldText(body, 'L[1].A')).toBe('y');
  });
});

describe('checkDecision (before-callbacks)', () => {
  const c2c = entry(C2C_BEFORE);
  const ok = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };

  it('accepts allow, deny, discard and the custom range', () => {
    for (const code of [0, 1, 2, 120001, 130000]) {
      expect(checkDecision(c2c, { ...ok, ErrorCode: code }).problems, String(code)).toEqual([]);
    }
  });

  it('names an ErrorCode the command does not take', () => {
    expect(checkDecision(c2c, { ...ok, ErrorCode: 3 }).problems).toEqual([
      'ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes: it allows 0, 1, 2 or 120001–130000',
    ]);
  });

  it('checks a returned MsgBody element by element', () => {
    const rewrite = { ...ok, MsgBody: [{ MsgContent: { Text: 'hi' } }] };
    expect(checkDecision(c2c, rewrite).problems).toEqual(['/MsgBody/0/MsgType: is required']);
    const good = { ...ok, MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hi' } }] };
    expect(checkDecision(c2c, good)).toEqual({ problems: [], warnings: [] });
    expect(checkDecision(c2c, { ...ok, MsgBody: 'x' }).problems).toEqual([
      '/MsgBody: must be array',
    ]);
  });
});
