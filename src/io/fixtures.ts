import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import type { JsonObject } from '../core/payload.js';
import { PACKAGE_ROOT } from '../package-root.js';

export interface FixtureInfo {
  name: string;
  kind: 'callback' | 'response';
  file: string;
  description: string;
}

const FIXTURES_DIR = fileURLToPath(new URL('fixtures/', PACKAGE_ROOT));

let index: FixtureInfo[] | undefined;

export function listFixtures(): FixtureInfo[] {
  index ??= JSON.parse(readFileSync(`${FIXTURES_DIR}index.json`, 'utf8')) as FixtureInfo[];
  return index;
}

export function findFixture(name: string, kind?: FixtureInfo['kind']): FixtureInfo {
  const all = listFixtures().filter((f) => kind === undefined || f.kind === kind);
  const found = all.find((f) => f.name === name);
  if (!found) {
    throw new UsageError(
      `no ${kind ?? ''}${kind ? ' ' : ''}fixture named "${name}"`,
      `choose one of: ${all.map((f) => f.name).join(', ')}`,
    );
  }
  return found;
}

export function readFixtureText(info: FixtureInfo): string {
  return readFileSync(`${FIXTURES_DIR}${info.file}`, 'utf8');
}

export function loadCallbackFixture(name: string): JsonObject {
  return JSON.parse(readFixtureText(findFixture(name, 'callback'))) as JsonObject;
}
