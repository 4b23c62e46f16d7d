import { join } from 'node:path';
import { schemaDocument } from '../../core/catalog/decision.js';
import { SCHEMA_INDEX_FILE, schemaSet } from '../../core/catalog/schema-set.js';
import { UsageError } from '../../core/errors.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { requestSchema, responseSchema } from '../../core/schemas/index.js';
import { plural } from '../../core/text.js';
import { findCommand, loadCatalog } from '../../io/catalog.js';
import { makeFolder, writeRegularFile } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import type { SchemaWhich } from './command.js';

export interface SchemaOptions {
  which: SchemaWhich | undefined;
  command: string | undefined;
  all: boolean;
  out: string | undefined;
}

/**
 * `schema [request|response] [command]`: one JSON Schema on stdout; with no command, the schemas of
 * Group.CallbackAfterGroupDestroyed as they always were. `schema --all --out <dir>`: every
 * command's, one file each, and an index.
 */
export async function runSchema(options: SchemaOptions, out: Output): Promise<ExitCode> {
  if (options.all) return writeAll(options, out);
  if (options.out !== undefined) {
    throw new UsageError(
      '--out writes the files of --all',
      'add --all, or leave out --out to print one schema',
    );
  }
  const which = options.which ?? 'request';
  if (options.command === undefined) {
    out.document(which === 'request' ? requestSchema : responseSchema);
    return EXIT_OK;
  }
  out.document(schemaDocument(await findCommand(options.command), which));
  return EXIT_OK;
}

async function writeAll(options: SchemaOptions, out: Output): Promise<ExitCode> {
  if (options.which !== undefined || options.command !== undefined) {
    throw new UsageError(
      '--all writes every command\'s schemas; it takes no "request", "response" or command',
      'run tim-callback schema --all --out <dir>, or leave out --all for one schema',
    );
  }
  if (options.out === undefined) {
    throw new UsageError(
      '--all needs --out <dir>: it writes one file per schema',
      'e.g. tim-callback schema --all --out schemas',
    );
  }
  const dir = options.out;
  const { files, index } = schemaSet(await loadCatalog());
  makeFolder(dir, 'schemas');
  for (const { file, document } of files) {
    writeRegularFile(join(dir, file), `${JSON.stringify(document, null, 2)}\n`, 'the schema file');
  }
  writeRegularFile(
    join(dir, SCHEMA_INDEX_FILE),
    `${JSON.stringify(index, null, 2)}\n`,
    'the index file',
  );
  const commands = files.length / 2;
  out.line(
    `wrote ${plural(files.length, 'schema')} (${plural(commands, 'command')}, request and response) and ${SCHEMA_INDEX_FILE} to ${dir}`,
  );
  return EXIT_OK;
}
