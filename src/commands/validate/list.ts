import { CASE_IDS, CONTRACT_CASES, REQUIREMENT_FLAGS } from '../../core/contract-cases.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import type { Output } from '../../io/output.js';

/** `validate --list`: the catalogue, no URL needed. */
export function runValidateList(out: Output): ExitCode {
  if (out.json) {
    out.document(
      CONTRACT_CASES.map((c) => ({
        id: c.id,
        description: c.description,
        expect: c.expect === 'accept' ? 'OK' : 'rejection',
        needs: c.needs === undefined ? null : REQUIREMENT_FLAGS[c.needs],
      })),
    );
    return EXIT_OK;
  }
  const { c } = out;
  const width = Math.max(...CASE_IDS.map((id) => id.length));
  for (const expectation of ['accept', 'reject'] as const) {
    out.line(
      c.bold(
        expectation === 'accept'
          ? 'Expect ActionStatus OK:'
          : 'Expect a rejection (non-200, or a FAIL packet):',
      ),
    );
    for (const kase of CONTRACT_CASES.filter((k) => k.expect === expectation)) {
      const needs =
        kase.needs === undefined ? '' : c.dim(` (needs ${REQUIREMENT_FLAGS[kase.needs]})`);
      out.line(`  ${kase.id.padEnd(width)}  ${kase.description}${needs}`);
    }
  }
  return EXIT_OK;
}
