import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  describeJsonSyntax,
  describeJsonSyntaxOnLine,
  findJsonSyntaxProblem,
} from '../../src/core/json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const FIXTURES = new URL('../../fixtures/', import.meta.url);
const fixtureTexts = ['callbacks', 'responses'].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, FIXTURES)).map((name) =>
    readFileSync(new URL(`${dir}/${name}`, FIXTURES), 'utf8'),
  ),
);

describe('findJsonSyntaxProblem', () => {
  it.each([
    ['s3cr3t-token\n', 'unexpected character', 1, 1],
    ['{\n  "a": 1,\n  "b": s3cr3t\n}', 'unexpected character', 3, 8],
    ['{"a":1}x', 'unexpected character after the JSON value', 1, 8],
    ['{"a":\n', 'unexpected end of input', 2, 1],
    ['', 'unexpected end of input', 1, 1],
    ['"ab\u0001"', 'control character in a string', 1, 4],
    ['{"a" 1}', "expected ':' after a property name", 1, 6],
    ['{a:1}', 'expected a property name in double quotes', 1, 2],
    ['[1,2', 'unexpected end of input', 1, 5],
    ['[1 2]', "expected ',' or ']'", 1, 4],
    ['{"a":1,}', 'expected a property name in double quotes', 1, 8],
    ['[01]', 'bad number', 1, 3],
    ['"\\x"', 'bad escape in a string', 1, 2],
    ['"\\u12G4"', 'bad \\u escape in a string', 1, 2],
    ['"abc', 'unterminated string', 1, 5],
    ['\uFEFF{}', 'unexpected character', 1, 1],
  ])('%j: %s at line %i, column %i', (text, reason, line, column) => {
    expect(parses(text)).toBe(false);
    expect(findJsonSyntaxProblem(text)).toEqual({ reason, line, column });
  });

  it('finds nothing wrong in what JSON.parse accepts, however deeply nested', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    for (const text of [
      ...fixtureTexts.filter(parses),
      deep,
      ' 1 ',
      '-0.5e+3',
      '"\\u00e9\\n"',
      '{"a":[{},[]]}',
    ]) {
      expect(findJsonSyntaxProblem(text)).toBeUndefined();
    }
  });

  it('agrees with JSON.parse on thousands of damaged fixtures', () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['"', ',', ':', '{', '}', '[', ']', '\\', '0', '-', 'e', '.', ' ', 'x', '\n'];
    for (let round = 0; round < 3000; round++) {
      const base = fixtureTexts[random(fixtureTexts.length)] as string;
      const at = random(base.length + 1);
      const damaged =
        random(2) === 0
          ? `${base.slice(0, at)}${pieces[random(pieces.length)]}${base.slice(at)}`
          : `${base.slice(0, at)}${base.slice(at + 1)}`;
      expect(findJsonSyntaxProblem(damaged) === undefined, damaged).toBe(parses(damaged));
    }
  });
});

describe('the descriptions', () => {
  it('say where, never what', () => {
    const secret = 'Zq9xWv7Kp2Lm';
    expect(describeJsonSyntax(`${secret}\n`)).toBe('unexpected character at line 1, column 1');
    expect(describeJsonSyntaxOnLine(`{"body": ${secret}}`)).toBe(
      'unexpected character at column 10',
    );
  });
});
