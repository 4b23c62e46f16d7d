import type { Command } from 'commander';
import { configOptions, examples } from '../shared/options.js';

export interface ConfigFlags {
  config?: string;
  profile?: string;
  json?: boolean;
}

export function declareConfig(program: Command): Command {
  return configOptions(
    program
      .command('config')
      .description(
        'show the settings send, validate and listen would use, and where each comes from',
      ),
  )
    .option('--json', 'machine output: one JSON document')
    .addHelpText(
      'after',
      `${examples([
        'tim-callback config',
        'tim-callback config --profile staging',
        'TIM_PROFILE=staging tim-callback config --json',
      ])}
Precedence: flag > environment (TIM_SDKAPPID, TIM_CALLBACK_TOKEN) > profile > default.
The config file is tim-callback.config.json in this directory or the nearest parent (or --config);
the profile is --profile, else TIM_PROFILE, else the one named "default" if the file has it.
The token is never shown, only where it is read from.
`,
    );
}
