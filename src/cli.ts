import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { CliError, UsageError } from './core/errors.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type ExitCode } from './core/exit-codes.js';
import { maskUrlPasswords } from './core/redact.js';
import type { Output } from './io/output.js';
import { PACKAGE_ROOT } from './package-root.js';

// Wiring only: each action lazy-loads its command, so `--help` pays for nothing it does not show.

const VERSION = (
  JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as {
    version: string;
  }
).version;

async function output(json: boolean | undefined): Promise<Output> {
  const { createOutput } = await import('./io/output.js');
  return createOutput({ json: json ?? false });
}

async function token(opts: { token?: string; tokenFile?: string }): Promise<string | undefined> {
  const { resolveToken } = await import('./io/token.js');
  return resolveToken(opts);
}

async function requireToken(opts: { token?: string; tokenFile?: string }): Promise<string> {
  const value = await token(opts);
  if (value === undefined) {
    throw new UsageError(
      'no token given',
      'pass --token <token>, --token-file <path>, or set TIM_CALLBACK_TOKEN',
    );
  }
  return value;
}

async function sdkAppId(flag: string | undefined): Promise<string | undefined> {
  const { resolveSdkAppId } = await import('./io/token.js');
  return resolveSdkAppId(flag);
}

async function nowSeconds(raw: string | undefined, flag: string): Promise<number> {
  if (raw === undefined) return Math.floor(Date.now() / 1000);
  const { parseInteger } = await import('./core/options.js');
  return parseInteger(flag, raw, { min: 0 }, '1669872112');
}

function tokenOptions(command: Command): Command {
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

const EXAMPLES = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

const TOP_LEVEL_HELP = `${EXAMPLES([
  'tim-callback listen --port 0 --sdkappid 1400000000 --token-file token.txt',
  'tim-callback send http://127.0.0.1:8080/im/callback --sdkappid 1400000000 --token-file token.txt',
  'tim-callback validate http://127.0.0.1:3000/im/callback --sdkappid 1400000000 --token-file token.txt',
  'tim-callback fixtures',
])}
Exit codes:
  0        success: every check passed
  1        a check failed (a malformed, refused or FAIL answer, a bad signature, an inconclusive probe)
  2        usage error: a bad option, value or file
  3        the target could not be reached (refused, DNS, TLS; for send, no answer in time)
  130/143  stopped by SIGINT/SIGTERM

Environment variables:
  TIM_CALLBACK_TOKEN      the callback token (as --token); never printed
  TIM_SDKAPPID            your SDKAppID (as --sdkappid)
  HTTP_PROXY, HTTPS_PROXY, NO_PROXY
                          proxies for send, validate, replay and listen --forward-to
  NO_COLOR, FORCE_COLOR   colour off / on (off anyway when stdout is not a terminal)

Run 'tim-callback <command> --help' for a command's options and examples.
`;

export function createProgram(): Command {
  const program = new Command('tim-callback')
    .description(
      'Receive, send and contract-test Tencent Cloud IM Group.CallbackAfterGroupDestroyed callbacks',
    )
    .version(VERSION, '-V, --version')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(formatCommanderError(message)),
    })
    .addHelpText('after', TOP_LEVEL_HELP);

  tokenOptions(
    program
      .command('listen')
      .description(
        'run a callback receiver: check, show, record and answer (or relay) every callback',
      )
      .option('--port <port>', 'port to listen on; 0 takes a free one', '8080')
      .option('--host <host>', 'address to bind (0.0.0.0 for every interface)', '127.0.0.1')
      .option('--path <path>', 'serve callbacks at this path only (others get 404)')
      .option('--sdkappid <id>', 'reject callbacks for another SdkAppid (env TIM_SDKAPPID)'),
  )
    .option('--tolerance <secs>', 'allowed RequestTime skew, either direction', '60')
    .option('--record <file>', 'append one JSON line per request (mode 0600)')
    .option('--forward-to <url>', 'relay accepted callbacks to your backend and check its answer')
    .option('--forward-timeout <ms>', 'how long the backend may take (IM waits 2000)', '2000')
    .option(
      '--max-answer <bytes>',
      "read at most this much of the backend's answer, e.g. 8MiB (default: 1MiB)",
    )
    .addOption(
      new Option('--reply <ok|fail|file>', 'packet answered to accepted callbacks')
        .default('ok')
        .conflicts('forwardTo'),
    )
    .addOption(
      new Option('--reply-status <code>', 'HTTP status of that answer')
        .default('200')
        .conflicts('forwardTo'),
    )
    .option('--delay <ms>', 'wait before answering accepted callbacks (play a slow backend)', '0')
    .option('--strict', 'answer 400 when the body breaks the schema (default: only shown)')
    .option('--max-body <bytes>', 'largest body accepted, e.g. 512k or 16MiB', '16MiB')
    .option('--json', 'NDJSON on stdout, one record line per request; banner and summary on stderr')
    .addHelpText(
      'after',
      `${EXAMPLES([
        'tim-callback listen',
        'tim-callback listen --port 0 --sdkappid 1400000000 --token-file token.txt --record calls.jsonl',
        'tim-callback listen --host 0.0.0.0 --token-file token.txt --forward-to http://127.0.0.1:3000/im/callback',
        'tim-callback listen --reply fail --reply-status 500 --delay 2500',
        'tim-callback listen --json | jq .checks',
      ])}
Checks, in order, each failure answered with {"ActionStatus":"FAIL","ErrorCode":n,"ErrorInfo":…}:
  404 other path (with --path), 405 not POST, 413 body over --max-body,
  403 SdkAppid missing/wrong (with --sdkappid), 401 Sign missing/wrong/stale/future (with a token),
  400 not JSON or not an object, 400 schema problems (with --strict).
Ctrl+C or SIGTERM finishes the requests in flight, prints a summary and exits 0.
`,
    )
    .action(
      async (opts: {
        port: string;
        host: string;
        path?: string;
        sdkappid?: string;
        token?: string;
        tokenFile?: string;
        tolerance: string;
        record?: string;
        forwardTo?: string;
        forwardTimeout: string;
        maxAnswer?: string;
        reply: string;
        replyStatus: string;
        delay: string;
        strict?: boolean;
        maxBody: string;
        json?: boolean;
      }) => {
        const [{ runListen }, { parseHttpUrl, parseInteger }, { parseByteSize, parseListenPath }] =
          await Promise.all([
            import('./commands/listen.js'),
            import('./core/options.js'),
            import('./core/listen-options.js'),
          ]);
        const resolvedToken = await token(opts);
        const tokenSource =
          resolvedToken === undefined
            ? undefined
            : opts.token !== undefined
              ? ({ kind: 'flag' } as const)
              : opts.tokenFile !== undefined
                ? ({ kind: 'file', path: opts.tokenFile } as const)
                : ({ kind: 'env' } as const);
        if (opts.host.trim() === '') {
          throw new UsageError('--host is empty', 'e.g. --host 127.0.0.1 or --host 0.0.0.0');
        }
        return finish(
          await runListen(
            {
              port: parseInteger('--port', opts.port, { min: 0, max: 65535 }, '8080'),
              host: opts.host,
              path: opts.path === undefined ? undefined : parseListenPath(opts.path),
              sdkAppId: await sdkAppId(opts.sdkappid),
              token: resolvedToken,
              tokenSource,
              toleranceSeconds: parseInteger('--tolerance', opts.tolerance, { min: 0 }, '60'),
              record: opts.record,
              forwardTo:
                opts.forwardTo === undefined
                  ? undefined
                  : parseHttpUrl('--forward-to', opts.forwardTo),
              forwardTimeoutMs: parseInteger(
                '--forward-timeout',
                opts.forwardTimeout,
                { min: 1, max: 600_000 },
                '2000',
              ),
              maxAnswerBytes: await maxAnswer(opts.maxAnswer),
              reply: opts.reply,
              replyStatus: parseInteger(
                '--reply-status',
                opts.replyStatus,
                { min: 200, max: 599 },
                '500',
              ),
              delayMs: parseInteger('--delay', opts.delay, { min: 0, max: 600_000 }, '2500'),
              strict: opts.strict ?? false,
              maxBody: parseByteSize('--max-body', opts.maxBody),
            },
            await output(opts.json),
          ),
        );
      },
    );

  tokenOptions(
    program
      .command('send')
      .description(
        'send a signed Group.CallbackAfterGroupDestroyed to a backend and check its answer, once or under load',
      )
      .argument('[url]', "your backend's callback URL")
      .argument(
        '[fixture]',
        'the bundled callback body to send (default group-destroyed); list them with tim-callback fixtures',
      ),
  )
    .option('--payload <file>', 'send this body instead of a fixture (- for stdin)')
    .option(
      '--set <path=value>',
      'set a body field; JSON values are used as JSON (repeatable)',
      collect,
      [],
    )
    .option('--unset <path>', 'remove a body field (repeatable)', collect, [])
    .option('--type <type>', 'group type: Private, Public, ChatRoom, AVChatRoom, Community')
    .option('--members <n>', 'replace MemberList with n synthetic members')
    .option('--sdkappid <id>', 'SdkAppid to send (env TIM_SDKAPPID)')
    .addOption(
      new Option('--request-time <secs>', 'sign with this RequestTime, Unix seconds').conflicts(
        'skew',
      ),
    )
    .option('--skew <seconds>', 'RequestTime = now + seconds (negative: in the past)')
    .option('--client-ip <ip>', 'ClientIP to send (default 127.0.0.1)')
    .option('--platform <p>', 'OptPlatform to send (default RESTAPI)')
    .option('--timeout <ms>', "give up after this many ms (Tencent's own limit is 2000)", '2000')
    .option(
      '--max-answer <bytes>',
      'read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)',
    )
    .option('--count <n>', 'load mode: send n requests', '1')
    .option('--concurrency <c>', 'load mode: requests in flight', '10')
    .option('--duration <s>', 'load mode: keep sending for s seconds')
    .option('--rate <r>', 'load mode: at most r requests per second overall')
    .option('--insecure', 'accept any TLS certificate (staging)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .option('--dry-run', 'print the URL and body, send nothing')
    .option('--json', 'machine output: one JSON document')
    .option('-i, --interactive', 'ask for the URL, fixture, group and token, then send')
    .addHelpText(
      'after',
      EXAMPLES([
        'tim-callback send http://127.0.0.1:8080/im/callback --sdkappid 1400000000 --token-file token.txt',
        'tim-callback send https://staging.example.com/im/cb community-group --ca staging-ca.pem',
        'tim-callback send http://127.0.0.1:8080/cb --set Name=我的群 --members 500 --token-file token.txt --skew -300',
        'tim-callback send http://127.0.0.1:8080/cb --count 10000 --concurrency 50 --json',
        'tim-callback send -i',
      ]),
    )
    .action(async (url: string | undefined, fixture: string | undefined, opts: SendFlags) => {
      const [{ runSend }, { parseHttpUrl, parseInteger, parsePositiveNumber }] = await Promise.all([
        import('./commands/send.js'),
        import('./core/options.js'),
      ]);
      const resolved = await token(opts);
      const int = (flag: string, raw: string | undefined, min: number, example?: string) =>
        raw === undefined ? undefined : parseInteger(flag, raw, { min }, example);
      return finish(
        await runSend(
          {
            url: url === undefined ? undefined : parseHttpUrl('<url>', url),
            fixture,
            payload: opts.payload,
            set: opts.set,
            unset: opts.unset,
            type: opts.type,
            members: int('--members', opts.members, 0, '500'),
            sdkAppId: await sdkAppId(opts.sdkappid),
            token: resolved,
            tokenSource:
              resolved === undefined
                ? undefined
                : opts.token !== undefined
                  ? 'flag'
                  : opts.tokenFile !== undefined
                    ? 'file'
                    : 'env',
            tokenFile: opts.tokenFile,
            requestTime: int('--request-time', opts.requestTime, 0, '1669872112'),
            skewSeconds:
              opts.skew === undefined ? undefined : parseInteger('--skew', opts.skew, {}, '-300'),
            clientIp: opts.clientIp,
            platform: opts.platform,
            timeoutMs: parseInteger('--timeout', opts.timeout, { min: 1 }, '2000'),
            maxAnswerBytes: await maxAnswer(opts.maxAnswer),
            insecure: opts.insecure ?? false,
            ca: opts.ca,
            dryRun: opts.dryRun ?? false,
            interactive: opts.interactive ?? false,
            count: parseInteger('--count', opts.count, { min: 1 }, '1000'),
            concurrency: parseInteger(
              '--concurrency',
              opts.concurrency,
              { min: 1, max: 10_000 },
              '50',
            ),
            durationSeconds:
              opts.duration === undefined
                ? undefined
                : parsePositiveNumber('--duration', opts.duration),
            rate: opts.rate === undefined ? undefined : parsePositiveNumber('--rate', opts.rate),
          },
          await output(opts.json),
        ),
      );
    });

  tokenOptions(
    program
      .command('validate [url]')
      .description(
        'run the contract suite against a live backend, or check one packet offline (--request/--response)',
      ),
  )
    .option(
      '--sdkappid <id>',
      'your SDKAppID: sent as SdkAppid, enables wrong-sdkappid (env TIM_SDKAPPID)',
    )
    .option(
      '--timeout <ms>',
      'how long to wait for an answer; over 2000 ms fails in-time anyway (IM gives up)',
      '2000',
    )
    .option(
      '--max-answer <bytes>',
      'read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)',
    )
    .option('--cases <ids>', 'run only these cases, comma-separated (see --list)')
    .addOption(
      new Option(
        '--reporter <name>',
        'report format (github: the human report plus GitHub Actions annotations)',
      ).choices(['human', 'json', 'junit', 'github']),
    )
    .option('--output <file>', 'write the report to a file; the terminal still gets the summary')
    .option('--list', 'list the cases with their ids; needs no URL')
    .option('--insecure', 'accept any TLS certificate (staging)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .addOption(
      new Option('--request <file>', 'offline: check a callback body file (- for stdin)').conflicts(
        'response',
      ),
    )
    .option('--response <file>', 'offline: check a response packet file (- for stdin)')
    .option('--json', 'machine output (the same as --reporter json for a live run)')
    .addHelpText(
      'after',
      `${EXAMPLES([
        'tim-callback validate http://127.0.0.1:3000/im/callback',
        'tim-callback validate "$BACKEND_URL" --sdkappid 1400000000 --token-file token.txt --reporter junit --output report.xml',
        'tim-callback validate http://127.0.0.1:3000/im/callback --cases documented-example,large-group',
        'tim-callback validate "$BACKEND_URL" --token-file token.txt --reporter github',
        'tim-callback validate --list',
        'tim-callback validate --response answer.json',
        'curl -s -X POST http://127.0.0.1:3000/cb -d @body.json | tim-callback validate --response -',
        'tim-callback fixtures show cn-edition | tim-callback validate --request -',
      ])}
Each probe (wrong-sdkappid, wrong-sign, …) goes just after a valid control callback; when the
backend refuses the control too, the probe is inconclusive, and the run cannot pass.
Exit codes: 0 every case passed (skipped ones allowed), 1 a case failed or was inconclusive,
2 usage error, 3 the backend could not be reached, 130/143 interrupted by SIGINT/SIGTERM
(the --output report is still written, unfinished cases marked interrupted).
`,
    )
    .action(
      async (
        url: string | undefined,
        opts: {
          request?: string;
          response?: string;
          json?: boolean;
          list?: boolean;
          sdkappid?: string;
          token?: string;
          tokenFile?: string;
          timeout: string;
          maxAnswer?: string;
          cases?: string;
          reporter?: 'human' | 'json' | 'junit' | 'github';
          output?: string;
          insecure?: boolean;
          ca?: string;
        },
      ) => {
        if (opts.list) {
          const { runValidateList } = await import('./commands/validate-list.js');
          return finish(runValidateList(await output(opts.json || opts.reporter === 'json')));
        }
        const file = opts.request ?? opts.response;
        if (file !== undefined) {
          if (url !== undefined) {
            throw new UsageError(
              `a URL and --${opts.request ? 'request' : 'response'} cannot go together`,
              'check a file offline, or a live URL, not both',
            );
          }
          const { runCheckPacket } = await import('./commands/check-packet.js');
          return finish(
            await runCheckPacket(
              { kind: opts.request ? 'request' : 'response', file },
              await output(opts.json),
            ),
          );
        }
        if (url === undefined) {
          throw new UsageError(
            'nothing to validate',
            'pass the URL of your callback endpoint, --list, --request <file> or --response <file>',
          );
        }
        const [{ runValidate }, { parseHttpUrl, parseInteger }, { parseCaseList }] =
          await Promise.all([
            import('./commands/validate.js'),
            import('./core/options.js'),
            import('./core/contract-cases.js'),
          ]);
        const caseIds = opts.cases === undefined ? undefined : parseCaseList(opts.cases);
        const reporter = opts.reporter ?? (opts.json ? 'json' : 'human');
        return finish(
          await runValidate(
            {
              target: parseHttpUrl('<url>', url),
              sdkAppId: await sdkAppId(opts.sdkappid),
              token: await token(opts),
              timeoutMs: parseInteger('--timeout', opts.timeout, { min: 1 }, '2000'),
              maxAnswerBytes: await maxAnswer(opts.maxAnswer),
              caseIds,
              reporter,
              outputFile: opts.output,
              insecure: opts.insecure,
              ca: opts.ca,
            },
            await output(
              (reporter === 'json' || reporter === 'junit') && opts.output === undefined,
            ),
          ),
        );
      },
    );

  tokenOptions(
    program
      .command('replay <record> <url>')
      .description(
        'resend the callbacks of a listen --record file with their exact body bytes (re-signed with a token)',
      ),
  )
    .option(
      '--filter <field=value>',
      'replay only records whose dotted field equals value; repeatable, all must match',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--timeout <ms>', 'how long to wait for each answer', '2000')
    .option(
      '--max-answer <bytes>',
      'read at most this much of each answer, e.g. 64k or 8MiB (default: 1MiB)',
    )
    .option('--insecure', 'accept any TLS certificate (staging)')
    .option('--ca <file>', 'trust the CA certificates in this PEM file')
    .option('--json', 'machine output: one NDJSON line per callback')
    .addHelpText(
      'after',
      EXAMPLES([
        'tim-callback replay callbacks.jsonl http://127.0.0.1:3000/im/callback',
        'tim-callback replay callbacks.jsonl https://staging.example.com/im/callback --token-file token.txt',
        'tim-callback replay callbacks.jsonl http://127.0.0.1:3000/cb --filter checks.sign=ok --filter query.CallbackCommand=Group.CallbackAfterGroupDestroyed',
      ]),
    )
    .action(
      async (
        record: string,
        url: string,
        opts: {
          filter: string[];
          token?: string;
          tokenFile?: string;
          timeout: string;
          maxAnswer?: string;
          insecure?: boolean;
          ca?: string;
          json?: boolean;
        },
      ) => {
        const [{ runReplay }, { parseHttpUrl, parseInteger }, { parseRecordFilter }] =
          await Promise.all([
            import('./commands/replay.js'),
            import('./core/options.js'),
            import('./core/replay.js'),
          ]);
        return finish(
          await runReplay(
            {
              file: record,
              target: parseHttpUrl('<url>', url),
              filters: opts.filter.map(parseRecordFilter),
              token: await token(opts),
              timeoutMs: parseInteger('--timeout', opts.timeout, { min: 1 }, '2000'),
              maxAnswerBytes: await maxAnswer(opts.maxAnswer),
              insecure: opts.insecure,
              ca: opts.ca,
            },
            await output(opts.json),
          ),
        );
      },
    );

  tokenOptions(
    program
      .command('sign')
      .description('compute Sign and RequestTime for a token, or sign a whole callback URL'),
  )
    .option('--request-time <secs>', 'Unix seconds to sign (default: now)')
    .option(
      '--url <url>',
      'print this callback URL signed (a bare backend URL gets every parameter)',
    )
    .option('--sdkappid <id>', 'SdkAppid for a bare --url (env TIM_SDKAPPID)')
    .option('--json', 'machine output: {sign, requestTime, url?}')
    .addHelpText(
      'after',
      EXAMPLES([
        'tim-callback sign --token xxxxyyyy --request-time 1669872112',
        'tim-callback sign --token-file token.txt --url https://example.com/im/callback --json',
      ]),
    )
    .action(
      async (opts: {
        token?: string;
        tokenFile?: string;
        requestTime?: string;
        url?: string;
        sdkappid?: string;
        json?: boolean;
      }) => {
        const [{ runSign }, { parseHttpUrl }] = await Promise.all([
          import('./commands/sign.js'),
          import('./core/options.js'),
        ]);
        return finish(
          runSign(
            {
              token: await requireToken(opts),
              requestTime: await nowSeconds(opts.requestTime, '--request-time'),
              url: opts.url === undefined ? undefined : parseHttpUrl('--url', opts.url),
              sdkAppId: await sdkAppId(opts.sdkappid),
            },
            await output(opts.json),
          ),
        );
      },
    );

  tokenOptions(
    program
      .command('verify <signed-url>')
      .description(
        'explain the Sign check of a callback URL: what was hashed, expected vs received, skew',
      ),
  )
    .option('--now <secs>', 'the clock to check against, Unix seconds (default: now)')
    .option('--tolerance <secs>', 'allowed clock difference in either direction', '60')
    .option('--json', 'machine output')
    .addHelpText(
      'after',
      EXAMPLES([
        "tim-callback verify 'https://example.com/cb?Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061&RequestTime=1669872112' --token xxxxyyyy --now 1669872130",
      ]),
    )
    .action(
      async (
        url: string,
        opts: {
          token?: string;
          tokenFile?: string;
          now?: string;
          tolerance: string;
          json?: boolean;
        },
      ) => {
        const [{ runVerify }, { parseHttpUrl, parseInteger }] = await Promise.all([
          import('./commands/verify.js'),
          import('./core/options.js'),
        ]);
        return finish(
          runVerify(
            {
              url: parseHttpUrl('<signed-url>', url),
              token: await requireToken(opts),
              now: await nowSeconds(opts.now, '--now'),
              tolerance: parseInteger('--tolerance', opts.tolerance, { min: 0 }),
            },
            await output(opts.json),
          ),
        );
      },
    );

  const fixtures = program
    .command('fixtures')
    .description('list the bundled callback bodies and response packets')
    .option('--json', 'machine output: [{name, kind, description}]')
    .addHelpText(
      'after',
      EXAMPLES(['tim-callback fixtures', 'tim-callback fixtures show cn-edition']),
    )
    .action(async (opts: { json?: boolean }) => {
      const { runFixturesList } = await import('./commands/fixtures.js');
      return finish(runFixturesList(await output(opts.json)));
    });
  fixtures
    .command('show [name]')
    .description('print one fixture')
    .option('--json', 'machine output: {name, kind, description, content}')
    .action(async (name: string | undefined, opts: { json?: boolean }) => {
      const { runFixturesShow } = await import('./commands/fixtures.js');
      return finish(runFixturesShow(name, await output(opts.json)));
    });

  program
    .command('schema')
    .description('print the JSON Schema of the callback body (request) or the response packet')
    .addArgument(
      new Argument('[which]', 'request or response')
        .choices(['request', 'response'])
        .default('request'),
    )
    .addHelpText(
      'after',
      EXAMPLES([
        'tim-callback schema request > callback.schema.json',
        'tim-callback schema response',
      ]),
    )
    .action(async (which: 'request' | 'response') => {
      const { runSchema } = await import('./commands/schema.js');
      return finish(runSchema(which, await output(true)));
    });

  return program;
}

interface SendFlags {
  payload?: string;
  set: string[];
  unset: string[];
  type?: string;
  members?: string;
  sdkappid?: string;
  token?: string;
  tokenFile?: string;
  requestTime?: string;
  skew?: string;
  clientIp?: string;
  platform?: string;
  timeout: string;
  maxAnswer?: string;
  count: string;
  concurrency: string;
  duration?: string;
  rate?: string;
  insecure?: boolean;
  ca?: string;
  dryRun?: boolean;
  json?: boolean;
  interactive?: boolean;
}

/**
 * --max-answer in bytes (`8MiB`, `64k`); undefined leaves the 1 MiB default. Parsed only when
 * given, so that a plain send does not load the listen options module at start-up.
 */
async function maxAnswer(raw: string | undefined): Promise<number | undefined> {
  if (raw === undefined) return undefined;
  const { parseByteSize } = await import('./core/listen-options.js');
  return parseByteSize('--max-answer', raw);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function finish(code: ExitCode): void {
  process.exitCode = code;
}

function formatCommanderError(message: string): string {
  const text = message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/\.$/, '');
  return maskUrlPasswords(`tim-callback: ${text}. Run 'tim-callback --help' for usage.\n`);
}

/** A reader that went away (`| head`) is not an error: stop writing, keep the exit code. */
function ignoreClosedPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    });
  }
}

/** The stack with src/*.ts lines where the build's source maps have them, else as it is. */
async function mappedStack(stack: string): Promise<string> {
  try {
    const { sourceMappedStack } = await import('./io/stack-trace.js');
    return sourceMappedStack(stack);
  } catch {
    return stack;
  }
}

export async function main(argv: string[]): Promise<void> {
  ignoreClosedPipes();
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return;
    }
    if (error instanceof CliError) {
      // A message may quote a URL as given (a bad value, an unreachable target): mask its password.
      process.stderr.write(
        maskUrlPasswords(`tim-callback: ${error.message}${error.hint ? `; ${error.hint}` : ''}\n`),
      );
      process.exitCode = error.exitCode;
      return;
    }
    const stack = (error as Error)?.stack;
    process.stderr.write(
      `tim-callback: unexpected error, please report it with the command you ran:\n${stack === undefined ? String(error) : await mappedStack(stack)}\n`,
    );
    process.exitCode = EXIT_INTERNAL;
  }
}
