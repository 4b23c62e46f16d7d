import { readFileSync } from 'node:fs';
import { DEFAULT_FIXTURE } from '../../core/command-line.js';
import {
  type CallbackAnswer,
  type CallbackFailure,
  callbackCheck,
  clockCheck,
  type DoctorCheck,
  dnsCheck,
  doctorExitCode,
  portCheck,
  proxyCheck,
  skipped,
  tlsCheck,
  tokenFileCheck,
  urlChecks,
} from '../../core/doctor.js';
import type { ExitCode } from '../../core/exit-codes.js';
import { buildPayload } from '../../core/payload.js';
import { proxyFor } from '../../core/proxy.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { createRequestFactory } from '../../core/send-request.js';
import { describeSource } from '../../core/settings.js';
import { loadCallbackFixture } from '../../io/fixtures.js';
import type { Output } from '../../io/output.js';
import { connectTcp, inspectTls, lookupHost, tokenFileFacts } from '../../io/probe.js';
import { tokenFromEnv } from '../../io/token.js';
import type { ResolvedSettings, SettingFlags } from '../shared/settings.js';

// `tim-callback doctor`: gathers each fact (src/io/probe.ts, the HTTP client), has core judge it
// (src/core/doctor.ts), prints one line per check. A check that cannot be made because an earlier
// one failed (no address, no connection) is shown as skipped, with why.

export interface DoctorOptions {
  target: string;
  resolved: ResolvedSettings;
  flags: SettingFlags;
  sdkAppId: string | undefined;
  timeoutMs: number;
  insecure: boolean;
  ca: string | undefined;
  env?: NodeJS.ProcessEnv;
  now?: () => number;
}

/** The token from where the settings say, with its check; never the token in a message. */
function tokenStep(
  opts: DoctorOptions,
  env: NodeJS.ProcessEnv,
): { check: DoctorCheck; token?: string } {
  const { value: ref, source } = opts.resolved.settings.token;
  if (ref === undefined) {
    return {
      check: {
        name: 'token',
        status: 'note',
        message: 'no token given: the callback goes unsigned',
        hint: 'pass --token-file, or set tokenFile in the profile, to check Sign as IM sends it',
      },
    };
  }
  if (ref.kind === 'file') {
    const facts = tokenFileFacts(ref.path);
    const check = tokenFileCheck(ref.shown, facts);
    return 'token' in facts && facts.token !== undefined
      ? { check, token: facts.token }
      : { check };
  }
  if (ref.kind === 'flag') {
    return {
      check: { name: 'token', status: 'ok', message: 'token from --token' },
      token: opts.flags.token ?? '',
    };
  }
  const token = tokenFromEnv(env[ref.variable]);
  if (token === undefined) {
    return {
      check: {
        name: 'token',
        status: 'failed',
        message: `${ref.variable} is not set (${describeSource(source)} reads the token from it)`,
        hint: `export ${ref.variable}`,
      },
    };
  }
  return {
    check: { name: 'token', status: 'ok', message: `token from env ${ref.variable}` },
    token,
  };
}

/** DNS, port and TLS, towards the proxy when one carries the request. */
async function networkSteps(
  opts: DoctorOptions,
  env: NodeJS.ProcessEnv,
  nowMs: number,
): Promise<DoctorCheck[]> {
  const url = new URL(opts.target);
  const proxy = proxyFor(opts.target, env);
  const hop = proxy === undefined ? url : new URL(proxy);
  const via = proxy === undefined ? '' : 'the proxy ';
  const port = Number(hop.port || (hop.protocol === 'https:' ? 443 : 80));
  const dns = dnsCheck(hop.hostname, await lookupHost(hop.hostname), via);
  if (dns.status === 'failed')
    return [dns, skipped('port', 'no address to connect to'), ...tlsSkipped(url)];
  const connect = portCheck(`${hop.hostname}:${port}`, await connectTcp(hop.hostname, port), via);
  if (connect.status === 'failed') return [dns, connect, ...tlsSkipped(url)];
  if (url.protocol !== 'https:') return [dns, connect];
  if (proxy !== undefined) {
    return [
      dns,
      connect,
      skipped('tls', 'through a proxy: the callback below shows whether TLS works'),
    ];
  }
  const ca = opts.ca === undefined ? undefined : readFileSync(opts.ca, 'utf8');
  const tls = await inspectTls(url.hostname, port, { ca });
  const tlsVerdict: DoctorCheck =
    'error' in tls
      ? {
          name: 'tls',
          status: 'failed',
          message: `no TLS handshake: ${tls.error}`,
          hint: 'check that the port serves HTTPS',
          unreachable: true,
        }
      : tlsCheck(url.hostname, tls, nowMs);
  return [dns, connect, tlsVerdict];
}

function tlsSkipped(url: URL): DoctorCheck[] {
  return url.protocol === 'https:' ? [skipped('tls', 'no connection')] : [];
}

interface CallbackStep {
  callback: DoctorCheck;
  clock: DoctorCheck;
}

/** Today's default callback, signed when there is a token, and the clock from its answer. */
async function callbackStep(
  opts: DoctorOptions,
  token: string | undefined,
  now: () => number,
): Promise<CallbackStep> {
  const http = await import('../../io/http-client.js');
  http.preferQuickExit();
  const body = buildPayload(loadCallbackFixture(DEFAULT_FIXTURE), { nowMs: now() });
  const request = createRequestFactory({
    target: opts.target,
    body,
    stampEventTime: false,
    uniqueGroupIds: false,
    sdkAppId: opts.sdkAppId,
    token,
  })(0, now());
  const dispatcher = http.createDispatcher({ insecure: opts.insecure, ca: opts.ca });
  let outcome: CallbackAnswer | CallbackFailure;
  let date: string | undefined;
  let receivedAt = 0;
  try {
    const answer = await http.postCallback({
      url: request.url,
      body: request.body,
      timeoutMs: opts.timeoutMs,
      dispatcher,
    });
    receivedAt = now();
    date = answer.headers.date;
    outcome = answer;
  } catch (error) {
    if (!(error instanceof http.NetworkError)) throw error;
    outcome = { kind: error.kind, message: error.message };
  } finally {
    await dispatcher.destroy();
  }
  const callback = callbackCheck(outcome, token !== undefined);
  const clock =
    'kind' in outcome
      ? skipped('clock', 'no answer to read a Date header from')
      : clockCheck(date, receivedAt);
  return { callback, clock };
}

const MARKS: Record<DoctorCheck['status'], string> = {
  ok: '✔',
  failed: '✖',
  note: 'ℹ',
  skipped: '–',
};

function printChecks(checks: readonly DoctorCheck[], opts: DoctorOptions, out: Output): void {
  const { profile } = opts.resolved;
  const about = profile === undefined ? '' : ` (profile ${profile.name})`;
  out.line(`tim-callback doctor ${maskUrlPasswords(opts.target)}${about}`);
  const width = Math.max(...checks.map((c) => c.name.length));
  const paint = { ok: out.c.green, failed: out.c.red, note: out.c.cyan, skipped: out.c.dim };
  for (const check of checks) {
    out.line(
      `${paint[check.status](MARKS[check.status])} ${check.name.padEnd(width)}  ${check.message}`,
    );
    if (check.hint !== undefined && check.status !== 'ok') {
      out.line(`  ${' '.repeat(width)}  ${out.c.dim(`→ ${check.hint}`)}`);
    }
  }
  const failed = checks.filter((c) => c.status === 'failed').length;
  out.line(
    failed === 0 ? 'All checks passed.' : `${failed} check${failed === 1 ? '' : 's'} failed.`,
  );
}

/** Every check in order, printed, and the exit code: 0 all good, 1 a check failed, 3 unreachable. */
export async function runDoctor(opts: DoctorOptions, out: Output): Promise<ExitCode> {
  const env = opts.env ?? process.env;
  const now = opts.now ?? Date.now;
  if (opts.ca !== undefined) {
    // A bad --ca is a usage error before any check, as for send and validate.
    const http = await import('../../io/http-client.js');
    await http.createDispatcher({ ca: opts.ca }).close();
  }
  const token = tokenStep(opts, env);
  const checks: DoctorCheck[] = [
    ...urlChecks(opts.target),
    proxyCheck(opts.target, env),
    token.check,
  ];
  const network = await networkSteps(opts, env, now());
  checks.push(...network);
  if (network.some((c) => c.unreachable)) {
    checks.push(
      skipped('callback', 'the endpoint cannot be reached'),
      skipped('clock', 'no answer'),
    );
  } else {
    const { callback, clock } = await callbackStep(opts, token.token, now);
    checks.push(callback, clock);
  }
  const exitCode = doctorExitCode(checks);
  if (out.json) {
    out.document({
      schemaVersion: 1,
      target: maskUrlPasswords(opts.target),
      profile: opts.resolved.profile?.name ?? null,
      checks,
      exitCode,
    });
  } else {
    printChecks(checks, opts, out);
  }
  return exitCode;
}
