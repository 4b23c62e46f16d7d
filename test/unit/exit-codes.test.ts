import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { describe, expect, it } from 'vitest';
import { InterruptedError, UnreachableError, UsageError } from '../../src/core/errors.js';
import * as exitCodes from '../../src/core/exit-codes.js';

describe('exit codes', () => {
  it('a signal gives the code a shell reports for a death by it (128 + its number)', () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      expect(exitCodes.exitCodeForSignal(signal)).toBe(128 + constants.signals[signal]);
      expect(new InterruptedError(signal, 'stopped').exitCode).toBe(
        128 + constants.signals[signal],
      );
    }
  });

  it('each thrown kind carries its code', () => {
    expect(new UsageError('bad').exitCode).toBe(2);
    expect(new UnreachableError('down').exitCode).toBe(3);
  });

  it("the README's exit-code table lists exactly the codes the CLI ends with", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('\n## Exit codes'));
    const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| code |')));
    const documented = [...table.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    const defined = Object.entries(exitCodes)
      .filter(([name]) => name.startsWith('EXIT_'))
      .map(([, value]) => value);
    expect(documented.sort((a, b) => a - b)).toEqual(defined.sort((a, b) => Number(a) - Number(b)));
  });
});
