import type { Command } from 'commander';
import type { CatalogEntry } from '../../core/catalog/types.js';
import { parseCaseList } from '../../core/contract-cases.js';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { parseHttpUrl } from '../../core/options.js';
import { output } from '../shared/inputs.js';
import { readSettingToken, resolveCommandSettings, sdkAppIdSetting } from '../shared/settings.js';
import { runCheckPacket } from './check-packet.js';
import type { Reporter, ValidateFlags } from './command.js';
import { runValidateList } from './list.js';
import { runValidate } from './validate.js';

/** validate does one of three things: list the cases, check a file offline, or run the suite. */
export async function validateAction(
  url: string | undefined,
  flags: ValidateFlags,
  command: Command,
): Promise<ExitCode> {
  const commands = await commandsOf(flags.command ?? []);
  if (flags.list) {
    // What a live run with these flags would run: with no --command, the profile's commands.
    const listed = commands ?? (await profileCommands(command, flags));
    return runValidateList(output(flags.json || flags.reporter === 'json'), listed);
  }
  const file = flags.request ?? flags.response;
  if (file !== undefined) {
    if (commands !== undefined && commands.length !== 1) {
      throw new UsageError(
        `--${flags.request ? 'request' : 'response'} checks one command's ${flags.request ? 'body' : 'answer'}`,
        'name one --command (not all)',
      );
    }
    if (url !== undefined) {
      throw new UsageError(
        `a URL and --${flags.request ? 'request' : 'response'} cannot go together`,
        'check a file offline, or a live URL, not both',
      );
    }
    const kind = flags.request ? 'request' : 'response';
    return runCheckPacket({ kind, file, entry: commands?.[0] }, output(flags.json));
  }
  return runSuite(url, flags, command, commands);
}

/**
 * The catalogue commands --command names, in the order given, each once; `all` is every one.
 * Undefined without --command: then the catalogue is not loaded at all.
 */
async function commandsOf(names: readonly string[]): Promise<CatalogEntry[] | undefined> {
  if (names.length === 0) return undefined;
  const { findCommand, loadCatalog } = await import('../../io/catalog.js');
  if (names.some((name) => name.trim().toLowerCase() === 'all')) return [...(await loadCatalog())];
  const entries: CatalogEntry[] = [];
  for (const name of names) {
    const entry = await findCommand(name);
    if (!entries.includes(entry)) entries.push(entry);
  }
  return entries;
}

/** The commands the chosen profile names (undefined when it names none). */
async function profileCommands(
  command: Command,
  flags: ValidateFlags,
): Promise<CatalogEntry[] | undefined> {
  const { settings } = resolveCommandSettings(command, flags, { url: undefined, commands: [] });
  return commandsOf(settings.commands.value ?? []);
}

/** A live run: the URL, SDKAppID, token, timeout and commands may come from a profile. */
async function runSuite(
  urlArg: string | undefined,
  flags: ValidateFlags,
  command: Command,
  given: CatalogEntry[] | undefined,
): Promise<ExitCode> {
  const { settings } = resolveCommandSettings(command, flags, {
    url: urlArg === undefined ? undefined : parseHttpUrl('<url>', urlArg),
    commands: flags.command ?? [],
  });
  const url = settings.url.value;
  if (url === undefined) {
    throw new UsageError(
      'nothing to validate',
      'pass the URL of your callback endpoint (or a profile with a url), --list, --request <file> or --response <file>',
    );
  }
  const commands = given ?? (await commandsOf(settings.commands.value ?? []));
  const caseIds = flags.cases === undefined ? undefined : parseCaseList(flags.cases);
  const reporter: Reporter = flags.reporter ?? (flags.json ? 'json' : 'human');
  // A machine report on stdout is the only thing there: no colour, nothing else printed to it.
  const machineOnStdout =
    (reporter === 'json' || reporter === 'junit') && flags.output === undefined;
  return runValidate(
    {
      target: url,
      sdkAppId: sdkAppIdSetting(settings),
      token: readSettingToken(settings, flags).token,
      timeoutMs: settings.timeout.value ?? flags.timeout,
      maxAnswerBytes: flags.maxAnswer,
      caseIds,
      commands,
      reporter,
      outputFile: flags.output,
      insecure: flags.insecure,
      ca: flags.ca,
    },
    output(machineOnStdout),
  );
}
