import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../src/core/validation.js';
import { listFixtures, readFixtureText } from '../../src/io/fixtures.js';

const MALFORMED = new Set(['missing-error-info', 'error-code-string', 'not-json', 'html-error']);

describe('bundled fixtures', () => {
  it('lists every file in fixtures/ exactly once', () => {
    const files = ['callbacks', 'responses'].flatMap((dir) =>
      readdirSync(new URL(`../../fixtures/${dir}/`, import.meta.url)).map((f) => `${dir}/${f}`),
    );
    expect(
      listFixtures()
        .map((f) => f.file)
        .sort(),
    ).toEqual(files.sort());
  });

  for (const fixture of listFixtures()) {
    const kind = fixture.kind === 'callback' ? 'request' : 'response';
    if (MALFORMED.has(fixture.name)) {
      it(`${fixture.name} breaks the response schema, as it is meant to`, () => {
        expect(validateText(readFixtureText(fixture), kind).problems).not.toEqual([]);
      });
    } else {
      it(`${fixture.name} is valid against the ${kind} schema`, () => {
        expect(validateText(readFixtureText(fixture), kind).problems).toEqual([]);
      });
    }
  }

  it('covers every group type, the CN edition, and the string EventTime', () => {
    const bodies = listFixtures()
      .filter((f) => f.kind === 'callback')
      .map((f) => JSON.parse(readFixtureText(f)) as Record<string, unknown>);
    expect(new Set(bodies.map((b) => b.Type))).toEqual(
      new Set(['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community']),
    );
    expect(bodies.some((b) => 'Operator_Account' in b)).toBe(true);
    expect(bodies.some((b) => typeof b.EventTime === 'string')).toBe(true);
    expect(bodies.filter((b) => b.Type === 'Community').every((b) => !('MemberList' in b))).toBe(
      true,
    );
  });
});
