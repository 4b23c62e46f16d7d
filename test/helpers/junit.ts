import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { expect } from 'vitest';

export interface JunitCase {
  name: string;
  classname: string;
  failure?: { message: string; text: string };
  skipped?: { message: string };
}

export interface JunitSuite {
  attributes: Record<string, string>;
  cases: JunitCase[];
}

/** Characters XML 1.0 forbids; the validator lets them through, so they are checked here. */
function hasForbiddenCharacter(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const allowed =
      code === 0x9 ||
      code === 0xa ||
      code === 0xd ||
      (code >= 0x20 && code <= 0xd7ff) ||
      (code >= 0xe000 && code <= 0xfffd) ||
      code >= 0x10000;
    if (!allowed) return true;
  }
  return false;
}

/** Asserts the text is well-formed JUnit XML with one testsuite, and returns what it holds. */
export function parseJunit(xml: string): JunitSuite {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(hasForbiddenCharacter(xml)).toBe(false);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: '#text',
    isArray: (name) => name === 'testcase' || name === 'testsuite',
  }).parse(xml) as {
    testsuites: {
      testsuite: (Record<string, string> & { testcase?: Record<string, unknown>[] })[];
    };
  };
  const roots = Object.keys(doc).filter((k) => k !== '?xml');
  expect(roots).toEqual(['testsuites']);
  expect(doc.testsuites.testsuite).toHaveLength(1);
  const suite = doc.testsuites.testsuite[0] as Record<string, unknown> & {
    testcase?: Record<string, unknown>[];
  };
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(suite)) {
    if (typeof value === 'string') attributes[key] = value;
  }
  const cases = (suite.testcase ?? []).map((tc) => {
    const failure = tc.failure as Record<string, string> | undefined;
    const skipped = tc.skipped as Record<string, string> | undefined;
    return {
      name: String(tc.name),
      classname: String(tc.classname),
      ...(failure
        ? { failure: { message: failure.message ?? '', text: failure['#text'] ?? '' } }
        : {}),
      ...(skipped !== undefined ? { skipped: { message: skipped.message ?? '' } } : {}),
    };
  });
  return { attributes, cases };
}
