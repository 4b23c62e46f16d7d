import { type Command, Option } from 'commander';
import {
  parseByteSize,
  parseHttpUrl,
  parseInteger,
  parsePositiveNumber,
} from '../../core/options.js';

// Options more than one command declares, and the parsers commander runs on flag values
// (`argParser`): a bad value stops the parse with one line that names the flag. Loaded by every
// start, --help included, so this imports nothing but commander and the pure parsers.

/** The examples block at the end of a command's --help. */
export function examples(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
}

/**
 * --token and --token-file, which cannot go together. TIM_CALLBACK_TOKEN is read only when
 * neither is given (src/io/token.ts), so it is not commander's env default: that would clash
 * with --token-file.
 */
export function tokenOptions(command: Command): Command {
  return command
    .option(
      '--token <token>',
      'callback authentication token (env TIM_CALLBACK_TOKEN); never printed',
    )
    .addOption(
      new Option('--token-file <path>', 'read the token from the first line of a file').conflicts(
        'token',
      ),
    );
}

/** --sdkappid, defaulting to TIM_SDKAPPID; checked in the action, which knows the source. */
export function sdkAppIdOption(description: string): Option {
  return new Option('--sdkappid <id>', description).env('TIM_SDKAPPID');
}

/** --max-answer <bytes>: how much of an answer is read (the reader's 1 MiB when not given). */
export function maxAnswerOption(description: string): Option {
  return new Option('--max-answer <bytes>', description).argParser(byteSize('--max-answer'));
}

/** --insecure and --ca, for the commands that connect to a backend. */
export function tlsOptions(command: Command): Command {
  return command
    .option('--insecure', 'accept any TLS certificate (staging)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file');
}

/** A whole number in a range; the example goes into the hint of a bad value. */
export function integer(
  flag: string,
  range: { min?: number; max?: number } = {},
  example?: string,
): (raw: string) => number {
  return (raw) => parseInteger(flag, raw, range, example);
}

export function positiveNumber(flag: string): (raw: string) => number {
  return (raw) => parsePositiveNumber(flag, raw);
}

export function httpUrl(flag: string): (raw: string) => string {
  return (raw) => parseHttpUrl(flag, raw);
}

export function byteSize(flag: string): (raw: string) => number {
  return (raw) => parseByteSize(flag, raw);
}

/** A repeatable option's values, in order. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** --config and --profile (TIM_PROFILE): the team's settings file and which profile of it. */
export function configOptions(command: Command): Command {
  return command
    .option(
      '--config <file>',
      'read settings from this file (default: tim-callback.config.json here or in a parent)',
    )
    .addOption(
      new Option('--profile <name>', 'use this profile of the config file').env('TIM_PROFILE'),
    );
}
