import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { type Config, parseConfig, pickProfile } from '../../src/core/config.js';
import { UsageError } from '../../src/core/errors.js';
import {
  describeSource,
  resolveSettings,
  type SettingsInput,
  settingRows,
} from '../../src/core/settings.js';

const FILE = '/team/tim-callback.config.json';

function problem(text: string): string {
  try {
    parseConfig(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected the config to be refused');
}

describe('parseConfig', () => {
  it('reads profiles with every key, sdkAppId as a number or digits', () => {
    const config = parseConfig(
      JSON.stringify({
        $schema: './node_modules/tim-callback/config.schema.json',
        profiles: {
          staging: {
            url: 'https://staging.example.com/im/cb',
            sdkAppId: 1400000000,
            tokenFile: './token.txt',
            commands: ['c2c.before-send-msg', 'all'],
            timeout: 1500,
          },
          ci: { sdkAppId: '1400000001', tokenEnv: 'CI_TIM_TOKEN' },
        },
      }),
      FILE,
    );
    expect(config.profiles.get('staging')).toEqual({
      url: 'https://staging.example.com/im/cb',
      sdkAppId: '1400000000',
      tokenFile: './token.txt',
      commands: ['c2c.before-send-msg', 'all'],
      timeout: 1500,
    });
    expect(config.profiles.get('ci')).toEqual({ sdkAppId: '1400000001', tokenEnv: 'CI_TIM_TOKEN' });
  });

  it('refuses a token anywhere, naming where and never quoting it', () => {
    const cases: Array<[unknown, string]> = [
      [{ token: 's3cr3t-top' }, 'token'],
      [
        { profiles: { staging: { url: 'http://a/', token: 's3cr3t-in' } } },
        'profiles.staging.token',
      ],
      [
        { profiles: { staging: { commands: [{ Token: 's3cr3t-deep' }] } } },
        'profiles.staging.commands[0].Token',
      ],
    ];
    for (const [doc, path] of cases) {
      const message = problem(JSON.stringify(doc));
      expect(message).toBe(`${FILE}: ${path}: a token is never stored in the config file`);
      expect(message).not.toMatch(/s3cr3t/);
    }
    try {
      parseConfig('{"token":"x"}', FILE);
    } catch (error) {
      expect((error as UsageError).hint).toMatch(/tokenFile.*tokenEnv/);
    }
  });

  it('names an unknown key by its path, with the keys that are known there', () => {
    expect(problem('{"profiles":{"staging":{"urlx":"http://a/"}}}')).toBe(
      `${FILE}: profiles.staging.urlx: is not a known key`,
    );
    expect(problem('{"profile":{}}')).toBe(`${FILE}: profile: is not a known key`);
    expect(problem('{"profiles":{"eu.west":{"nope":1}}}')).toBe(
      `${FILE}: profiles["eu.west"].nope: is not a known key`,
    );
  });

  it('names a wrong type by its path', () => {
    const cases: Array<[string, string]> = [
      ['{"profiles":{"s":{"timeout":"2000"}}}', 'profiles.s.timeout: must be a whole number'],
      ['{"profiles":{"s":{"timeout":0}}}', 'profiles.s.timeout: must be a whole number'],
      ['{"profiles":{"s":{"sdkAppId":"14-00"}}}', 'profiles.s.sdkAppId: must be a number'],
      ['{"profiles":{"s":{"url":"ftp://x/"}}}', 'profiles.s.url: is not an http(s) URL'],
      ['{"profiles":{"s":{"url":42}}}', 'profiles.s.url: must be a string'],
      ['{"profiles":{"s":{"commands":"all"}}}', 'profiles.s.commands: must be an array'],
      [
        '{"profiles":{"s":{"commands":["a",""]}}}',
        'profiles.s.commands[1]: must be a non-empty string',
      ],
      [
        '{"profiles":{"s":{"tokenEnv":"NOT-A-NAME"}}}',
        'profiles.s.tokenEnv: is not a variable name',
      ],
      [
        '{"profiles":{"s":{"tokenFile":"a","tokenEnv":"B"}}}',
        'profiles.s.tokenEnv: cannot go with tokenFile',
      ],
      ['{"profiles":{"s":[]}}', 'profiles.s: must be an object'],
      ['{"profiles":[]}', 'profiles: must be an object'],
      ['[]', '(top level): must be an object'],
    ];
    for (const [text, expected] of cases) expect(problem(text)).toContain(`${FILE}: ${expected}`);
  });

  it('says where a file that is not JSON breaks, by line and column, without quoting it', () => {
    const message = problem('{\n  "profiles": {\n    "s": {"url": s3cr3t}\n  }\n}');
    expect(message).toBe(`${FILE} is not JSON: unexpected character at line 3, column 18`);
  });
});

describe('pickProfile', () => {
  const config: Config = parseConfig(
    '{"profiles":{"default":{"timeout":1},"staging":{"timeout":2}}}',
    FILE,
  );

  it('takes the asked profile, else the one named default, else none', () => {
    expect(pickProfile(config, { name: 'staging', source: '--profile' })?.profile).toEqual({
      timeout: 2,
    });
    expect(pickProfile(config, undefined)).toMatchObject({ name: 'default', source: 'default' });
    expect(pickProfile(parseConfig('{}', FILE), undefined)).toBeUndefined();
    expect(pickProfile(undefined, undefined)).toBeUndefined();
  });

  it('refuses a profile the file does not have, listing those it has, or a profile without a file', () => {
    expect(() => pickProfile(config, { name: 'prod', source: 'TIM_PROFILE' })).toThrow(
      `TIM_PROFILE names profile "prod", which ${FILE} does not have`,
    );
    expect(() => pickProfile(undefined, { name: 'prod', source: '--profile' })).toThrow(
      /--profile names profile "prod", but no tim-callback.config.json was found/,
    );
  });
});

describe('resolveSettings: flag > environment > profile > default', () => {
  const profile = {
    name: 'staging',
    file: FILE,
    profile: {
      url: 'https://profile.example.com/cb',
      sdkAppId: '3',
      tokenFile: './token.txt',
      commands: ['c2c.before-send-msg'],
      timeout: 1500,
    },
    tokenFilePath: '/team/token.txt',
  };
  const all: SettingsInput = {
    flags: {
      url: 'http://flag.example.com/cb',
      sdkAppId: '1',
      tokenFile: 'flag-token.txt',
      commands: ['state.state-change'],
      timeout: 900,
    },
    env: { TIM_SDKAPPID: '2', TIM_CALLBACK_TOKEN: 'from-env' },
    profile,
    defaults: { timeout: 2000 },
  };
  const noFlags: SettingsInput = { ...all, flags: {} };
  const noEnv: SettingsInput = { ...noFlags, env: {} };
  const none: SettingsInput = { ...noEnv, profile: undefined };

  // key, level, input, expected value, expected source
  const table: Array<[string, string, SettingsInput, unknown, string]> = [
    ['url', 'flag', all, 'http://flag.example.com/cb', 'flag <url>'],
    ['url', 'profile', noFlags, 'https://profile.example.com/cb', `profile staging in ${FILE}`],
    ['url', 'default', none, undefined, 'default'],
    ['sdkAppId', 'flag', all, '1', 'flag --sdkappid'],
    ['sdkAppId', 'env', noFlags, '2', 'env TIM_SDKAPPID'],
    ['sdkAppId', 'profile', noEnv, '3', `profile staging in ${FILE}`],
    ['sdkAppId', 'default', none, undefined, 'default'],
    [
      'token',
      'flag',
      all,
      { kind: 'file', path: 'flag-token.txt', shown: 'flag-token.txt' },
      'flag --token-file',
    ],
    [
      'token',
      'env',
      noFlags,
      { kind: 'env', variable: 'TIM_CALLBACK_TOKEN' },
      'env TIM_CALLBACK_TOKEN',
    ],
    [
      'token',
      'profile',
      noEnv,
      { kind: 'file', path: '/team/token.txt', shown: './token.txt' },
      `profile staging in ${FILE}`,
    ],
    ['token', 'default', none, undefined, 'default'],
    ['commands', 'flag', all, ['state.state-change'], 'flag --command'],
    ['commands', 'profile', noFlags, ['c2c.before-send-msg'], `profile staging in ${FILE}`],
    ['commands', 'default', none, undefined, 'default'],
    ['timeout', 'flag', all, 900, 'flag --timeout'],
    ['timeout', 'profile', noFlags, 1500, `profile staging in ${FILE}`],
    ['timeout', 'default', none, 2000, 'default'],
  ];

  it.each(table)('%s from the %s', (key, _level, input, value, source) => {
    const setting = resolveSettings(input)[key as 'url'];
    expect(setting.value).toEqual(value);
    expect(describeSource(setting.source)).toBe(source);
  });

  it('--token beats --token-file; a profile tokenEnv names its variable; a blank env is unset', () => {
    expect(resolveSettings({ ...all, flags: { token: true } }).token.value).toEqual({
      kind: 'flag',
    });
    const ci = { ...profile, profile: { tokenEnv: 'CI_TOKEN' }, tokenFilePath: undefined };
    const fromCi = resolveSettings({ flags: {}, env: { TIM_CALLBACK_TOKEN: ' \n' }, profile: ci });
    expect(fromCi.token.value).toEqual({ kind: 'env', variable: 'CI_TOKEN' });
    expect(
      resolveSettings({ flags: {}, env: { TIM_SDKAPPID: '' } }).sdkAppId.value,
    ).toBeUndefined();
  });

  it('config rows show where the token is read from, never a token', () => {
    const rows = settingRows(resolveSettings(noEnv), 'cannot read: no such file');
    expect(rows.find((r) => r.key === 'token')).toEqual({
      key: 'token',
      shown: 'tokenFile ./token.txt (cannot read: no such file)',
      source: `profile staging in ${FILE}`,
    });
  });
});

describe('config.schema.json agrees with parseConfig', () => {
  const schema = JSON.parse(
    readFileSync(new URL('../../config.schema.json', import.meta.url), 'utf8'),
  ) as object;
  const validate = new Ajv({ strict: false }).compile(schema);
  const documents: unknown[] = [
    {},
    { $schema: './node_modules/tim-callback/config.schema.json', profiles: {} },
    { profiles: { s: { url: 'https://a.example/cb', sdkAppId: 1, timeout: 2000 } } },
    { profiles: { s: { sdkAppId: '1400000000', tokenEnv: 'A_B', commands: ['all'] } } },
    { profiles: { s: { tokenFile: './t.txt' } } },
    { token: 'x' },
    { profiles: { s: { token: 'x' } } },
    { profiles: { s: { urlx: 'http://a/' } } },
    { profiles: { s: { url: 'ftp://a/' } } },
    { profiles: { s: { sdkAppId: 'abc' } } },
    { profiles: { s: { sdkAppId: 0 } } },
    { profiles: { s: { timeout: 1.5 } } },
    { profiles: { s: { timeout: 600001 } } },
    { profiles: { s: { commands: [1] } } },
    { profiles: { s: { tokenFile: 'a', tokenEnv: 'B' } } },
    { profiles: { s: { tokenEnv: '1BAD' } } },
    { profiles: { s: null } },
    { other: 1 },
    [],
  ];

  it.each(documents.map((d) => [JSON.stringify(d), d]))('%s', (_text, doc) => {
    let ours = true;
    try {
      parseConfig(JSON.stringify(doc), FILE);
    } catch {
      ours = false;
    }
    expect(validate(doc)).toBe(ours);
  });
});
