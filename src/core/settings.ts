import type { Profile } from './config.js';

// Where each setting comes from: a flag, then the environment, then the profile, then the default
// (DESIGN.md, "Team setup"). Pure: the flags given, the environment and the profile come in as
// data; what each setting is and where it came from comes out, for the commands to use and for
// `tim-callback config` to show. The token itself is never here, only where to read it.

export type SettingSource =
  | { kind: 'flag'; flag: string }
  | { kind: 'env'; variable: string }
  | { kind: 'profile'; profile: string; file: string }
  | { kind: 'default' };

/** Where the token is read from; the token itself is read at the edge, never kept here. */
export type TokenRef =
  | { kind: 'flag' }
  | { kind: 'file'; path: string; shown: string }
  | { kind: 'env'; variable: string };

export interface Setting<T> {
  value: T | undefined;
  source: SettingSource;
}

export interface Settings {
  url: Setting<string>;
  sdkAppId: Setting<string>;
  token: Setting<TokenRef>;
  commands: Setting<string[]>;
  timeout: Setting<number>;
}

export interface ChosenProfile {
  name: string;
  file: string;
  profile: Profile;
  /** profile.tokenFile resolved against the config file's directory. */
  tokenFilePath?: string | undefined;
}

export interface SettingsInput {
  /** Values given on the command line (undefined: not given there). */
  flags: {
    url?: string | undefined;
    sdkAppId?: string | undefined;
    /** --token was given (its value stays with the caller). */
    token?: boolean | undefined;
    tokenFile?: string | undefined;
    commands?: readonly string[] | undefined;
    timeout?: number | undefined;
  };
  env: Readonly<Record<string, string | undefined>>;
  profile?: ChosenProfile | undefined;
  defaults?: { timeout?: number | undefined };
}

export const TOKEN_ENV = 'TIM_CALLBACK_TOKEN';
export const SDKAPPID_ENV = 'TIM_SDKAPPID';
export const PROFILE_ENV = 'TIM_PROFILE';

const DEFAULT: SettingSource = { kind: 'default' };

/** Set to something: an environment value is read up to its first line, trimmed. */
function present(value: string | undefined): value is string {
  return value !== undefined && (value.split(/\r?\n/)[0] ?? '').trim() !== '';
}

/** The first of the candidates that has a value, or nothing from the default. */
function first<T>(
  candidates: ReadonlyArray<readonly [T | undefined, SettingSource]>,
  fallback: T | undefined = undefined,
): Setting<T> {
  for (const [value, source] of candidates) {
    if (value !== undefined) return { value, source };
  }
  return { value: fallback, source: DEFAULT };
}

function tokenOf(input: SettingsInput, fromProfile: SettingSource | undefined): Setting<TokenRef> {
  const { flags, env, profile } = input;
  if (flags.token) return { value: { kind: 'flag' }, source: { kind: 'flag', flag: '--token' } };
  if (flags.tokenFile !== undefined) {
    return {
      value: { kind: 'file', path: flags.tokenFile, shown: flags.tokenFile },
      source: { kind: 'flag', flag: '--token-file' },
    };
  }
  if (present(env[TOKEN_ENV])) {
    return {
      value: { kind: 'env', variable: TOKEN_ENV },
      source: { kind: 'env', variable: TOKEN_ENV },
    };
  }
  if (profile !== undefined && fromProfile !== undefined) {
    const { tokenFile, tokenEnv } = profile.profile;
    if (tokenFile !== undefined) {
      const path = profile.tokenFilePath ?? tokenFile;
      return { value: { kind: 'file', path, shown: tokenFile }, source: fromProfile };
    }
    if (tokenEnv !== undefined) {
      return { value: { kind: 'env', variable: tokenEnv }, source: fromProfile };
    }
  }
  return { value: undefined, source: DEFAULT };
}

/** Every setting with its source: flag > environment > profile > default. */
export function resolveSettings(input: SettingsInput): Settings {
  const { flags, env, profile } = input;
  const p = profile?.profile;
  const fromProfile: SettingSource | undefined =
    profile === undefined
      ? undefined
      : { kind: 'profile', profile: profile.name, file: profile.file };
  const inProfile = fromProfile ?? DEFAULT;
  const sdkEnv = present(env[SDKAPPID_ENV]) ? env[SDKAPPID_ENV] : undefined;
  return {
    url: first([
      [flags.url, { kind: 'flag', flag: '<url>' }],
      [p?.url, inProfile],
    ]),
    sdkAppId: first([
      [flags.sdkAppId, { kind: 'flag', flag: '--sdkappid' }],
      [sdkEnv, { kind: 'env', variable: SDKAPPID_ENV }],
      [p?.sdkAppId, inProfile],
    ]),
    token: tokenOf(input, fromProfile),
    commands: first([
      [
        flags.commands !== undefined && flags.commands.length > 0 ? [...flags.commands] : undefined,
        { kind: 'flag', flag: '--command' },
      ],
      [p?.commands, inProfile],
    ]),
    timeout: first(
      [
        [flags.timeout, { kind: 'flag', flag: '--timeout' }],
        [p?.timeout, inProfile],
      ],
      input.defaults?.timeout,
    ),
  };
}

/** `flag --sdkappid`, `env TIM_SDKAPPID`, `profile staging in ./tim-callback.config.json`, `default`. */
export function describeSource(source: SettingSource): string {
  switch (source.kind) {
    case 'flag':
      return `flag ${source.flag}`;
    case 'env':
      return `env ${source.variable}`;
    case 'profile':
      return `profile ${source.profile} in ${source.file}`;
    default:
      return 'default';
  }
}

/** Where the token is read from, never the token: `tokenFile ./token.txt`, `env TIM_CALLBACK_TOKEN`. */
export function describeTokenRef(ref: TokenRef | undefined): string {
  if (ref === undefined) return '(none: callbacks go unsigned)';
  switch (ref.kind) {
    case 'flag':
      return '--token (hidden)';
    case 'file':
      return `tokenFile ${ref.shown}`;
    default:
      return `env ${ref.variable}`;
  }
}

export interface SettingRow {
  key: keyof Settings;
  /** The value as shown; for the token, where it is read from (never the token). */
  shown: string;
  source: string;
}

/** What `tim-callback config` prints for each setting; `tokenProblem` says why it cannot be read. */
export function settingRows(settings: Settings, tokenProblem?: string | undefined): SettingRow[] {
  const source = (key: keyof Settings) => describeSource(settings[key].source);
  const { url, sdkAppId, commands, timeout, token } = settings;
  return [
    { key: 'url', shown: url.value ?? '(none: give <url>)', source: source('url') },
    {
      key: 'sdkAppId',
      shown: sdkAppId.value ?? '(none: no SdkAppid sent or enforced)',
      source: source('sdkAppId'),
    },
    {
      key: 'token',
      shown: `${describeTokenRef(token.value)}${tokenProblem === undefined ? '' : ` (${tokenProblem})`}`,
      source: source('token'),
    },
    {
      key: 'commands',
      shown:
        commands.value?.join(', ') ?? '(none: validate runs Group.CallbackAfterGroupDestroyed)',
      source: source('commands'),
    },
    {
      key: 'timeout',
      shown: timeout.value === undefined ? '(none)' : `${timeout.value} ms`,
      source: source('timeout'),
    },
  ];
}
