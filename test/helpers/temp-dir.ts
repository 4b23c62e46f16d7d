import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

function remove(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A fresh directory under the system temp dir, removed once the file (or describe) is done. */
export function tempDirForFile(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => remove(dir));
  return dir;
}

/** A fresh directory under the system temp dir, removed when the running test finishes. */
export function tempDirForTest(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => remove(dir));
  return dir;
}
