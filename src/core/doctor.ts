import { type AnswerKind, answerKind, checksExpectingOk } from './answer-kind.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNREACHABLE, type ExitCode } from './exit-codes.js';
import { proxyFor, proxyVariablesSet } from './proxy.js';
import { checkAnswer, formatMs } from './response-check.js';
import { parseJson } from './validation.js';

// `tim-callback doctor`: what breaks callbacks in practice, one verdict per check. Every function
// here judges facts gathered at the edge (src/commands/doctor/probe.ts): a lookup's addresses, a
// connect's outcome, a certificate's dates, an answer, a file's mode, a Date header. The clock
// comes in as an argument.

export type DoctorStatus = 'ok' | 'failed' | 'note' | 'skipped';

export interface DoctorCheck {
  name: string;
  status: DoctorStatus;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** Nothing came back from the endpoint: the run exits 3. */
  unreachable?: boolean;
}

/** IM waits 2 s for an answer (trtc.io/document/34354), whatever the tool waits. */
export const IM_BUDGET_MS = 2000;
/** Sign tolerates RequestTime one minute either side (cloud.tencent.com/document/product/269/32431). */
export const SIGN_TOLERANCE_SECONDS = 60;
/** A certificate this close to its end is still valid, but says so. */
const RENEW_SOON_DAYS = 14;
const DAY_MS = 86_400_000;

/** 0 every check passed or noted, 3 nothing came back from the endpoint, else 1. */
export function doctorExitCode(checks: readonly DoctorCheck[]): ExitCode {
  if (checks.some((c) => c.unreachable)) return EXIT_UNREACHABLE;
  return checks.some((c) => c.status === 'failed') ? EXIT_CHECK_FAILED : EXIT_OK;
}

export function skipped(name: string, why: string): DoctorCheck {
  return { name, status: 'skipped', message: why };
}

/** The URL as the checks read it; plain http:// is a note, not a failure. */
export function urlChecks(target: string): DoctorCheck[] {
  const url = new URL(target);
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const checks: DoctorCheck[] = [
    {
      name: 'url',
      status: 'ok',
      message: `${url.protocol.slice(0, -1)} to ${url.hostname}, port ${port}, path ${url.pathname}`,
    },
  ];
  if (url.protocol === 'http:') {
    checks.push({
      name: 'plain-http',
      status: 'note',
      message: 'plain http://: callbacks and their Sign cross the network unencrypted',
      hint: 'fine on a local network; use https:// for an endpoint on the internet',
    });
  }
  return checks;
}

/** The proxy variables in effect (passwords masked), and whether this URL goes through one. */
export function proxyCheck(
  target: string,
  env: Readonly<Record<string, string | undefined>>,
): DoctorCheck {
  const set = proxyVariablesSet(env);
  if (set.length === 0)
    return { name: 'proxy', status: 'ok', message: 'no proxy variables set: direct connection' };
  const proxy = proxyFor(target, env);
  let valid = true;
  if (proxy !== undefined) {
    try {
      new URL(proxy);
    } catch {
      valid = false;
    }
  }
  const route =
    proxy === undefined
      ? 'this URL goes direct (NO_PROXY or no proxy for its scheme)'
      : 'this URL goes through the proxy';
  if (!valid) {
    return {
      name: 'proxy',
      status: 'failed',
      message: `${set.join(' ')}: the proxy for this URL is not a URL`,
      hint: 'set it as http://host:port, or unset it',
    };
  }
  return { name: 'proxy', status: 'ok', message: `${set.join(' ')}; ${route}` };
}

export type LookupOutcome = { addresses: string[] } | { error: string };

export function dnsCheck(host: string, outcome: LookupOutcome, via: string): DoctorCheck {
  if (
    'addresses' in outcome &&
    outcome.addresses.length === 1 &&
    outcome.addresses[0] === host.replace(/^\[|\]$/g, '')
  ) {
    return {
      name: 'dns',
      status: 'ok',
      message: `${via}${host} is an address: nothing to resolve`,
    };
  }
  if ('addresses' in outcome) {
    return {
      name: 'dns',
      status: 'ok',
      message: `${via}${host} resolves to ${outcome.addresses.slice(0, 4).join(', ')}`,
    };
  }
  return {
    name: 'dns',
    status: 'failed',
    unreachable: true,
    message: `${via}${host} does not resolve (${outcome.error})`,
    hint: 'check the host name for typos, and that this machine can resolve it (VPN, /etc/hosts)',
  };
}

export type ConnectOutcome = { ms: number } | { error: string; timedOut?: boolean };

export function portCheck(hostPort: string, outcome: ConnectOutcome, via: string): DoctorCheck {
  if ('ms' in outcome) {
    return {
      name: 'port',
      status: 'ok',
      message: `${via}${hostPort} accepts connections (${formatMs(outcome.ms)})`,
    };
  }
  return {
    name: 'port',
    status: 'failed',
    unreachable: true,
    message: `${via}${hostPort} ${outcome.timedOut ? 'does not answer (no connection within the deadline)' : `refuses connections (${outcome.error})`}`,
    hint: outcome.timedOut
      ? 'a firewall may drop the packets: check it lets this machine in'
      : 'check that the backend is running and listens on that port',
  };
}

export interface TlsFacts {
  /** The chain verified against the trusted CAs (Node's, plus --ca). */
  authorized: boolean;
  /** OpenSSL's code when not: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, … */
  authorizationError?: string | undefined;
  /** Why the certificate does not name the host (node:tls checkServerIdentity), if it does not. */
  nameError?: string | undefined;
  validFrom: string;
  validTo: string;
  /** --ca was given: the chain was trusted through it, which IM's servers do not do. */
  customCa: boolean;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The certificate's dates, name and chain; `nowMs` is this machine's clock. */
export function tlsCheck(host: string, facts: TlsFacts, nowMs: number): DoctorCheck {
  const from = Date.parse(facts.validFrom);
  const to = Date.parse(facts.validTo);
  const fail = (message: string, hint: string): DoctorCheck => ({
    name: 'tls',
    status: 'failed',
    message,
    hint,
  });
  if (nowMs > to) {
    return fail(
      `certificate expired on ${isoDay(to)}`,
      'renew it: IM does not deliver to an endpoint with an expired certificate',
    );
  }
  if (nowMs < from) {
    return fail(
      `certificate is not valid until ${isoDay(from)}`,
      "check the server's certificate, and this machine's clock",
    );
  }
  if (facts.nameError !== undefined) {
    return fail(
      `certificate does not name ${host}: ${facts.nameError}`,
      `serve a certificate whose names include ${host}`,
    );
  }
  if (!facts.authorized) {
    return fail(
      `certificate not trusted: ${facts.authorizationError ?? 'unknown reason'}`,
      'serve a certificate from a public CA with its full chain (IM trusts public CAs only)',
    );
  }
  const days = Math.floor((to - nowMs) / DAY_MS);
  const soon = days < RENEW_SOON_DAYS ? ', renew it soon' : '';
  const through = facts.customCa ? ' (trusted through --ca; IM trusts public CAs only)' : '';
  return {
    name: 'tls',
    status: 'ok',
    message: `certificate valid for ${host} until ${isoDay(to)} (${days} days${soon})${through}`,
  };
}

export interface CallbackAnswer {
  status: number;
  contentType?: string | undefined;
  body: string;
  latencyMs: number;
  cutAtBytes?: number | undefined;
}

/** Why the callback went unanswered, as src/io/http-client.ts classifies it. */
export interface CallbackFailure {
  kind: string;
  message: string;
}

function answerHint(kind: AnswerKind, failed: readonly string[], signed: boolean): string {
  if (kind === 'rejected') {
    return signed
      ? 'the backend refused a valid signed callback: check that its token and SDKAppID are the ones given here'
      : 'no token was given, so the callback went unsigned: pass --token-file or set tokenFile in the profile';
  }
  if (failed.includes('in-time'))
    return 'answer within 2 s: IM gives up and retries after that (do slow work after answering)';
  if (failed.includes('status')) return 'answer every callback with HTTP 200 and a JSON packet';
  return 'answer with a JSON packet: {"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';
}

/** The backend's own words: a packet's ErrorInfo, cut short, or nothing. */
function errorInfoOf(body: string): string {
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return '';
  const info = (parsed.value as Record<string, unknown>).ErrorInfo;
  if (typeof info !== 'string' || info === '') return '';
  return ` (ErrorInfo ${JSON.stringify(info.length > 120 ? `${info.slice(0, 117)}...` : info)})`;
}

/** Today's default callback, signed, answered in time with a well-formed OK packet. */
export function callbackCheck(
  outcome: CallbackAnswer | CallbackFailure,
  signed: boolean,
): DoctorCheck {
  if ('kind' in outcome) {
    return {
      name: 'callback',
      status: 'failed',
      unreachable: true,
      message: `no answer: ${outcome.message}`,
      hint: 'check that the backend is running at this URL and answers within 2 s',
    };
  }
  const result = checkAnswer({ ...outcome, timeoutMs: IM_BUDGET_MS });
  const checks = checksExpectingOk(result);
  const failed = checks.filter((c) => !c.ok);
  // The kind from the protocol checks alone: a FAIL packet is well-formed, a refusal, not malformed.
  const kind = answerKind(
    outcome.status,
    result.actionStatus,
    result.checks.filter((c) => !c.ok).map((c) => c.name),
  );
  const what = `${signed ? 'a signed' : 'an unsigned'} Group.CallbackAfterGroupDestroyed`;
  if (kind === 'accepted') {
    return {
      name: 'callback',
      status: 'ok',
      message: `${what} answered in ${formatMs(outcome.latencyMs)}: HTTP 200, ActionStatus OK`,
    };
  }
  const info = errorInfoOf(outcome.body);
  const named =
    kind === 'rejected'
      ? 'refused'
      : kind === 'malformed'
        ? 'answered with a malformed packet'
        : 'answered wrong';
  return {
    name: 'callback',
    status: 'failed',
    message: `${what} ${named}: ${failed.map((c) => c.message).join('; ')}${info}`,
    hint: answerHint(
      kind,
      failed.map((c) => c.name),
      signed,
    ),
  };
}

/** This machine's clock against the endpoint's Date header, taken when the answer arrived. */
export function clockCheck(date: string | undefined, localMs: number): DoctorCheck {
  const theirs = date === undefined ? Number.NaN : Date.parse(date.slice(0, 64));
  if (Number.isNaN(theirs)) {
    return {
      name: 'clock',
      status: 'note',
      message:
        date === undefined
          ? 'the answer has no Date header: clocks not compared'
          : 'the Date header does not parse: clocks not compared',
    };
  }
  // A Date header has whole seconds: a second either way is no evidence of skew.
  const skew = Math.round((localMs - theirs) / 1000);
  const side = skew > 0 ? 'ahead of' : 'behind';
  if (Math.abs(skew) <= 1)
    return { name: 'clock', status: 'ok', message: "in step with the endpoint's Date header" };
  const message = `this machine is ${Math.abs(skew)} s ${side} the endpoint's Date header`;
  if (Math.abs(skew) <= SIGN_TOLERANCE_SECONDS)
    return {
      name: 'clock',
      status: 'ok',
      message: `${message} (Sign tolerates ±${SIGN_TOLERANCE_SECONDS} s)`,
    };
  return {
    name: 'clock',
    status: 'failed',
    message: `${message}; Sign tolerates ±${SIGN_TOLERANCE_SECONDS} s, so signed callbacks are refused as stale or future`,
    hint: 'sync the clocks with NTP (timedatectl set-ntp true, or your platform’s time service), here and on the endpoint',
  };
}

export type TokenFileFacts =
  | { readable: true; mode: number; empty: boolean; windows: boolean }
  | { readable: false; error: string };

/** A token file: readable, not empty, and not readable by the group or others. */
export function tokenFileCheck(shown: string, facts: TokenFileFacts): DoctorCheck {
  const name = 'token-file';
  if (!facts.readable) {
    return {
      name,
      status: 'failed',
      message: `cannot read ${shown}: ${facts.error}`,
      hint: "check the path (a profile's tokenFile is relative to the config file)",
    };
  }
  if (facts.empty)
    return {
      name,
      status: 'failed',
      message: `${shown} is empty`,
      hint: 'put the token on its first line',
    };
  const mode = (facts.mode & 0o777).toString(8).padStart(3, '0');
  if (!facts.windows && (facts.mode & 0o077) !== 0) {
    return {
      name,
      status: 'failed',
      message: `${shown} is readable by ${facts.mode & 0o007 ? 'everyone' : 'its group'} (mode ${mode})`,
      hint: `chmod 600 ${shown}`,
    };
  }
  return {
    name,
    status: 'ok',
    message: `${shown} is readable${facts.windows ? '' : ` and private (mode ${mode})`}`,
  };
}
