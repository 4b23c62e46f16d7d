import type { CatalogEntry } from '../../core/catalog/types.js';
import {
  CASE_IDS,
  CONTRACT_CASES,
  type ContractCase,
  REQUIREMENT_FLAGS,
} from '../../core/contract-cases.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import type { Output } from '../../io/output.js';
import { casesOf } from './cases.js';

function needsOf(kase: ContractCase): string | null {
  return kase.needs === undefined ? null : REQUIREMENT_FLAGS[kase.needs];
}

/** `validate --list`: the catalogue, no URL needed; with --command, those commands' cases. */
export async function runValidateList(
  out: Output,
  commands?: readonly CatalogEntry[],
): Promise<ExitCode> {
  if (commands !== undefined) return listCommandCases(out, commands);
  if (out.json) {
    out.document(
      CONTRACT_CASES.map((c) => ({
        id: c.id,
        description: c.description,
        expect: c.expect === 'accept' ? 'OK' : 'rejection',
        needs: needsOf(c),
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

/** The cases of --command, grouped by command: a heading with its phase, then its cases. */
async function listCommandCases(out: Output, commands: readonly CatalogEntry[]): Promise<ExitCode> {
  const cases = await casesOf(commands, undefined);
  if (out.json) {
    out.document(
      cases.map((k) => ({
        id: k.id,
        command: k.decision?.command ?? null,
        description: k.description,
        expect:
          k.expect === 'accept'
            ? k.decision?.phase === 'before'
              ? 'decision'
              : 'OK'
            : 'rejection',
        needs: needsOf(k),
      })),
    );
    return EXIT_OK;
  }
  const { c } = out;
  const width = Math.max(...cases.map((k) => k.id.length));
  let heading: string | undefined;
  for (const kase of cases) {
    const decision = kase.decision;
    if (decision !== undefined && decision.command !== heading) {
      heading = decision.command;
      out.line(c.bold(`${decision.command} (${decision.phase}):`));
    }
    const needs =
      kase.needs === undefined ? '' : c.dim(` (needs ${REQUIREMENT_FLAGS[kase.needs]})`);
    out.line(`  ${kase.id.padEnd(width)}  ${kase.description}${needs}`);
  }
  return EXIT_OK;
}
