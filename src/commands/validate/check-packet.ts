import { EXIT_CHECK_FAILED, EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { validateText } from '../../core/validation.js';
import { readInput } from '../../io/files.js';
import type { Output } from '../../io/output.js';

export interface CheckPacketOptions {
  kind: 'request' | 'response';
  file: string;
}

/** `validate --request|--response <file|->`: an offline check of one body or packet. */
export async function runCheckPacket(options: CheckPacketOptions, out: Output): Promise<ExitCode> {
  const text = await readInput(
    options.file,
    options.kind === 'request' ? 'callback body' : 'response packet',
  );
  const result = validateText(text, options.kind);
  const valid = result.problems.length === 0;
  if (out.json) {
    out.document({ schemaVersion: 1, kind: options.kind, file: options.file, valid, ...result });
    return valid ? EXIT_OK : EXIT_CHECK_FAILED;
  }
  const { c } = out;
  const what = options.kind === 'request' ? 'callback body' : 'response packet';
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
