import type { ExitCode } from '../../core/exit-codes.js';
import { parseRecordFilter } from '../../core/replay.js';
import { resolveToken } from '../../io/token.js';
import { output } from '../shared/inputs.js';
import type { ReplayFlags } from './command.js';
import { runReplay } from './replay.js';

export function replayAction(file: string, target: string, flags: ReplayFlags): Promise<ExitCode> {
  return runReplay(
    {
      file,
      target,
      filters: (flags.filter ?? []).map(parseRecordFilter),
      token: resolveToken(flags),
      timeoutMs: flags.timeout,
      maxAnswerBytes: flags.maxAnswer,
      insecure: flags.insecure,
      ca: flags.ca,
    },
    output(flags.json),
  );
}
