import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';
import { output, sdkAppIdOf, tokenInput } from '../shared/inputs.js';
import type { SendFlags } from './command.js';
import { runSend } from './send.js';

export function sendAction(
  url: string | undefined,
  fixture: string | undefined,
  flags: SendFlags,
  command: Command,
): Promise<ExitCode> {
  const token = tokenInput(flags);
  return runSend(
    {
      url,
      fixture,
      payload: flags.payload,
      set: flags.set,
      unset: flags.unset,
      type: flags.type,
      members: flags.members,
      sdkAppId: sdkAppIdOf(command),
      ...token,
      requestTime: flags.requestTime,
      skewSeconds: flags.skew,
      clientIp: flags.clientIp,
      platform: flags.platform,
      timeoutMs: flags.timeout,
      maxAnswerBytes: flags.maxAnswer,
      insecure: flags.insecure ?? false,
      ca: flags.ca,
      dryRun: flags.dryRun ?? false,
      interactive: flags.interactive ?? false,
      count: flags.count,
      concurrency: flags.concurrency,
      durationSeconds: flags.duration,
      rate: flags.rate,
    },
    output(flags.json),
  );
}
