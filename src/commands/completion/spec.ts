import type { Argument, Command, Option } from 'commander';
import type { CommandSpec, CompletionSpec, OptionSpec, ValueKind } from '../../core/completion.js';

/** The values the program's options and arguments complete, gathered by the action. */
export interface CompletionValues {
  /** Default sample names: aliases, CallbackCommands, the legacy fixture names. */
  samples: readonly string[];
  /** `<alias>:<variant>`. */
  variants: readonly string[];
  /** Command aliases and CallbackCommands, for options and arguments that name a command. */
  commands: readonly string[];
  /** validate case ids. */
  cases: readonly string[];
  /** listen --reply words. */
  replies: readonly string[];
}

/**
 * Options whose values are known by name; every other option is read from commander: its
 * choices, or files when its placeholder names a file, a path or a folder.
 */
function namedOptionValue(
  long: string | undefined,
  values: CompletionValues,
): ValueKind | undefined {
  switch (long) {
    case '--cases':
      return { type: 'list', words: values.cases };
    case '--profile':
      return { type: 'profiles' };
    case '--command':
      return { type: 'words', words: ['all', ...values.commands] };
    case '--reply':
      return { type: 'words', words: values.replies };
    default:
      return undefined;
  }
}

function optionValue(option: Option, values: CompletionValues): ValueKind | null {
  // An optional value (`--ui [port]`) is completed as a flag: the next word may be another option.
  if (!option.required) return null;
  if (option.argChoices) return { type: 'words', words: option.argChoices };
  const named = namedOptionValue(option.long, values);
  if (named) return named;
  return /<[^>]*(file|path|dir)[^>]*>/.test(option.flags) ? { type: 'files' } : { type: 'none' };
}

function argValue(
  command: Command,
  parent: Command | undefined,
  arg: Argument,
  values: CompletionValues,
): ValueKind {
  if (arg.argChoices) return { type: 'words', words: arg.argChoices };
  const name = arg.name();
  // The implicit `help [command]` (commander does not set its parent): the commands beside it.
  if (command.name() === 'help' && name === 'command' && parent !== undefined) {
    const names = parent
      .createHelp()
      .visibleCommands(parent)
      .map((c) => c.name());
    return { type: 'words', words: names.filter((n) => n !== 'help') };
  }
  if (/^(fixture|sample|name)$/.test(name)) return { type: 'samples' };
  if (name === 'command') return { type: 'words', words: values.commands };
  if (/record|file|path/.test(name)) return { type: 'files' };
  return { type: 'none' };
}

function commandSpec(
  command: Command,
  parent: Command | undefined,
  path: readonly string[],
  values: CompletionValues,
): CommandSpec[] {
  const help = command.createHelp();
  const subcommands = help.visibleCommands(command);
  const options: OptionSpec[] = help.visibleOptions(command).map((option) => ({
    names: [option.short, option.long].filter((n): n is string => n !== undefined),
    value: optionValue(option, values),
  }));
  const spec: CommandSpec = {
    path,
    subcommands: subcommands.flatMap((c) => [c.name(), ...c.aliases()]),
    options,
    args: command.registeredArguments.map((arg) => argValue(command, parent, arg, values)),
  };
  const nested: CommandSpec[] = subcommands.flatMap((sub) =>
    commandSpec(sub, command, [...path, sub.name()], values),
  );
  return [spec, ...nested];
}

/** The program as completion sees it: every visible command, option and argument, from commander. */
export function completionSpec(program: Command, values: CompletionValues): CompletionSpec {
  return {
    program: program.name(),
    commands: commandSpec(program, undefined, [], values),
    samples: values.samples,
    variants: values.variants,
  };
}
