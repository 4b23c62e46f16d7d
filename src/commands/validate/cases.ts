import type { CatalogEntry } from '../../core/catalog/types.js';
import { type ContractCase, selectCases } from '../../core/contract-cases.js';

/**
 * The cases to run or list: today's suite, or with --command the commands' cases (their module
 * is loaded only then, like the catalogue itself).
 */
export async function casesOf(
  commands: readonly CatalogEntry[] | undefined,
  caseIds: readonly string[] | undefined,
): Promise<ContractCase[]> {
  if (commands === undefined) return selectCases(caseIds);
  const suite = await import('../../core/contract-commands.js');
  return suite.selectCommandCases(suite.commandCases(commands), caseIds);
}
