import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { declareCompletion } from './commands/completion/command.js';
import { declareConfig } from './commands/config/command.js';
import { declareDoctor } from './commands/doctor/command.js';
import { declareFixtures, declareFixturesShow } from './commands/fixtures/command.js';
import { TOP_LEVEL_HELP } from './commands/help.js';
import { declareListen } from './commands/listen/command.js';
import { declareReplay } from './commands/replay/command.js';
import { declareSchema } from './commands/schema/command.js';
import { declareSend } from './commands/send/command.js';
import { declareSign } from './commands/sign/command.js';
import { declareValidate } from './commands/validate/command.js';
import { declareVerify } from './commands/verify/command.js';
import { CliError } from './core/errors.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type ExitCode } from './core/exit-codes.js';
import { maskUrlPasswords } from './core/redact.js';
import { PACKAGE_ROOT } from './package-root.js';

// The registry: each command declares its arguments and options in its folder
// (src/commands/<name>/command.ts); its action is loaded inside `.action`, only when it runs, so
// `--help` pays for nothing it does not show. One boundary, `main`, turns errors into exit codes.

const VERSION = (
  JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as {
    version: string;
  }
).version;

type Action<A extends unknown[]> = (...args: A) => ExitCode | Promise<ExitCode>;

/** An action loaded when its command runs; what it returns is the exit code. */
function lazy<A extends unknown[]>(load: () => Promise<Action<A>>): (...args: A) => Promise<void> {
  return async (...args) => {
    const action = await load();
    process.exitCode = await action(...args);
  };
}

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

  declareListen(program).action(
    lazy(async () => (await import('./commands/listen/action.js')).listenAction),
  );
  declareSend(program).action(
    lazy(async () => (await import('./commands/send/action.js')).sendAction),
  );
  declareValidate(program).action(
    lazy(async () => (await import('./commands/validate/action.js')).validateAction),
  );
  declareReplay(program).action(
    lazy(async () => (await import('./commands/replay/action.js')).replayAction),
  );
  declareSign(program).action(
    lazy(async () => (await import('./commands/sign/action.js')).signAction),
  );
  declareVerify(program).action(
    lazy(async () => (await import('./commands/verify/action.js')).verifyAction),
  );
  const fixtures = declareFixtures(program).action(
    lazy(async () => (await import('./commands/fixtures/action.js')).fixturesAction),
  );
  declareFixturesShow(fixtures).action(
    lazy(async () => (await import('./commands/fixtures/action.js')).fixturesShowAction),
  );
  declareSchema(program).action(
    lazy(async () => (await import('./commands/schema/action.js')).schemaAction),
  );
  declareConfig(program).action(
    lazy(async () => (await import('./commands/config/action.js')).configAction),
  );
  declareDoctor(program).action(
    lazy(async () => (await import('./commands/doctor/action.js')).doctorAction),
  );
  declareCompletion(program).action(
    lazy(async () => (await import('./commands/completion/action.js')).completionAction),
  );
  return program;
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

/** The one boundary: an expected error is one line and its exit code; anything else is a bug. */
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
