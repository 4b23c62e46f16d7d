import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Global setup: every test (and every bin it spawns) gets a temp dir of its own for this run, and
 * the run fails if a test leaves anything in it. Tests clean up after themselves
 * (test/helpers/temp-dir.ts); this is what holds them to it.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'tim-callback-tests-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // vitest reports an error thrown here but still exits 0: set the code as well.
      process.exitCode = 1;
      throw new Error(`tests left temporary files behind: ${left.join(', ')}`);
    }
  };
}
