import type { ExitCode } from '../../core/exit-codes.js';
import type { Output } from '../../io/output.js';
import { sendOnce } from './one-shot.js';
import { printDryRun, reportBodyCheck } from './render.js';
import { prepareSend, type SendDeps, type SendOptions } from './request.js';

export type { SendDeps, SendOptions } from './request.js';

// `tim-callback send`: -i (interactive.ts) settles the options, request.ts builds the requests,
// then one request (one-shot.ts) or a load run (load.ts); render.ts prints every line. The
// prompts and the load runner are imported only when asked for, so one send starts lean.

/** One signed callback and its checked answer, or a load run. */
export async function runSend(
  options: SendOptions,
  out: Output,
  deps: SendDeps = {},
): Promise<ExitCode> {
  const opts = options.interactive
    ? await (await import('./interactive.js')).askInteractively(options, out, deps)
    : options;
  if (opts.exportFormat !== undefined) {
    return (await import('./export.js')).exportK6(opts, out, deps.now ?? Date.now);
  }
  const sent = await prepareSend(opts, deps.now ?? Date.now);
  reportBodyCheck(sent.bodyCheck, opts, out);
  if (opts.dryRun) return printDryRun(sent.first, sent.bodyCheck, out);
  if (!sent.loadMode) return sendOnce(sent, out, deps);
  return (await import('./load.js')).sendLoad(sent, out, deps);
}
