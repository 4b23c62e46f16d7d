import { readFileSync } from 'node:fs';
import { AFTER_GROUP_DESTROYED } from '../../core/callback-url.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { k6Script } from '../../core/k6-script.js';
import { commandOf, eventVariation, variationOf } from '../../core/send-request.js';
import { writeNewFile } from '../../io/export-file.js';
import type { Output } from '../../io/output.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { prepareSend, type SendOptions } from './request.js';

// `send --export k6`: the requests send would make, written as a k6 script; nothing is sent.

function version(): string {
  const json = JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as {
    version: string;
  };
  return json.version;
}

/** Writes the script to --output (a new regular file, or replaced with --force) or stdout. */
export async function exportK6(
  opts: SendOptions,
  out: Output,
  now: () => number,
): Promise<ExitCode> {
  const sent = await prepareSend(opts, now);
  // The body's own problems; the SdkAppID and the token are the script's to read at run time.
  for (const problem of sent.bodyCheck.problems) {
    out.warn(`body breaks the schema (exported anyway): ${problem}`);
  }
  for (const warning of sent.bodyCheck.warnings) out.warn(`body: ${warning}`);
  const { plan } = sent;
  const entry = sent.catalog?.entry;
  const command = plan.command ?? commandOf(plan.body);
  // The field send varies in load mode, whatever the count: a k6 run is a load run.
  const vary = variationOf({
    ...plan,
    uniqueGroupIds: true,
    vary: plan.vary ?? (entry ? eventVariation(plan.body, entry.key) : undefined),
  });
  const script = k6Script({
    target: plan.target,
    command,
    body: plan.body,
    vary,
    stampEventTime: plan.stampEventTime,
    queryOmits: plan.queryOmits,
    sdkAppId: plan.sdkAppId,
    signed: plan.token !== undefined,
    clientIp: plan.clientIp,
    platform: plan.platform,
    requestTime: plan.requestTime,
    skewSeconds: plan.skewSeconds,
    timeoutMs: opts.timeoutMs,
    phase: entry?.phase ?? (command === AFTER_GROUP_DESTROYED ? 'after' : undefined),
    decisions: entry && {
      codes: Object.keys(entry.errorCodes).map(Number),
      range: entry.customRange,
    },
    load: {
      count: opts.count,
      concurrency: opts.concurrency,
      durationSeconds: opts.durationSeconds,
      rate: opts.rate,
    },
    version: version(),
  });
  if (opts.output === undefined) {
    out.raw(script);
    return EXIT_OK;
  }
  writeNewFile(opts.output, script, 'the k6 script', opts.force ?? false);
  const needs =
    new URL(plan.target).password === ''
      ? 'TIM_CALLBACK_TOKEN'
      : 'TIM_CALLBACK_TOKEN and TIM_URL_PASSWORD';
  out.info(
    `wrote ${opts.output}: a k6 script for ${command}; run it with ${needs} set: k6 run ${opts.output}`,
  );
  return EXIT_OK;
}
