import { type Command, Option } from 'commander';
import {
  collect,
  configOptions,
  examples,
  integer,
  maxAnswerOption,
  sdkAppIdOption,
  tlsOptions,
  tokenOptions,
} from '../shared/options.js';

export const REPORTERS = ['human', 'json', 'junit', 'github'] as const;
export type Reporter = (typeof REPORTERS)[number];

export interface ValidateFlags {
  request?: string;
  response?: string;
  json?: boolean;
  list?: boolean;
  sdkappid?: string;
  token?: string;
  tokenFile?: string;
  timeout: number;
  maxAnswer?: number;
  /** Comma-separated ids, checked by the action against the catalogue. */
  cases?: string;
  /** --command: catalogue commands (CallbackCommand or alias, or `all`); repeatable. */
  command?: string[];
  reporter?: Reporter;
  output?: string;
  insecure?: boolean;
  ca?: string;
  config?: string;
  profile?: string;
}

const HELP_AFTER = `${examples([
  'tim-callback validate http://127.0.0.1:3000/im/callback',
  'tim-callback validate "$BACKEND_URL" --sdkappid 1400000000 --token-file token.txt --reporter junit --output report.xml',
  'tim-callback validate http://127.0.0.1:3000/im/callback --cases documented-example,large-group',
  'tim-callback validate http://127.0.0.1:3000/im/callback --command C2C.CallbackBeforeSendMsg --command bot.on-c2c-message',
  'tim-callback validate "$BACKEND_URL" --token-file token.txt --command all --cases accept,wrong-sign',
  'tim-callback validate --list --command c2c.before-send-msg',
  'tim-callback validate "$BACKEND_URL" --token-file token.txt --reporter github',
  'tim-callback validate --list',
  'tim-callback validate --response answer.json',
  'tim-callback validate --response answer.json --command c2c.before-send-msg',
  'curl -s -X POST http://127.0.0.1:3000/cb -d @body.json | tim-callback validate --response -',
  'tim-callback fixtures show cn-edition | tim-callback validate --request -',
])}
Each probe (wrong-sdkappid, wrong-sign, …) goes just after a valid control callback; when the
backend refuses the control too, the probe is inconclusive, and the run cannot pass.
With --command, each command gets one case per sample (<alias>/accept, <alias>/accept:<variant>)
and the probes (<alias>/wrong-sign, …); a before-callback's answer must be a decision it takes
(ErrorCode 0 allow, 1 deny, 2 discard where it has it, or its custom range) with a well-formed
MsgBody, RefusedMembers_Account or ResultItem, and a control it denies leaves its probe
inconclusive. --cases takes full ids or a case name for every command (accept, wrong-sign).
With --request/--response, one --command checks the file against that command's schema and,
for an answer, its decision rules.
Exit codes: 0 every case passed (skipped ones allowed), 1 a case failed or was inconclusive,
2 usage error, 3 the backend could not be reached, 130/143 interrupted by SIGINT/SIGTERM
(the --output report is still written, unfinished cases marked interrupted).
`;

/** The URL is checked by the action: --list, --request and --response need none. */
export function declareValidate(program: Command): Command {
  const command = tokenOptions(
    program
      .command('validate [url]')
      .description(
        'run the contract suite against a live backend, or check one packet offline (--request/--response)',
      ),
  )
    .addOption(sdkAppIdOption('your SDKAppID: sent as SdkAppid, enables wrong-sdkappid'))
    .option(
      '--timeout <ms>',
      'how long to wait for an answer; over 2000 ms fails in-time anyway (IM gives up)',
      integer('--timeout', { min: 1 }, '2000'),
      2000,
    )
    .addOption(
      maxAnswerOption('read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)'),
    )
    .option(
      '--command <name>',
      "run a catalogue command's cases instead of today's suite: a CallbackCommand or alias, or all (repeatable)",
      collect,
    )
    .option('--cases <ids>', 'run only these cases, comma-separated (see --list)')
    .addOption(
      new Option(
        '--reporter <name>',
        'report format (github: the human report plus GitHub Actions annotations)',
      ).choices(REPORTERS),
    )
    .option('--output <file>', 'write the report to a file; the terminal still gets the summary')
    .option('--list', 'list the cases with their ids (with --command: its cases); needs no URL');
  return configOptions(tlsOptions(command))
    .addOption(
      new Option('--request <file>', 'offline: check a callback body file (- for stdin)').conflicts(
        'response',
      ),
    )
    .option('--response <file>', 'offline: check a response packet file (- for stdin)')
    .option('--json', 'machine output (the same as --reporter json for a live run)')
    .addHelpText('after', HELP_AFTER);
}
