import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { parseHttpUrl } from '../../core/options.js';
import { output } from '../shared/inputs.js';
import { resolveCommandSettings, sdkAppIdSetting } from '../shared/settings.js';
import type { DoctorFlags } from './command.js';
import { runDoctor } from './doctor.js';

export function doctorAction(
  url: string | undefined,
  flags: DoctorFlags,
  command: Command,
): Promise<ExitCode> {
  const resolved = resolveCommandSettings(command, flags, {
    url: url === undefined ? undefined : parseHttpUrl('<url>', url),
  });
  const target = resolved.settings.url.value;
  if (target === undefined) {
    throw new UsageError(
      'nothing to check',
      'pass the URL of your callback endpoint, or --profile <name> with a url',
    );
  }
  return runDoctor(
    {
      target,
      resolved,
      flags,
      sdkAppId: sdkAppIdSetting(resolved.settings),
      timeoutMs: resolved.settings.timeout.value ?? flags.timeout,
      insecure: flags.insecure ?? false,
      ca: flags.ca,
    },
    output(flags.json),
  );
}
