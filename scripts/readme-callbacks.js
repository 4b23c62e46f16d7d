// npm run readme:callbacks: rewrites the table of callbacks in README.md from the catalogue (the
// built dist/core/catalog), between its markers. test/e2e/readme-callbacks.test.ts fails when the
// README is out of step with the catalogue.
import { readFileSync, writeFileSync } from 'node:fs';
import { CATALOG } from '../dist/core/catalog/index.js';
import { callbackTable, withCallbackTable } from '../dist/core/catalog/table.js';

const readme = readFileSync('README.md', 'utf8');
const next = withCallbackTable(readme, callbackTable(CATALOG));
if (next === undefined) {
  process.stderr.write('README.md has no callbacks-table markers\n');
  process.exitCode = 1;
} else if (next === readme) {
  process.stdout.write(`README.md: the table of ${CATALOG.length} callbacks is up to date\n`);
} else {
  writeFileSync('README.md', next);
  process.stdout.write(`README.md: the table of ${CATALOG.length} callbacks rewritten\n`);
}
