import { schemaDocument } from './decision.js';
import { aliasOf } from './names.js';
import type { CatalogEntry } from './types.js';

/** One file of `schema --all`: its name in the folder and its JSON Schema. */
export interface SchemaFile {
  file: string;
  document: object;
}

/** The index file of `schema --all`: what each command's files are, for a backend's build. */
export const SCHEMA_INDEX_FILE = 'index.json';

/**
 * Every command's request and response schema as files (`<alias>.request.json`,
 * `<alias>.response.json`), and the index that names them.
 */
export function schemaSet(catalog: readonly CatalogEntry[]): {
  files: SchemaFile[];
  index: object;
} {
  const files: SchemaFile[] = [];
  const commands = catalog.map((entry) => {
    const alias = aliasOf(entry.command);
    const names = { request: `${alias}.request.json`, response: `${alias}.response.json` };
    files.push({ file: names.request, document: schemaDocument(entry, 'request') });
    files.push({ file: names.response, document: schemaDocument(entry, 'response') });
    return {
      command: entry.command,
      alias,
      module: entry.module,
      phase: entry.phase,
      verified: entry.verified,
      title: entry.title,
      ...names,
    };
  });
  return { files, index: { schemaVersion: 1, commands } };
}
