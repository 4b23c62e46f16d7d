import type { ExitCode } from '../../core/exit-codes.js';
import { output } from '../shared/inputs.js';
import type { SchemaWhich } from './command.js';
import { runSchema } from './schema.js';

export function schemaAction(which: SchemaWhich): ExitCode {
  return runSchema(which, output(true));
}
