import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import {
  callbackTable,
  TABLE_END,
  TABLE_START,
  withCallbackTable,
} from '../../src/core/catalog/table.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('the README’s table of callbacks', () => {
  it('lists every command of the catalogue, as npm run readme:callbacks writes it', () => {
    expect(README).toContain(TABLE_START);
    expect(README).toContain(TABLE_END);
    const expected = withCallbackTable(README, callbackTable(CATALOG));
    // Out of step: run `npm run readme:callbacks` and commit README.md.
    expect(README, 'run npm run readme:callbacks').toBe(expected);
  });

  it('has one row per command, with its alias and phase', () => {
    const table = callbackTable(CATALOG).split('\n');
    expect(table).toHaveLength(CATALOG.length + 2);
    expect(table).toContain(
      '| C2C | `C2C.CallbackBeforeSendMsg` | `c2c.before-send-msg` | before |',
    );
  });
});
