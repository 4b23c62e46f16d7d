import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { listFixtures, readFixtureText } from '../../src/io/fixtures.js';

// The legacy callback fixtures (fixtures/callbacks/*.json) are also the samples of the catalogue's
// Group.CallbackAfterGroupDestroyed entry: `send <url> public-group` and
// `send <url> group.after-group-destroyed:public-group` must put the same body on the wire.
const entry = CATALOG.find((e) => e.command === 'Group.CallbackAfterGroupDestroyed');
const legacy = listFixtures().filter((f) => f.kind === 'callback');

describe('legacy fixtures and the Group.CallbackAfterGroupDestroyed samples', () => {
  it('the catalogue has the entry', () => {
    expect(entry).toBeDefined();
  });

  for (const fixture of legacy) {
    // group-destroyed is the default sample (variant null); every other fixture a variant of its name.
    const variant = fixture.name === 'group-destroyed' ? null : fixture.name;
    it(`${fixture.name} is the sample ${variant ?? '(default)'}, body and description`, () => {
      const sample = entry?.samples.find((s) => s.variant === variant);
      expect(sample?.body).toEqual(JSON.parse(readFixtureText(fixture)));
      expect(sample?.description).toBe(fixture.description);
    });
  }

  it('has no sample without a legacy fixture', () => {
    const names = legacy.map((f) => (f.name === 'group-destroyed' ? null : f.name));
    expect(entry?.samples.map((s) => s.variant).sort()).toEqual(names.sort());
  });
});
