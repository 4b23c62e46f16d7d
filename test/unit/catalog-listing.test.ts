import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaDocument } from '../../src/core/catalog/decision.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { byModule, listSamples, sampleListing } from '../../src/core/catalog/listing.js';
import { aliasOf, resolveSample } from '../../src/core/catalog/names.js';
import { SCHEMA_INDEX_FILE, schemaSet } from '../../src/core/catalog/schema-set.js';
import type { CatalogEntry } from '../../src/core/catalog/types.js';

const C2C_BEFORE = CATALOG.find((e) => e.command === 'C2C.CallbackBeforeSendMsg') as CatalogEntry;

/** A made-up entry, so that the legacy and unverified rules are tested whatever the catalogue holds. */
function entry(command: string, fields: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    ...C2C_BEFORE,
    command,
    module: command.split('.')[0] as string,
    samples: [
      { variant: null, description: 'default', body: { CallbackCommand: command } },
      { variant: 'cn-edition', description: 'drift', body: { CallbackCommand: command } },
    ],
    ...fields,
  };
}

describe('fixtures listing (listSamples)', () => {
  it('lists every sample of every entry once, named <alias> or <alias>:<variant>', () => {
    const listed = listSamples(CATALOG);
    expect(listed).toHaveLength(CATALOG.reduce((n, e) => n + e.samples.length, 0));
    expect(new Set(listed.map((s) => s.name)).size).toBe(listed.length);
    for (const s of listed) {
      expect(s.name).toBe(s.variant === null ? s.alias : `${s.alias}:${s.variant}`);
      // Each listed name is one send and fixtures show accept.
      const found = resolveSample(CATALOG, s.name);
      expect(found.found && found.sample.description, s.name).toBe(s.description);
    }
  });

  it('carries the settled --json fields for a callback', () => {
    expect(sampleListing(C2C_BEFORE, C2C_BEFORE.samples[0] as never)).toEqual({
      name: 'c2c.before-send-msg',
      kind: 'callback',
      description: 'A text message (the documented example)',
      command: 'C2C.CallbackBeforeSendMsg',
      alias: 'c2c.before-send-msg',
      phase: 'before',
      variant: null,
      verified: true,
      module: 'C2C',
    });
  });

  it('names the legacy fixture a Group.CallbackAfterGroupDestroyed sample stands for', () => {
    const destroyed = entry('Group.CallbackAfterGroupDestroyed', { phase: 'after' });
    const [plain, variant] = listSamples([destroyed]);
    expect(plain).toMatchObject({
      name: 'group.after-group-destroyed',
      legacyName: 'group-destroyed',
    });
    expect(variant).toMatchObject({
      name: 'group.after-group-destroyed:cn-edition',
      legacyName: 'cn-edition',
    });
    expect(listSamples([entry('Sns.CallbackFriendAdd')])[0]).not.toHaveProperty('legacyName');
  });

  it('says which samples are unverified', () => {
    const [listed] = listSamples([entry('Bot.OnThing', { verified: false })]);
    expect(listed?.verified).toBe(false);
  });

  it('groups by module in the order the modules come', () => {
    const groups = byModule(listSamples([entry('B.One'), entry('A.Two'), entry('B.Three')]));
    expect(groups.map(([module, list]) => [module, list.length])).toEqual([
      ['B', 4],
      ['A', 2],
    ]);
  });
});

describe('schema documents', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });

  it('every command: a request and a response schema ajv compiles, each sample valid against its own', () => {
    for (const e of CATALOG) {
      const request = ajv.compile(schemaDocument(e, 'request'));
      for (const sample of e.samples) {
        expect(request(sample.body), `${e.command}:${sample.variant}`).toBe(true);
      }
      const response = ajv.compile(schemaDocument(e, 'response'));
      expect(response({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' }), e.command).toBe(true);
      expect(response({ ActionStatus: 'OK', ErrorCode: 0 }), e.command).toBe(false);
    }
  });

  it('an unverified command says so in its description; a verified one does not', () => {
    const unverified = entry('Bot.OnThing', { verified: false });
    for (const which of ['request', 'response'] as const) {
      expect(schemaDocument(unverified, which)).toMatchObject({
        description: expect.stringMatching(
          /^UNVERIFIED: Bot\.OnThing's fields rest on one SDK's models only/,
        ),
      });
      expect(JSON.stringify(schemaDocument(C2C_BEFORE, which))).not.toContain('UNVERIFIED');
    }
  });

  it('schemaSet: <alias>.request.json and <alias>.response.json per command, and an index naming them', () => {
    const { files, index } = schemaSet(CATALOG);
    expect(files).toHaveLength(CATALOG.length * 2);
    expect(new Set(files.map((f) => f.file)).size).toBe(files.length);
    expect(files.map((f) => f.file)).not.toContain(SCHEMA_INDEX_FILE);
    const alias = aliasOf(C2C_BEFORE.command);
    expect(files.find((f) => f.file === `${alias}.response.json`)?.document).toEqual(
      schemaDocument(C2C_BEFORE, 'response'),
    );
    expect(index).toMatchObject({ schemaVersion: 1 });
    const commands = (index as { commands: Record<string, unknown>[] }).commands;
    expect(commands.map((c) => c.command)).toEqual(CATALOG.map((e) => e.command));
    expect(commands.find((c) => c.command === C2C_BEFORE.command)).toEqual({
      command: 'C2C.CallbackBeforeSendMsg',
      alias: 'c2c.before-send-msg',
      module: 'C2C',
      phase: 'before',
      verified: true,
      title: C2C_BEFORE.title,
      request: 'c2c.before-send-msg.request.json',
      response: 'c2c.before-send-msg.response.json',
    });
  });
});
