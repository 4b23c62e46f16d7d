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

  return program;
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
