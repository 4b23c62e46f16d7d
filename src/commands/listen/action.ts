import type { Command } from 'commander';
import type { ExitCode } from '../../core/exit-codes.js';
import { output } from '../shared/inputs.js';
import { readSettingToken, resolveCommandSettings, sdkAppIdSetting } from '../shared/settings.js';
import type { ListenFlags } from './command.js';
import { runListen } from './listen.js';

export function listenAction(flags: ListenFlags, command: Command): Promise<ExitCode> {
  const { settings } = resolveCommandSettings(command, flags);
  const token = readSettingToken(settings, flags);
  return runListen(
    {
      port: flags.port,
      host: flags.host,
      path: flags.path,
      sdkAppId: sdkAppIdSetting(settings),
      ...token,
      toleranceSeconds: flags.tolerance,
      record: flags.record,
      forwardTo: flags.forwardTo,
      forwardTimeoutMs: flags.forwardTimeout,
      maxAnswerBytes: flags.maxAnswer,
      reply: flags.reply ?? [],
      replyStatus: flags.replyStatus,
      delayMs: flags.delay,
      strict: flags.strict ?? false,
      maxBody: flags.maxBody,
      ui: flags.ui === true ? 0 : flags.ui,
    },
    output(flags.json),
  );
}
