import type { Command } from 'commander';
import { examples, httpUrl, integer, sdkAppIdOption, tokenOptions } from '../shared/options.js';

export interface SignFlags {
  token?: string;
  tokenFile?: string;
  requestTime?: number;
  url?: string;
  sdkappid?: string;
  json?: boolean;
}

export function declareSign(program: Command): Command {
  return tokenOptions(
    program
      .command('sign')
      .description('compute Sign and RequestTime for a token, or sign a whole callback URL'),
  )
    .option(
      '--request-time <secs>',
      'Unix seconds to sign (default: now)',
      integer('--request-time', { min: 0 }, '1669872112'),
    )
    .option(
      '--url <url>',
      'print this callback URL signed (a bare backend URL gets every parameter)',
      httpUrl('--url'),
    )
    .addOption(sdkAppIdOption('SdkAppid for a bare --url'))
    .option('--json', 'machine output: {sign, requestTime, url?}')
    .addHelpText(
      'after',
      examples([
        'tim-callback sign --token xxxxyyyy --request-time 1669872112',
        'tim-callback sign --token-file token.txt --url https://example.com/im/callback --json',
      ]),
    );
}
