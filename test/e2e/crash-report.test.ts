import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';

const CRASH_ON_WRITE = fileURLToPath(
  new URL('../fixtures/preload/crash-on-write.cjs', import.meta.url),
);

describe('an unexpected error', () => {
  it('exits 70 with a stack trace that names src/*.ts lines, not the bundle', () => {
    const run = spawnSync(
      process.execPath,
      ['-r', CRASH_ON_WRITE, BIN, 'sign', '--token', 'crash-token-5e1a', '--request-time', '1'],
      { encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } },
    );
    expect(run.status).toBe(70);
    expect(run.stderr).toContain('unexpected error, please report it');
    expect(run.stderr).toContain('a write that fails on purpose');
    expect(run.stderr).toMatch(/\bsrc[\\/]commands[\\/]sign[\\/]sign\.ts:\d+:\d+/);
    expect(run.stderr).toMatch(/\bsrc[\\/]cli\.ts:\d+:\d+/);
    expect(run.stderr).not.toMatch(/dist[\\/][\w.-]+\.c?js:\d+/);
    expect(run.stderr).not.toContain('crash-token-5e1a');
  });
});
