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
    let text: string;
    try {
      text = readFileSync(sources.tokenFile, 'utf8');
    } catch (error) {
      throw new UsageError(
        `cannot read --token-file "${sources.tokenFile}": ${describeFileError(error)}`,
        'check the path; the file holds the token on its first line',
      );
    }
    const token = text.split(/\r?\n/)[0]?.trim() ?? '';
    if (token === '') {
      throw new UsageError(
        `--token-file "${sources.tokenFile}" is empty`,
        'put the token on its first line',
      );
    }
    return token;
  }
  const fromEnv = env.TIM_CALLBACK_TOKEN;
  return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv;
}

/** --sdkappid, else TIM_SDKAPPID. */
export function resolveSdkAppId(flag: string | undefined, env = process.env): string | undefined {
  const value = flag ?? env.TIM_SDKAPPID;
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) {
    throw new UsageError(
      `SDKAppID "${value}" is not a number`,
      'use the SDKAppID the IM console shows, e.g. 1400000000',
    );
  }
  return value;
}
