import type { CatalogEntry } from '../../core/catalog/types.js';
import { EXIT_CHECK_FAILED, EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import {
  parseJson,
  type ValidationResult,
  validateResponsePacket,
  validateText,
} from '../../core/validation.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';

export interface CheckPacketOptions {
  kind: 'request' | 'response';
  file: string;
  /** --command: check against this catalogue command's schema and decision rules. */
  entry?: CatalogEntry | undefined;
}

/**
 * One command's check: a body against its own schema; an answer as a packet, then the decision
 * check (an ErrorCode a before-callback takes, a well-formed MsgBody, RefusedMembers_Account or
 * ResultItem). The catalogue's checkers are loaded only here.
 */
async function checkForCommand(
  text: string,
  kind: CheckPacketOptions['kind'],
  entry: CatalogEntry,
): Promise<ValidationResult> {
  const parsed = parseJson(text);
  if (!parsed.ok) return { problems: [parsed.problem], warnings: [] };
  if (kind === 'request') {
    const { checkBody } = await import('../../core/catalog/check.js');
    return checkBody(entry, parsed.value);
  }
  const { checkDecision } = await import('../../core/catalog/decision.js');
  const packet = validateResponsePacket(parsed.value);
  const decision = checkDecision(entry, parsed.value);
  // The packet's one warning (OK with a non-zero ErrorCode) is a before-callback's decision.
  const packetWarnings = entry.phase === 'before' ? [] : packet.warnings;
  return {
    problems: [...packet.problems, ...decision.problems],
    warnings: [...packetWarnings, ...decision.warnings],
  };
}

/** `validate --request|--response <file|->`: an offline check of one body or packet. */
export async function runCheckPacket(options: CheckPacketOptions, out: Output): Promise<ExitCode> {
  const text = await readInput(
    options.file,
    options.kind === 'request' ? 'callback body' : 'response packet',
  );
  const result =
    options.entry === undefined
      ? validateText(text, options.kind)
      : await checkForCommand(text, options.kind, options.entry);
  const valid = result.problems.length === 0;
  if (out.json) {
    const command = options.entry === undefined ? {} : { command: options.entry.command };
    out.document({
      schemaVersion: 1,
      kind: options.kind,
      file: options.file,
      ...command,
      valid,
      ...result,
    });
    return valid ? EXIT_OK : EXIT_CHECK_FAILED;
  }
  const { c } = out;
  const what = `${options.entry === undefined ? '' : `${options.entry.command} `}${options.kind === 'request' ? 'callback body' : 'response packet'}`;
  for (const problem of result.problems) out.line(`${c.red('✖ problem')}  ${problem}`);
  for (const warning of result.warnings) out.line(`${c.yellow('! warning')}  ${warning}`);
  out.line(
    valid
      ? c.green(
          `✔ ${options.file}: a valid ${what}${result.warnings.length ? ` (${result.warnings.length} warning${result.warnings.length > 1 ? 's' : ''})` : ''}`,
        )
      : c.red(
          `✖ ${options.file}: ${result.problems.length} problem${result.problems.length > 1 ? 's' : ''}, not a valid ${what}`,
        ),
  );
  return valid ? EXIT_OK : EXIT_CHECK_FAILED;
}
