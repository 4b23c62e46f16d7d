import { Argument, type Command } from 'commander';
import {
  collect,
  examples,
  httpUrl,
  integer,
  maxAnswerOption,
  tlsOptions,
  tokenOptions,
} from '../shared/options.js';

export interface ReplayFlags {
  /** field=value, parsed by the action (the record format is not loaded for --help). */
  filter?: string[];
  token?: string;
  tokenFile?: string;
  timeout: number;
  maxAnswer?: number;
  insecure?: boolean;
  ca?: string;
  json?: boolean;
}

export function declareReplay(program: Command): Command {
  const command = tokenOptions(
    program
      .command('replay')
      .description(
        'resend the callbacks of a listen --record file with their exact body bytes (re-signed with a token)',
      )
      .argument('<record>')
      .addArgument(new Argument('<url>').argParser(httpUrl('<url>'))),
  )
    .option(
      '--filter <field=value>',
      'replay only records whose dotted field equals value; repeatable, all must match',
      collect,
    )
    .option(
      '--timeout <ms>',
      'how long to wait for each answer',
      integer('--timeout', { min: 1 }, '2000'),
      2000,
    )
    .addOption(
      maxAnswerOption('read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)'),
    );
  return tlsOptions(command)
    .option('--json', 'machine output: one NDJSON line per callback')
    .addHelpText(
      'after',
      examples([
        'tim-callback replay callbacks.jsonl http://127.0.0.1:3000/im/callback',
        'tim-callback replay callbacks.jsonl https://staging.example.com/im/callback --token-file token.txt',
        'tim-callback replay callbacks.jsonl http://127.0.0.1:3000/cb --filter checks.sign=ok --filter query.CallbackCommand=Group.CallbackAfterGroupDestroyed',
      ]),
    );
}
