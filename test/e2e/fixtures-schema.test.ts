import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { listSamples } from '../../src/core/catalog/listing.js';
import { aliasOf } from '../../src/core/catalog/names.js';
import { runBin } from '../helpers/bin.js';
import { tempDirForTest } from '../helpers/temp-dir.js';

interface Listed {
  name: string;
  kind: string;
  description: string;
  command?: string;
  alias?: string;
  phase?: string;
  variant?: string | null;
  verified?: boolean;
  legacyName?: string;
}

describe('tim-callback fixtures', () => {
  it('--json: one entry per sample, the catalogue fields for callbacks, no name twice', async () => {
    const r = await runBin(['fixtures', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Listed[];
    expect(new Set(list.map((f) => f.name)).size).toBe(list.length);
    for (const sample of listSamples(CATALOG)) {
      const { module: _module, ...fields } = sample;
      expect(list.find((f) => f.name === sample.name)).toMatchObject(fields);
    }
    expect(list.find((f) => f.name === 'c2c.before-send-msg:mixed-elements')).toMatchObject({
      command: 'C2C.CallbackBeforeSendMsg',
      alias: 'c2c.before-send-msg',
      phase: 'before',
      variant: 'mixed-elements',
      verified: true,
    });
    // A legacy fixture is listed once: under its catalogue name once the entry has it.
    const legacy = list.filter((f) => f.name === 'cn-edition' || f.legacyName === 'cn-edition');
    expect(legacy).toHaveLength(1);
    expect(list.find((f) => f.name === 'ok')).toEqual({
      name: 'ok',
      kind: 'response',
      description: 'The documented OK packet',
    });
  });

  it('lists by module: each sample with its phase, unverified where so, then the response packets', async () => {
    const r = await runBin(['fixtures']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    for (const e of CATALOG) {
      expect(lines, e.module).toContain(e.module);
      const line = lines.find((l) => l.trim().split(/\s+/)[0] === aliasOf(e.command));
      expect(line, e.command).toMatch(
        new RegExp(`\\s${e.phase}\\s+${e.verified ? '(?!unverified)' : 'unverified '}`),
      );
    }
    expect(r.stdout).toMatch(/^C2C\n {2}c2c\.before-send-msg +before +A text message/m);
    expect(r.stdout).toMatch(/\nResponse packets\n {2}ok +The documented OK packet\n/);
  });

  it('show: a sample by alias, command in any case, or variant, as 2-space JSON', async () => {
    const sample = CATALOG[0]?.samples[0];
    for (const name of ['c2c.before-send-msg', 'c2c.CALLBACKBEFORESENDMSG']) {
      const r = await runBin(['fixtures', 'show', name]);
      expect(r.code, name).toBe(0);
      expect(r.stdout).toMatch(/^\{\n {2}"CallbackCommand": "C2C\.CallbackBeforeSendMsg"/);
    }
    const variant = await runBin(['fixtures', 'show', 'C2C.CallbackBeforeSendMsg:mixed-elements']);
    expect(JSON.parse(variant.stdout).MsgBody).toHaveLength(4);
    const json = await runBin(['fixtures', 'show', 'c2c.before-send-msg', '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      name: 'c2c.before-send-msg',
      command: 'C2C.CallbackBeforeSendMsg',
      variant: null,
      content: { From_Account: 'jared' },
    });
    expect(sample).toBeDefined();
  });

  it('show: a legacy fixture name prints its file as before', async () => {
    const r = await runBin(['fixtures', 'show', 'cn-edition']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      readFileSync(new URL('../../fixtures/callbacks/cn-edition.json', import.meta.url), 'utf8'),
    );
  });

  it('show: an unknown name is exit 2, one line, with suggestions', async () => {
    const slip = await runBin(['fixtures', 'show', 'c2c.befor-send-msg']);
    expect(slip.code).toBe(2);
    expect(slip.stderr).toMatch(
      /^tim-callback: no fixture or sample named "c2c.befor-send-msg"; did you mean c2c\.before-send-msg[,?].*\(run tim-callback fixtures to list every sample\)\n$/,
    );
    const variant = await runBin(['fixtures', 'show', 'c2c.before-send-msg:nope']);
    expect(variant.code).toBe(2);
    expect(variant.stderr).toContain(
      'c2c.before-send-msg has no variant "nope"; did you mean c2c.before-send-msg:mixed-elements?',
    );
    const legacySlip = await runBin(['fixtures', 'show', 'cn-editon']);
    expect(legacySlip.stderr).toContain('did you mean cn-edition');
  });
});

describe('tim-callback schema <which> <command>', () => {
  it('prints one command’s schema by alias or CallbackCommand (any case)', async () => {
    const byAlias = await runBin(['schema', 'request', 'c2c.before-send-msg']);
    expect(byAlias.code).toBe(0);
    const request = JSON.parse(byAlias.stdout);
    expect(request.required).toEqual(['CallbackCommand', 'From_Account', 'To_Account', 'MsgBody']);
    expect(request.properties.CallbackCommand).toEqual({ const: 'C2C.CallbackBeforeSendMsg' });
    const byCommand = await runBin(['schema', 'request', 'c2c.callbackbeforesendmsg']);
    expect(byCommand.stdout).toBe(byAlias.stdout);
    const response = JSON.parse(
      (await runBin(['schema', 'response', 'C2C.CallbackBeforeSendMsg'])).stdout,
    );
    expect(response.required).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    expect(Object.keys(response.properties)).toContain('MsgBody');
  });

  it('an unknown command is exit 2 with a suggestion', async () => {
    const r = await runBin(['schema', 'response', 'c2c.before-sendmsg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /no callback command named "c2c.before-sendmsg"; did you mean c2c\.before-send-msg\?/,
    );
  });

  it('--all without --out, or with a command, and --out alone are usage errors', async () => {
    for (const args of [
      ['schema', '--all'],
      ['schema', 'request', '--all', '--out', 'x'],
      ['schema', '--out', 'x'],
    ]) {
      const r = await runBin(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });
});

describe('tim-callback schema --all --out <dir>', () => {
  it('writes every command’s request and response schema and an index; each sample validates against its file', async () => {
    const dir = join(tempDirForTest('tim-callback-schemas-'), 'nested', 'schemas');
    const r = await runBin(['schema', '--all', '--out', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      `wrote ${CATALOG.length * 2} schemas (${CATALOG.length} command${CATALOG.length === 1 ? '' : 's'}, request and response) and index.json to ${dir}\n`,
    );
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'));
    expect(index.commands).toHaveLength(CATALOG.length);
    const ajv = new Ajv({
      allErrors: true,
      strict: true,
      allowUnionTypes: true,
      strictRequired: false,
    });
    for (const e of CATALOG) {
      const listed = index.commands.find((c: { command: string }) => c.command === e.command);
      const request = JSON.parse(readFileSync(join(dir, listed.request), 'utf8'));
      const response = JSON.parse(readFileSync(join(dir, listed.response), 'utf8'));
      expect(listed.request).toBe(`${aliasOf(e.command)}.request.json`);
      const validRequest = ajv.compile(request);
      for (const sample of e.samples) {
        expect(validRequest(sample.body), `${e.command}:${sample.variant}`).toBe(true);
      }
      expect(ajv.compile(response)({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' })).toBe(true);
      expect(request.description.startsWith('UNVERIFIED'), e.command).toBe(!e.verified);
    }
  });

  it('refuses a symbolic link or FIFO in the folder, and a folder that is a file (exit 2)', async () => {
    const dir = tempDirForTest('tim-callback-schemas-');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = join(dir, 'out');
    mkdirSync(out);
    symlinkSync(victim, join(out, 'c2c.before-send-msg.request.json'));
    const link = await runBin(['schema', '--all', '--out', out]);
    expect(link.code).toBe(2);
    expect(link.stderr).toMatch(/c2c\.before-send-msg\.request\.json": it is a symbolic link;/);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');

    const fifoDir = join(dir, 'fifo');
    mkdirSync(fifoDir);
    execFileSync('mkfifo', [join(fifoDir, 'index.json')]);
    const fifo = await runBin(['schema', '--all', '--out', fifoDir]);
    expect(fifo.code).toBe(2);
    expect(fifo.stderr).toMatch(/index\.json": it is a FIFO;/);
    expect(lstatSync(join(fifoDir, 'index.json')).isFIFO()).toBe(true);

    const under = await runBin(['schema', '--all', '--out', join(victim, 'schemas')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toMatch(
      /^tim-callback: cannot write schemas to ".*victim\.txt\/schemas": .*not a folder/,
    );
  });
});
