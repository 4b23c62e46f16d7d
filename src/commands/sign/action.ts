import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';
import { output, requireToken, sdkAppIdOf, secondsOr } from '../shared/inputs.js';
import type { SignFlags } from './command.js';
import { runSign } from './sign.js';

export function signAction(flags: SignFlags, command: Command): ExitCode {
  return runSign(
    {
      token: requireToken(flags),
      requestTime: secondsOr(flags.requestTime),
      url: flags.url,
      sdkAppId: sdkAppIdOf(command),
    },
    output(flags.json),
  );
}
