import type { Command } from 'commander';
import { completionScript, SHELLS, type Shell } from '../../core/completion.js';
import { UsageError } from '../../core/errors.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { profileNames } from '../../io/completion-values.js';
import { output } from '../shared/inputs.js';
import type { CompletionFlags } from './command.js';
import { type CompletionValues, completionSpec } from './spec.js';

const LISTEN_REPLIES = ['ok', 'fail', 'allow', 'deny', 'discard'];

/** The catalogue's names, the legacy fixtures and the case ids, loaded only to print a script. */
async function completionValues(): Promise<CompletionValues> {
  const [{ loadCatalog }, names, { listFixtures }, { CASE_IDS }, { commandCases }] =
    await Promise.all([
      import('../../io/catalog.js'),
      import('../../core/catalog/names.js'),
      import('../../io/fixtures.js'),
      import('../../core/contract-cases.js'),
      import('../../core/contract-commands.js'),
    ]);
  const catalog = await loadCatalog();
  const aliases = catalog.map((entry) => names.aliasOf(entry.command));
  const commands = [...aliases, ...catalog.map((entry) => entry.command)];
  const variants = catalog.flatMap((entry) =>
    entry.samples.flatMap((sample) =>
      sample.variant === null ? [] : [names.sampleName(entry, sample)],
    ),
  );
  const fixtures = listFixtures().map((f) => f.name);
  return {
    samples: [...new Set([...commands, ...fixtures])],
    variants,
    commands,
    // Today's ids, every command's `<alias>/<case>`, and `accept`: with --command, a case name
    // (accept, wrong-sign, …) picks it for every command.
    cases: [...new Set([...CASE_IDS, 'accept', ...commandCases(catalog).map((c) => c.id)])],
    replies: LISTEN_REPLIES,
  };
}

function isShell(name: string): name is Shell {
  return (SHELLS as readonly string[]).includes(name);
}

export async function completionAction(
  shell: string | undefined,
  flags: CompletionFlags,
  command: Command,
): Promise<ExitCode> {
  const out = output(false);
  if (flags.values !== undefined) {
    // Asked at TAB time: prints what it finds, and nothing (never an error) when there is none.
    if (flags.values !== 'profiles') {
      throw new UsageError(`--values takes profiles, not "${flags.values}"`);
    }
    for (const name of profileNames(process.cwd())) out.raw(`${name}\n`);
    return EXIT_OK;
  }
  if (shell === undefined || !isShell(shell)) {
    throw new UsageError(
      shell === undefined ? 'missing the shell' : `no completion for the shell "${shell}"`,
      `choose one of ${SHELLS.join(', ')}, e.g. tim-callback completion bash`,
    );
  }
  const program = command.parent ?? command;
  out.raw(completionScript(shell, completionSpec(program, await completionValues())));
  return EXIT_OK;
}
