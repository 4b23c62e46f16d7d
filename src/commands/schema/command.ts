import { Argument, type Command } from 'commander';
import { examples } from '../shared/options.js';

export type SchemaWhich = 'request' | 'response';

export function declareSchema(program: Command): Command {
  return program
    .command('schema')
    .description('print the JSON Schema of the callback body (request) or the response packet')
    .addArgument(
      new Argument('[which]', 'request or response')
        .choices(['request', 'response'])
        .default('request'),
    )
    .addHelpText(
      'after',
      examples([
        'tim-callback schema request > callback.schema.json',
        'tim-callback schema response',
      ]),
    );
}
