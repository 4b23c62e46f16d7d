/**
 * The command line equivalent to an interactive `send`, so what was asked once can be scripted.
 * The token is never written: a token file is named by its path, any other token by the
 * environment variable the CLI reads.
 */

export type TokenSource = 'flag' | 'file' | 'env' | 'prompt';

export interface SendCommandLine {
  url: string;
  fixture?: string | undefined;
  payload?: string | undefined;
  type?: string | undefined;
  members?: number | undefined;
  set?: readonly string[] | undefined;
  unset?: readonly string[] | undefined;
  sdkAppId?: string | undefined;
  tokenSource?: TokenSource | undefined;
  tokenFile?: string | undefined;
  requestTime?: number | undefined;
  skewSeconds?: number | undefined;
  clientIp?: string | undefined;
  platform?: string | undefined;
  timeoutMs?: number | undefined;
  insecure?: boolean | undefined;
  ca?: string | undefined;
  count?: number | undefined;
  concurrency?: number | undefined;
  durationSeconds?: number | undefined;
  rate?: number | undefined;
  dryRun?: boolean | undefined;
}

export const DEFAULT_FIXTURE = 'group-destroyed';
export const DEFAULT_TIMEOUT_MS = 2000;
export const DEFAULT_CONCURRENCY = 10;

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes one argument for a POSIX shell; plain words stay bare. */
export function quoteShellArg(arg: string): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** The argv (without the program name) that repeats this send. */
export function buildSendArgs(line: SendCommandLine): string[] {
  const args = ['send', line.url];
  if (line.fixture !== undefined && line.fixture !== DEFAULT_FIXTURE) args.push(line.fixture);
  if (line.payload !== undefined) args.push('--payload', line.payload);
  if (line.type !== undefined) args.push('--type', line.type);
  if (line.members !== undefined) args.push('--members', String(line.members));
  for (const assignment of line.set ?? []) args.push('--set', assignment);
  for (const path of line.unset ?? []) args.push('--unset', path);
  if (line.sdkAppId !== undefined) args.push('--sdkappid', line.sdkAppId);
  if (line.tokenSource === 'file' && line.tokenFile !== undefined) {
    args.push('--token-file', line.tokenFile);
  }
  if (line.requestTime !== undefined) args.push('--request-time', String(line.requestTime));
  if (line.skewSeconds !== undefined && line.skewSeconds !== 0) {
    args.push('--skew', String(line.skewSeconds));
  }
  if (line.clientIp !== undefined) args.push('--client-ip', line.clientIp);
  if (line.platform !== undefined) args.push('--platform', line.platform);
  if (line.timeoutMs !== undefined && line.timeoutMs !== DEFAULT_TIMEOUT_MS) {
    args.push('--timeout', String(line.timeoutMs));
  }
  if (line.insecure) args.push('--insecure');
  if (line.ca !== undefined) args.push('--ca', line.ca);
  if (line.count !== undefined && line.count !== 1) args.push('--count', String(line.count));
  if (line.concurrency !== undefined && line.concurrency !== DEFAULT_CONCURRENCY) {
    args.push('--concurrency', String(line.concurrency));
  }
  if (line.durationSeconds !== undefined) args.push('--duration', String(line.durationSeconds));
  if (line.rate !== undefined) args.push('--rate', String(line.rate));
  if (line.dryRun) args.push('--dry-run');
  return args;
}

/** One shell line; a token from a flag, the environment or a prompt reads as "$TIM_CALLBACK_TOKEN". */
export function buildSendCommandLine(line: SendCommandLine): string {
  const words = buildSendArgs(line).map(quoteShellArg);
  const viaEnv =
    line.tokenSource === 'flag' || line.tokenSource === 'env' || line.tokenSource === 'prompt';
  return ['tim-callback', ...words, ...(viaEnv ? ['--token', '"$TIM_CALLBACK_TOKEN"'] : [])].join(
    ' ',
  );
}

/** `--set Name=…` for a name, JSON-quoted when it would otherwise parse as JSON (`"007"`). */
export function nameAssignment(name: string): string {
  let parsesAsJson = true;
  try {
    JSON.parse(name);
  } catch {
    parsesAsJson = false;
  }
  return `Name=${parsesAsJson ? JSON.stringify(name) : name}`;
}
