import { type Command, Option } from 'commander';
import { examples } from '../shared/options.js';

export interface CompletionFlags {
  values?: string;
}

export function declareCompletion(program: Command): Command {
  return program
    .command('completion')
    .description(
      'print a shell completion script: commands, options, sample names, case ids, profiles',
    )
    .argument('[shell]', 'bash, zsh or fish')
    .addOption(
      // What the scripts ask at TAB time for values that depend on the directory.
      new Option('--values <kind>', 'print the values of a kind, one a line (profiles)').hideHelp(),
    )
    .addHelpText(
      'after',
      examples([
        'tim-callback completion bash > tim-callback-completion.bash',
        'tim-callback completion zsh > _tim-callback',
        'tim-callback completion fish > tim-callback.fish',
      ]),
    );
}
