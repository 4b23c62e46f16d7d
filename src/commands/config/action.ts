import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';
import { output } from '../shared/inputs.js';
import { resolveCommandSettings } from '../shared/settings.js';
import type { ConfigFlags } from './command.js';
import { runConfig } from './config.js';

export function configAction(flags: ConfigFlags, command: Command): ExitCode {
  return runConfig(resolveCommandSettings(command, flags), output(flags.json));
}
