import { readFileSync } from 'node:fs';
import { Argument, Command, CommanderError, Option } from 'commander';
import { CliError, EXIT_USAGE, UsageError } from './core/errors.js';
import type { Output } from './io/output.js';

// Wiring only: each action lazy-loads its command, so `--help` pays for nothing it does not show.

const VERSION = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
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
    .option('--token-file <path>', 'read the token from the first line of a file');
}

const EXAMPLES = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;

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
    });

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
    .command('show <name>')
    .description('print one fixture')
    .option('--json', 'machine output: {name, kind, description, content}')
    .action(async (name: string, opts: { json?: boolean }) => {
      const { runFixturesShow } = await import('./commands/fixtures.js');
      return finish(runFixturesShow(name, await output(opts.json)));
    });

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
        "tim-callback verify 'https://example.com/cb?Sign=17773bc3...&RequestTime=1669872112' --token xxxxyyyy --now 1669872130",
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

  program
    .command('validate [url]')
    .description('check one callback body or response packet offline (--request/--response)')
    .addOption(
      new Option('--request <file>', 'check a callback body file (- for stdin)').conflicts(
        'response',
      ),
    )
    .option('--response <file>', 'check a response packet file (- for stdin)')
    .option('--json', 'machine output')
    .addHelpText(
      'after',
      EXAMPLES([
        'tim-callback validate --response answer.json',
        'curl -s -X POST http://127.0.0.1:3000/cb -d @body.json | tim-callback validate --response -',
        'tim-callback validate --request fixtures/callbacks/cn-edition.json',
      ]),
    )
    .action(
      async (
        url: string | undefined,
        opts: { request?: string; response?: string; json?: boolean },
      ) => {
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
            runCheckPacket(
              { kind: opts.request ? 'request' : 'response', file },
              await output(opts.json),
            ),
          );
        }
        throw new UsageError('nothing to validate', 'pass --request <file> or --response <file>');
      },
    );

  tokenOptions(
    program
      .command('send [url] [fixture]')
      .description(
        'send a signed Group.CallbackAfterGroupDestroyed to a backend and check its answer, once or under load',
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
        'tim-callback send http://127.0.0.1:8080/cb --set Name=我的群 --members 500 --skew -300',
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

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function finish(code: number): void {
  process.exitCode = code;
}

function formatCommanderError(message: string): string {
  const text = message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `tim-callback: ${text}. Run 'tim-callback --help' for usage.\n`;
}

export async function main(argv: string[]): Promise<void> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and --version end with code 0; every other commander error is a usage error.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(
        `tim-callback: ${error.message}${error.hint ? `; ${error.hint}` : ''}\n`,
      );
      process.exitCode = error.exitCode;
      return;
    }
    process.stderr.write(
      `tim-callback: unexpected error, please report it with the command you ran:\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    process.exitCode = 70;
  }
}

await main(process.argv);
