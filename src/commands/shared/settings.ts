import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../../core/command-line.js';
import { pickProfile } from '../../core/config.js';
import { UsageError } from '../../core/errors.js';
import { parseSdkAppId } from '../../core/options.js';
import {
  type ChosenProfile,
  describeSource,
  resolveSettings,
  SDKAPPID_ENV,
  type SettingSource,
  type Settings,
  type TokenRef,
} from '../../core/settings.js';
import { type LoadedConfig, loadConfig } from '../../io/config-file.js';
import { readTokenFile, tokenFromEnv } from '../../io/token.js';
import type { TokenInput } from './inputs.js';

// The settings of send, validate, listen, config and doctor: their flags, the environment and the
// profile of tim-callback.config.json, resolved by src/core/settings.ts. Read by actions only.

export interface SettingFlags {
  token?: string | undefined;
  tokenFile?: string | undefined;
  config?: string | undefined;
  profile?: string | undefined;
}

export interface ResolvedSettings {
  settings: Settings;
  loaded: LoadedConfig | undefined;
  /** The profile in use and what chose it (`--profile`, `TIM_PROFILE`, `default`). */
  profile: (ChosenProfile & { chosenBy: string }) | undefined;
}

/** A flag's value only when the command line gave it (not commander's default or env). */
function given<T>(command: Command, name: string): T | undefined {
  return command.getOptionValueSource(name) === 'cli'
    ? (command.getOptionValue(name) as T)
    : undefined;
}

function hasOption(command: Command, name: string): boolean {
  return command.options.some((option) => option.attributeName() === name);
}

/**
 * Loads the config file (if any), picks the profile and resolves every setting. `url` and
 * `commands` are the command line's own (a positional, a repeatable flag), given by the action.
 */
export function resolveCommandSettings(
  command: Command,
  flags: SettingFlags,
  extra: { url?: string | undefined; commands?: readonly string[] | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedSettings {
  const loaded = loadConfig(flags.config);
  const profileSource = command.getOptionValueSource('profile');
  const asked =
    flags.profile === undefined || flags.profile === ''
      ? undefined
      : { name: flags.profile, source: profileSource === 'env' ? 'TIM_PROFILE' : '--profile' };
  const picked = pickProfile(loaded?.config, asked);
  const profile =
    picked === undefined || loaded === undefined
      ? undefined
      : {
          name: picked.name,
          file: loaded.config.file,
          profile: picked.profile,
          chosenBy: picked.source,
          ...(picked.profile.tokenFile !== undefined
            ? { tokenFilePath: resolve(dirname(loaded.path), picked.profile.tokenFile) }
            : {}),
        };
  const sdkAppIdSource = command.getOptionValueSource('sdkappid');
  const settings = resolveSettings({
    flags: {
      url: extra.url,
      sdkAppId:
        sdkAppIdSource === 'cli' ? (command.getOptionValue('sdkappid') as string) : undefined,
      token: flags.token !== undefined,
      tokenFile: flags.tokenFile,
      commands: extra.commands,
      timeout: hasOption(command, 'timeout') ? given<number>(command, 'timeout') : undefined,
    },
    env,
    profile,
    defaults: {
      timeout: hasOption(command, 'timeout')
        ? (command.getOptionValue('timeout') as number | undefined)
        : DEFAULT_TIMEOUT_MS,
    },
  });
  return { settings, loaded, profile };
}

/** The SDKAppID setting as the commands use it; a bad flag or env value is named by its source. */
export function sdkAppIdSetting(settings: Settings): string | undefined {
  const { value, source } = settings.sdkAppId;
  if (source.kind === 'profile') return value;
  return parseSdkAppId(source.kind === 'env' ? SDKAPPID_ENV : '--sdkappid', value);
}

function fileLabel(ref: Extract<TokenRef, { kind: 'file' }>, source: SettingSource): string {
  return source.kind === 'profile'
    ? `tokenFile "${ref.shown}" (${describeSource(source)})`
    : `--token-file "${ref.shown}"`;
}

/** Reads the token from where the settings say; the token is never part of an error. */
export function readSettingToken(
  settings: Settings,
  flags: SettingFlags,
  env: NodeJS.ProcessEnv = process.env,
): TokenInput {
  const { value: ref, source } = settings.token;
  if (ref === undefined) return { token: undefined, tokenSource: undefined, tokenFile: undefined };
  if (ref.kind === 'flag') {
    if (flags.token === '') {
      throw new UsageError('--token is empty', 'pass the token the console shows');
    }
    return { token: flags.token, tokenSource: 'flag', tokenFile: undefined };
  }
  if (ref.kind === 'file') {
    const token = readTokenFile(ref.path, fileLabel(ref, source));
    return { token, tokenSource: 'file', tokenFile: ref.path };
  }
  const token = tokenFromEnv(env[ref.variable]);
  if (token === undefined) {
    throw new UsageError(
      `${ref.variable} is not set, and ${describeSource(source)} reads the token from it (tokenEnv)`,
      `export ${ref.variable}, or pass --token-file <path>`,
    );
  }
  return { token, tokenSource: 'env', tokenFile: undefined };
}
