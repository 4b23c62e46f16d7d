import { type Command, Option } from 'commander';
import { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS } from '../../core/command-line.js';
import {
  collect,
  configOptions,
  examples,
  integer,
  maxAnswerOption,
  positiveNumber,
  sdkAppIdOption,
  tlsOptions,
  tokenOptions,
} from '../shared/options.js';

export interface SendFlags {
  payload?: string;
  set?: string[];
  unset?: string[];
  type?: string;
  members?: number;
  sdkappid?: string;
  token?: string;
  tokenFile?: string;
  requestTime?: number;
  skew?: number;
  clientIp?: string;
  platform?: string;
  timeout: number;
  maxAnswer?: number;
  count: number;
  concurrency: number;
  duration?: number;
  rate?: number;
  insecure?: boolean;
  ca?: string;
  dryRun?: boolean;
  json?: boolean;
  interactive?: boolean;
  config?: string;
  profile?: string;
  export?: 'k6';
  output?: string;
  force?: boolean;
}

/** --export k6 and where the script goes. */
function exportOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--export <format>', 'write a k6 script that sends these callbacks; send nothing')
        .choices(['k6'])
        .conflicts(['dryRun', 'json']),
    )
    .option('--output <file>', 'with --export: write the script to this new file (default: stdout)')
    .option('--force', 'with --output: replace the file if it exists');
}

const HELP_AFTER = examples([
  'tim-callback send http://127.0.0.1:8080/im/callback --sdkappid 1400000000 --token-file token.txt',
  'tim-callback send https://staging.example.com/im/cb community-group --ca staging-ca.pem',
  'tim-callback send http://127.0.0.1:8080/im/callback c2c.before-send-msg --set MsgBody[0].MsgContent.Text=hello',
  'tim-callback send http://127.0.0.1:8080/im/callback C2C.CallbackBeforeSendMsg:mixed-elements --json',
  'tim-callback send http://127.0.0.1:8080/cb --set Name=我的群 --members 500 --token-file token.txt --skew -300',
  'tim-callback send http://127.0.0.1:8080/cb --count 10000 --concurrency 50 --json',
  'tim-callback send --profile staging community-group',
  'tim-callback send -i',
  'tim-callback send http://127.0.0.1:8080/im/callback --count 1000 --concurrency 20 --export k6 --output callbacks.k6.js --force',
]);

export function declareSend(program: Command): Command {
  const command = tokenOptions(
    program
      .command('send')
      .description(
        'send a signed callback (any command, default Group.CallbackAfterGroupDestroyed) to a backend and check its answer, once or under load',
      )
      .argument('[url]', "your backend's callback URL (default: the profile's url)")
      .argument(
        '[sample]',
        'the callback body to send: <command or alias>[:<variant>] or a fixture name (default group-destroyed); list them with tim-callback fixtures',
      ),
  )
    .option('--payload <file>', 'send this body instead of a fixture (- for stdin)')
    .option(
      '--set <path=value>',
      'set a body field; JSON values are used as JSON (repeatable)',
      collect,
    )
    .option('--unset <path>', 'remove a body field (repeatable)', collect)
    .option(
      '--type <type>',
      'group type (commands with a Type): Private, Public, ChatRoom, AVChatRoom, Community',
    )
    .option(
      '--members <n>',
      "replace the command's member list (MemberList, NewMemberList, …) with n synthetic members",
      integer('--members', { min: 0 }, '500'),
    )
    .addOption(sdkAppIdOption('SdkAppid to send'))
    .addOption(
      new Option('--request-time <secs>', 'sign with this RequestTime, Unix seconds')
        .argParser(integer('--request-time', { min: 0 }, '1669872112'))
        .conflicts('skew'),
    )
    .option(
      '--skew <seconds>',
      'RequestTime = now + seconds (negative: in the past)',
      integer('--skew', {}, '-300'),
    )
    .option('--client-ip <ip>', 'ClientIP to send (default 127.0.0.1)')
    .option('--platform <p>', 'OptPlatform to send (default RESTAPI)')
    .option(
      '--timeout <ms>',
      "give up after this many ms (Tencent's own limit is 2000)",
      integer('--timeout', { min: 1 }, '2000'),
      DEFAULT_TIMEOUT_MS,
    )
    .addOption(
      maxAnswerOption('read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)'),
    )
    .option('--count <n>', 'load mode: send n requests', integer('--count', { min: 1 }, '1000'), 1)
    .option(
      '--concurrency <c>',
      'load mode: requests in flight',
      integer('--concurrency', { min: 1, max: 10_000 }, '50'),
      DEFAULT_CONCURRENCY,
    )
    .option('--duration <s>', 'load mode: keep sending for s seconds', positiveNumber('--duration'))
    .option(
      '--rate <r>',
      'load mode: at most r requests per second overall',
      positiveNumber('--rate'),
    );
  return exportOptions(configOptions(tlsOptions(command)))
    .option('--dry-run', 'print the URL and body, send nothing')
    .option('--json', 'machine output: one JSON document')
    .option('-i, --interactive', 'ask for the URL, fixture, group and token, then send')
    .addHelpText('after', HELP_AFTER);
}
