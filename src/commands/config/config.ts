import { accessSync, constants } from 'node:fs';
import { CONFIG_FILE_NAME } from '../../core/config.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { settingRows, type TokenRef } from '../../core/settings.js';
import { describeFileError } from '../../io/files.js';
import type { Output } from '../../io/output.js';
import { tokenFromEnv } from '../../io/token.js';
import type { ResolvedSettings } from '../shared/settings.js';

// `tim-callback config`: each setting, resolved as send, validate and listen resolve it, with
// where it came from. The token is never read into the output: only whether it can be read.

/** Why the token cannot be read from where the settings point, or undefined when it can. */
function tokenProblem(ref: TokenRef | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (ref === undefined || ref.kind === 'flag') return undefined;
  if (ref.kind === 'env')
    return tokenFromEnv(env[ref.variable]) === undefined ? 'not set' : undefined;
  try {
    accessSync(ref.path, constants.R_OK);
    return undefined;
  } catch (error) {
    return `cannot read: ${describeFileError(error)}`;
  }
}

export function runConfig(
  resolved: ResolvedSettings,
  out: Output,
  env: NodeJS.ProcessEnv = process.env,
): ExitCode {
  const { settings, loaded, profile } = resolved;
  const rows = settingRows(settings, tokenProblem(settings.token.value, env));
  const profiles = loaded === undefined ? [] : [...loaded.config.profiles.keys()];
  const chosenBy =
    profile?.chosenBy === 'default'
      ? 'the profile named "default"'
      : profile?.chosenBy === 'TIM_PROFILE'
        ? 'env TIM_PROFILE'
        : 'flag --profile';
  if (out.json) {
    out.document({
      schemaVersion: 1,
      configFile: loaded?.path ?? null,
      profile: profile === undefined ? null : { name: profile.name, chosenBy: profile.chosenBy },
      profiles,
      settings: Object.fromEntries(
        rows.map((row) => [
          row.key,
          {
            ...(row.key === 'token'
              ? { from: row.shown }
              : { value: settings[row.key].value ?? null }),
            source: row.source,
            sourceKind: settings[row.key].source.kind,
          },
        ]),
      ),
    });
    return EXIT_OK;
  }
  const lines: Array<[string, string, string | undefined]> = [
    [
      'config file',
      loaded?.path ?? `(none: no ${CONFIG_FILE_NAME} here or in a parent)`,
      undefined,
    ],
    ['profiles', profiles.length === 0 ? '(none)' : profiles.join(', '), undefined],
    ['profile', profile === undefined ? '(none)' : profile.name, profile && chosenBy],
    ...rows.map((row): [string, string, string] => [row.key, row.shown, row.source]),
  ];
  const width = Math.max(
    ...lines.map(([, shown, source]) => (source === undefined ? 0 : shown.length)),
  );
  for (const [label, shown, source] of lines) {
    const value = source === undefined ? shown : `${shown.padEnd(width)}  ${out.c.dim(source)}`;
    out.line(`${label.padEnd(12)} ${value}`);
  }
  return EXIT_OK;
}
