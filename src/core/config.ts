import { UsageError } from './errors.js';
import { findJsonSyntaxProblem } from './json-syntax.js';

// tim-callback.config.json: named profiles, each the settings a team would otherwise repeat as
// flags (DESIGN.md, "Team setup"). Parsed and checked here, without reading anything: the file's
// text and its path come in, a checked config or a UsageError (exit 2) naming the key's path
// comes out. config.schema.json says the same for editors; test/unit/config.test.ts keeps the two
// in agreement.

export const CONFIG_FILE_NAME = 'tim-callback.config.json';

/** A config file is a few hundred bytes; anything past this is not one. */
export const MAX_CONFIG_BYTES = 256 * 1024;

export interface Profile {
  url?: string;
  sdkAppId?: string;
  /** As written in the file: relative to the config file's directory. */
  tokenFile?: string;
  /** The name of an environment variable that holds the token. */
  tokenEnv?: string;
  commands?: string[];
  timeout?: number;
}

export interface Config {
  /** The file's path, as the user would recognise it. */
  file: string;
  profiles: ReadonlyMap<string, Profile>;
}

export const PROFILE_KEYS = [
  'url',
  'sdkAppId',
  'tokenFile',
  'tokenEnv',
  'commands',
  'timeout',
] as const;
const TOP_KEYS = ['$schema', 'profiles'] as const;

/** The profile used when neither --profile nor TIM_PROFILE names one. */
export const DEFAULT_PROFILE = 'default';

const MAX_TIMEOUT_MS = 600_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const TOKEN_HINT =
  'the file is meant to be shared: name a file with "tokenFile": "./token.txt" or a variable with "tokenEnv": "TIM_CALLBACK_TOKEN"';

/** Thrown for the first thing wrong in the file; the message starts with the key's path. */
class ConfigProblem extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/** `profiles.staging.url`; a key that is not a plain word is quoted: `profiles["eu.west"]`. */
export function keyPath(parent: string, key: string): string {
  const part = /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? key : JSON.stringify(key);
  if (parent === '') return part;
  return part.startsWith('"') ? `${parent}[${part}]` : `${parent}.${part}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `token` key anywhere in the document, at any depth (the walk is bounded by the text's size). */
function findTokenKey(value: unknown): string | undefined {
  const queue: Array<[unknown, string]> = [[value, '']];
  for (let next = 0; next < queue.length; next++) {
    const [node, path] = queue[next] as [unknown, string];
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) queue.push([child, `${path}[${i}]`]);
    } else if (isObject(node)) {
      for (const [key, child] of Object.entries(node)) {
        const childPath = keyPath(path, key);
        if (/^token$/i.test(key)) return childPath;
        queue.push([child, childPath]);
      }
    }
  }
  return undefined;
}

function unknownKey(path: string, known: readonly string[]): ConfigProblem {
  return new ConfigProblem(path, 'is not a known key', `the keys here are ${known.join(', ')}`);
}

function checkUrl(path: string, value: unknown): string {
  const hint = 'a full http(s) URL, e.g. "https://staging.example.com/im/callback"';
  if (typeof value !== 'string') throw new ConfigProblem(path, 'must be a string', hint);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigProblem(path, 'is not a URL', hint);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigProblem(path, 'is not an http(s) URL', hint);
  }
  return url.toString();
}

function checkSdkAppId(path: string, value: unknown): string {
  if (
    (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) ||
    (typeof value === 'string' && /^\d+$/.test(value))
  ) {
    return String(value);
  }
  throw new ConfigProblem(
    path,
    'must be a number',
    'the SDKAppID the IM console shows, e.g. 1400000000',
  );
}

function checkString(path: string, value: unknown, example: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigProblem(path, 'must be a non-empty string', `e.g. ${example}`);
  }
  return value;
}

function checkCommands(path: string, value: unknown): string[] {
  const hint = 'a list of CallbackCommands or aliases, e.g. ["c2c.before-send-msg"], or ["all"]';
  if (!Array.isArray(value)) throw new ConfigProblem(path, 'must be an array', hint);
  return value.map((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') {
      throw new ConfigProblem(`${path}[${i}]`, 'must be a non-empty string', hint);
    }
    return item;
  });
}

function checkTimeout(path: string, value: unknown): number {
  if (
    typeof value !== 'number' ||
    !Number.isInteger(value) ||
    value < 1 ||
    value > MAX_TIMEOUT_MS
  ) {
    throw new ConfigProblem(
      path,
      `must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`,
      "e.g. 2000, Tencent's own limit",
    );
  }
  return value;
}

function checkProfile(path: string, value: unknown): Profile {
  if (!isObject(value)) {
    throw new ConfigProblem(path, 'must be an object', `its keys are ${PROFILE_KEYS.join(', ')}`);
  }
  const profile: Profile = {};
  for (const [key, raw] of Object.entries(value)) {
    const at = keyPath(path, key);
    switch (key) {
      case 'url':
        profile.url = checkUrl(at, raw);
        break;
      case 'sdkAppId':
        profile.sdkAppId = checkSdkAppId(at, raw);
        break;
      case 'tokenFile':
        profile.tokenFile = checkString(at, raw, '"./token.txt"');
        break;
      case 'tokenEnv':
        profile.tokenEnv = checkString(at, raw, '"STAGING_TIM_TOKEN"');
        if (!ENV_NAME.test(profile.tokenEnv)) {
          throw new ConfigProblem(at, 'is not a variable name', 'e.g. "STAGING_TIM_TOKEN"');
        }
        break;
      case 'commands':
        profile.commands = checkCommands(at, raw);
        break;
      case 'timeout':
        profile.timeout = checkTimeout(at, raw);
        break;
      default:
        throw unknownKey(at, PROFILE_KEYS);
    }
  }
  if (profile.tokenFile !== undefined && profile.tokenEnv !== undefined) {
    throw new ConfigProblem(
      keyPath(path, 'tokenEnv'),
      'cannot go with tokenFile',
      'a profile takes its token from one place: keep tokenFile or tokenEnv',
    );
  }
  return profile;
}

function checkDocument(value: unknown): Map<string, Profile> {
  if (!isObject(value)) {
    throw new ConfigProblem(
      '(top level)',
      'must be an object',
      'e.g. {"profiles": {"staging": {…}}}',
    );
  }
  const tokenAt = findTokenKey(value);
  if (tokenAt !== undefined) {
    throw new ConfigProblem(tokenAt, 'a token is never stored in the config file', TOKEN_HINT);
  }
  for (const key of Object.keys(value)) {
    if (!(TOP_KEYS as readonly string[]).includes(key))
      throw unknownKey(keyPath('', key), TOP_KEYS);
  }
  if ('$schema' in value)
    checkString('$schema', value.$schema, '"./node_modules/tim-callback/config.schema.json"');
  const profiles = new Map<string, Profile>();
  if (!('profiles' in value)) return profiles;
  if (!isObject(value.profiles)) {
    throw new ConfigProblem(
      'profiles',
      'must be an object',
      'e.g. {"staging": {"url": "https://…"}}',
    );
  }
  for (const [name, raw] of Object.entries(value.profiles)) {
    profiles.set(name, checkProfile(keyPath('profiles', name), raw));
  }
  return profiles;
}

/** Parses and checks a config file's text; `file` names it in every error. */
export function parseConfig(text: string, file: string): Config {
  const fix = `fix ${file}; tim-callback config shows what it reads`;
  const syntax = findJsonSyntaxProblem(text);
  if (syntax !== undefined) {
    throw new UsageError(
      `${file} is not JSON: ${syntax.reason} at line ${syntax.line}, column ${syntax.column}`,
      fix,
    );
  }
  try {
    return { file, profiles: checkDocument(JSON.parse(text)) };
  } catch (error) {
    if (error instanceof ConfigProblem) {
      throw new UsageError(`${file}: ${error.message}`, error.hint);
    }
    throw error;
  }
}

/** Which profile applies: --profile, then TIM_PROFILE, then one named "default" if there is one. */
export function pickProfile(
  config: Config | undefined,
  asked: { name: string; source: string } | undefined,
): { name: string; profile: Profile; source: string } | undefined {
  if (asked === undefined) {
    const fallback = config?.profiles.get(DEFAULT_PROFILE);
    return fallback === undefined
      ? undefined
      : { name: DEFAULT_PROFILE, profile: fallback, source: 'default' };
  }
  if (config === undefined) {
    throw new UsageError(
      `${asked.source} names profile "${asked.name}", but no ${CONFIG_FILE_NAME} was found here or in a parent directory`,
      `create one, or pass --config <file>`,
    );
  }
  const profile = config.profiles.get(asked.name);
  if (profile === undefined) {
    const names = [...config.profiles.keys()];
    throw new UsageError(
      `${asked.source} names profile "${asked.name}", which ${config.file} does not have`,
      names.length === 0 ? 'add it under "profiles"' : `its profiles: ${names.join(', ')}`,
    );
  }
  return { name: asked.name, profile, source: asked.source };
}
