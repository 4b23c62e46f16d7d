import type { ExitCode } from '../../core/exit-codes.js';
import { output } from '../shared/inputs.js';
import type { SchemaFlags, SchemaWhich } from './command.js';
import { runSchema } from './schema.js';

export function schemaAction(
  which: SchemaWhich | undefined,
  command: string | undefined,
  flags: SchemaFlags,
): Promise<ExitCode> {
  const all = flags.all ?? false;
  // One schema is a JSON document on stdout; --all writes files and says so in a line.
  return runSchema({ which, command, all, out: flags.out }, output(!all));
}
