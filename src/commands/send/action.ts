import type { Command } from 'commander';
import { DEFAULT_TIMEOUT_MS } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { parseHttpUrl } from '../../core/options.js';
import { output } from '../shared/inputs.js';
import { readSettingToken, resolveCommandSettings, sdkAppIdSetting } from '../shared/settings.js';
import type { SendFlags } from './command.js';
import { runSend } from './send.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export function sendAction(
  first: string | undefined,
  second: string | undefined,
  flags: SendFlags,
  command: Command,
): Promise<ExitCode> {
  if (flags.export === undefined && (flags.output !== undefined || flags.force)) {
    throw new UsageError(
      `${flags.output !== undefined ? '--output' : '--force'} goes with --export k6`,
      'e.g. tim-callback send <url> --export k6 --output callbacks.k6.js',
    );
  }
  if (flags.force && flags.output === undefined) {
    throw new UsageError('--force goes with --output', 'it lets --output replace an existing file');
  }
  const urlGiven = first !== undefined && SCHEME.test(first);
  const resolved = resolveCommandSettings(command, flags, {
    url: urlGiven ? parseHttpUrl('<url>', first) : undefined,
  });
  const { settings } = resolved;
  // A profile's url stands in for <url>: then the one word given is the sample.
  let fixture = second;
  if (first !== undefined && !urlGiven) {
    if (settings.url.value === undefined || second !== undefined) parseHttpUrl('<url>', first);
    fixture = first;
  }
  const token = readSettingToken(settings, flags);
  return runSend(
    {
      url: settings.url.value,
      fixture,
      payload: flags.payload,
      set: flags.set ?? [],
      unset: flags.unset ?? [],
      type: flags.type,
      members: flags.members,
      sdkAppId: sdkAppIdSetting(settings),
      ...token,
      requestTime: flags.requestTime,
      skewSeconds: flags.skew,
      clientIp: flags.clientIp,
      platform: flags.platform,
      timeoutMs: settings.timeout.value ?? DEFAULT_TIMEOUT_MS,
      maxAnswerBytes: flags.maxAnswer,
      insecure: flags.insecure ?? false,
      ca: flags.ca,
      dryRun: flags.dryRun ?? false,
      interactive: flags.interactive ?? false,
      count: flags.count,
      concurrency: flags.concurrency,
      durationSeconds: flags.duration,
      rate: flags.rate,
      exportFormat: flags.export,
      output: flags.output,
      force: flags.force ?? false,
    },
    output(flags.json),
  );
}
