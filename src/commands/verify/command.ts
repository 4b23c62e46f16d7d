import { Argument, type Command } from 'commander';
import { examples, httpUrl, integer, tokenOptions } from '../shared/options.js';

export interface VerifyFlags {
  token?: string;
  tokenFile?: string;
  now?: number;
  tolerance: number;
  json?: boolean;
}

export function declareVerify(program: Command): Command {
  return tokenOptions(
    program
      .command('verify')
      .description(
        'explain the Sign check of a callback URL: what was hashed, expected vs received, skew',
      )
      .addArgument(new Argument('<signed-url>').argParser(httpUrl('<signed-url>'))),
  )
    .option(
      '--now <secs>',
      'the clock to check against, Unix seconds (default: now)',
      integer('--now', { min: 0 }, '1669872112'),
    )
    .option(
      '--tolerance <secs>',
      'allowed clock difference in either direction',
      integer('--tolerance', { min: 0 }),
      60,
    )
    .option('--json', 'machine output')
    .addHelpText(
      'after',
      examples([
        "tim-callback verify 'https://example.com/cb?Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061&RequestTime=1669872112' --token xxxxyyyy --now 1669872130",
      ]),
    );
}
