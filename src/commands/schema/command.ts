import { Argument, type Command } from 'commander';
import { examples } from '../shared/options.js';

export type SchemaWhich = 'request' | 'response';

export interface SchemaFlags {
  all?: boolean;
  out?: string;
}

export function declareSchema(program: Command): Command {
  return program
    .command('schema')
    .description(
      "print the JSON Schema of a callback's body (request) or its answer (response); --all writes every command's",
    )
    .addArgument(
      new Argument('[which]', 'request or response (default request)').choices([
        'request',
        'response',
      ]),
    )
    .argument(
      '[command]',
      'the CallbackCommand or its alias (default Group.CallbackAfterGroupDestroyed); list them with tim-callback fixtures',
    )
    .option('--all', 'every command: one request and one response schema each, and an index')
    .option('--out <dir>', 'with --all: the folder to write them to (created if missing)')
    .addHelpText(
      'after',
      examples([
        'tim-callback schema request > callback.schema.json',
        'tim-callback schema response',
        'tim-callback schema request c2c.before-send-msg',
        'tim-callback schema response C2C.CallbackBeforeSendMsg',
        'tim-callback schema --all --out schemas',
      ]),
    );
}
