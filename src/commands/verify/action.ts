import type { ExitCode } from '../../core/exit-codes.js';
import { output, requireToken, secondsOr } from '../shared/inputs.js';
import type { VerifyFlags } from './command.js';
import { runVerify } from './verify.js';

export function verifyAction(url: string, flags: VerifyFlags): ExitCode {
  return runVerify(
    {
      url,
      token: requireToken(flags),
      now: secondsOr(flags.now),
      tolerance: flags.tolerance,
    },
    output(flags.json),
  );
}
