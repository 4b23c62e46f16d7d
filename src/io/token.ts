import { readFileSync } from 'node:fs';
import { UsageError } from '../core/errors.js';
import { describeFileError } from './files.js';

export interface TokenSources {
  token?: string | undefined;
  tokenFile?: string | undefined;
}

/**
 * The callback token from --token, --token-file or TIM_CALLBACK_TOKEN, in that order.
 * Never echoed: errors name the source, not the value.
 */
export function resolveToken(sources: TokenSources, env = process.env): string | undefined {
  if (sources.token !== undefined) {
    if (sources.token === '')
      throw new UsageError('--token is empty', 'pass the token the console shows');
    return sources.token;
  }
  if (sources.tokenFile !== undefined) {
    return readTokenFile(sources.tokenFile, `--token-file "${sources.tokenFile}"`);
  }
  return tokenFromEnv(env.TIM_CALLBACK_TOKEN);
}

/** The token on a file's first line; `what` names the file in errors (`--token-file "t.txt"`). */
export function readTokenFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${what}: ${describeFileError(error)}`,
      'check the path; the file holds the token on its first line',
    );
  }
  const token = firstLine(text);
  if (token === '') throw new UsageError(`${what} is empty`, 'put the token on its first line');
  return token;
}

/**
 * A token from an environment variable, read as a token file is: a value pasted from the console
 * or exported from a file often ends in a space or a newline, and signing with it would fail
 * every Sign check.
 */
export function tokenFromEnv(value: string | undefined): string | undefined {
  const token = firstLine(value ?? '');
  return token === '' ? undefined : token;
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0]?.trim() ?? '';
}
