import type { Command } from 'commander';
import type { TokenSource } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import { parseSdkAppId } from '../../core/options.js';
import { createOutput, type Output } from '../../io/output.js';
import { resolveToken, type TokenSources } from '../../io/token.js';

// What an action reads besides its parsed flags: the token, the SDKAppID with its source, the
// clock, and the one Output. Loaded only by an action, never by --help.

export interface TokenInput {
  token: string | undefined;
  /** Where the token came from, so a printed command line can name it without showing it. */
  tokenSource: Exclude<TokenSource, 'prompt'> | undefined;
  tokenFile: string | undefined;
}

/** For the commands that cannot work without a token (sign, verify). */
export function requireToken(flags: TokenSources): string {
  const token = resolveToken(flags);
  if (token === undefined) {
    throw new UsageError(
      'no token given',
      'pass --token <token>, --token-file <path>, or set TIM_CALLBACK_TOKEN',
    );
  }
  return token;
}

/** --sdkappid, or TIM_SDKAPPID when commander took it from there; a bad one is named by its source. */
export function sdkAppIdOf(command: Command): string | undefined {
  const value = command.getOptionValue('sdkappid') as string | undefined;
  const source = command.getOptionValueSource('sdkappid') === 'env' ? 'TIM_SDKAPPID' : '--sdkappid';
  return parseSdkAppId(source, value);
}

/** Now in Unix seconds, unless a flag gave the time to use. */
export function secondsOr(given: number | undefined): number {
  return given ?? Math.floor(Date.now() / 1000);
}

export function output(json: boolean | undefined): Output {
  return createOutput({ json: json ?? false });
}
