import { type Command, Option } from 'commander';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_MAX_BODY, parseListenPath } from '../../core/options.js';
import {
  byteSize,
  configOptions,
  examples,
  httpUrl,
  integer,
  maxAnswerOption,
  sdkAppIdOption,
  tokenOptions,
} from '../shared/options.js';

export interface ListenFlags {
  port: number;
  host: string;
  path?: string;
  sdkappid?: string;
  token?: string;
  tokenFile?: string;
  tolerance: number;
  record?: string;
  forwardTo?: string;
  forwardTimeout: number;
  maxAnswer?: number;
  reply?: string[];
  replyStatus: number;
  delay: number;
  strict?: boolean;
  maxBody: number;
  json?: boolean;
  /** --ui alone is true; --ui <port> a number. */
  ui?: number | true;
  config?: string;
  profile?: string;
}

const HELP_AFTER = `${examples([
  'tim-callback listen',
  'tim-callback listen --port 0 --sdkappid 1400000000 --token-file token.txt --record calls.jsonl',
  'tim-callback listen --host 0.0.0.0 --token-file token.txt --forward-to http://127.0.0.1:3000/im/callback',
  'tim-callback listen --reply fail --reply-status 500 --delay 2500',
  'tim-callback listen --reply deny --reply c2c.before-send-msg=allow',
  'tim-callback listen --json | jq .checks',
  'tim-callback listen --ui --record calls.jsonl',
])}
Checks, in order, each failure answered with {"ActionStatus":"FAIL","ErrorCode":n,"ErrorInfo":…}:
  404 other path (with --path), 405 not POST, 413 body over --max-body,
  403 SdkAppid missing/wrong (with --sdkappid), 401 Sign missing/wrong/stale/future (with a token),
  400 not JSON or not an object, 400 schema problems (with --strict).
--reply: allow (ErrorCode 0), deny (1), discard (2) decide before-callbacks; after-callbacks are
  answered allow. ok is allow; fail answers a FAIL packet; anything else is a JSON file (./deny for a
  file named deny). Per command: --reply <command or alias>=<decision>, repeatable.
Ctrl+C or SIGTERM finishes the requests in flight, prints a summary and exits 0.
`;

function host(raw: string): string {
  if (raw.trim() === '') {
    throw new UsageError('--host is empty', 'e.g. --host 127.0.0.1 or --host 0.0.0.0');
  }
  return raw;
}

export function declareListen(program: Command): Command {
  const command = tokenOptions(
    program
      .command('listen')
      .description(
        'run a callback receiver: check, show, record and answer (or relay) every callback',
      )
      .option(
        '--port <port>',
        'port to listen on; 0 takes a free one',
        integer('--port', { min: 0, max: 65535 }, '8080'),
        8080,
      )
      .option('--host <host>', 'address to bind (0.0.0.0 for every interface)', host, '127.0.0.1')
      .option(
        '--path <path>',
        'serve callbacks at this path only (others get 404)',
        parseListenPath,
      )
      .addOption(sdkAppIdOption('reject callbacks for another SdkAppid')),
  )
    .option(
      '--tolerance <secs>',
      'allowed RequestTime skew, either direction',
      integer('--tolerance', { min: 0 }, '60'),
      60,
    )
    .option('--record <file>', 'append one JSON line per request (mode 0600)')
    .option(
      '--forward-to <url>',
      'relay accepted callbacks to your backend and check its answer',
      httpUrl('--forward-to'),
    )
    .option(
      '--forward-timeout <ms>',
      'how long the backend may take (IM waits 2000)',
      integer('--forward-timeout', { min: 1, max: 600_000 }, '2000'),
      2000,
    )
    .addOption(
      maxAnswerOption("read at most this much of the backend's answer, e.g. 8MiB (default: 1MiB)"),
    )
    .addOption(
      new Option(
        '--reply <decision>',
        'answer to accepted callbacks: allow|deny|discard|ok|fail|<file>, or <command>=<one of those>; repeatable (default: ok)',
      )
        .argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
        .conflicts('forwardTo'),
    )
    .addOption(
      new Option('--reply-status <code>', 'HTTP status of that answer')
        .argParser(integer('--reply-status', { min: 200, max: 599 }, '500'))
        .default(200)
        .conflicts('forwardTo'),
    )
    .option(
      '--delay <ms>',
      'wait before answering accepted callbacks (play a slow backend)',
      integer('--delay', { min: 0, max: 600_000 }, '2500'),
      0,
    )
    .option('--strict', 'answer 400 when the body breaks the schema (default: only shown)')
    .addOption(
      new Option('--max-body <bytes>', 'largest body accepted, e.g. 512k or 16MiB')
        .argParser(byteSize('--max-body'))
        .default(DEFAULT_MAX_BODY, '16MiB'),
    )
    .option('--json', 'NDJSON on stdout, one record line per request; banner and summary on stderr')
    .option(
      '--ui [port]',
      'serve the inspector page on 127.0.0.1 (a free port unless given)',
      integer('--ui', { min: 0, max: 65535 }, '8081'),
    );
  return configOptions(command).addHelpText('after', HELP_AFTER);
}
