import { buildSendCommandLine, quoteShellArg, type TokenSource } from '../command-line.js';
import type { RecordLine } from '../record.js';
import { sign } from '../sign.js';

/**
 * What the inspector's actions send or copy for one recorded request: the URL of a resend
 * (re-signed when the listener holds a token), a curl line and a `tim-callback send` line.
 * None of them holds the token: a resend is signed in the listener's process, and the copied
 * lines name the token's file or leave a placeholder.
 */

/** The query of a recorded request, with a fresh Sign and RequestTime when there is a token. */
export function resendQuery(
  query: Readonly<Record<string, string>>,
  token: string | undefined,
  nowSeconds: number,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) params.append(name, value);
  if (token !== undefined) {
    params.set('Sign', sign(token, nowSeconds));
    params.set('RequestTime', String(nowSeconds));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** `base` (a URL that may have its own query) followed by a query string of `?…`. */
export function joinQuery(base: string, search: string): string {
  if (search === '') return base;
  return base.includes('?') ? `${base}&${search.slice(1)}` : `${base}${search}`;
}

/** The body bytes exactly as received (a record keeps non-UTF-8 bodies in base64). */
export function bodyBytesOf(line: RecordLine): Buffer | undefined {
  if (line.bodyTruncated === true) return undefined;
  return line.bodyEncoding === 'base64'
    ? Buffer.from(line.body, 'base64')
    : Buffer.from(line.body, 'utf8');
}

/** A heredoc delimiter that no line of the body is. */
function delimiter(body: string): string {
  let name = 'TIM_CALLBACK_BODY';
  const lines = new Set(body.split('\n'));
  while (lines.has(name)) name += '_';
  return name;
}

/** Repeats the request with curl, exactly as recorded (its Sign is stale once the tolerance passes). */
export function curlLine(line: RecordLine, url: string): string {
  const contentType = line.headers['content-type'] ?? 'application/json';
  const args = [
    'curl',
    '-sS',
    '-X',
    quoteShellArg(line.method || 'POST'),
    quoteShellArg(url),
    '-H',
    quoteShellArg(`Content-Type: ${contentType}`),
  ];
  if (line.bodyEncoding === 'base64') {
    return `printf '%s' ${quoteShellArg(line.body)} | base64 -d | ${args.join(' ')} --data-binary @-`;
  }
  return `${args.join(' ')} --data-binary ${quoteShellArg(line.body)}`;
}

export interface SendLineInput {
  /** Where to send it: the listener's address with the request's path, without a query. */
  url: string;
  sdkAppId: string | undefined;
  tokenSource: TokenSource | undefined;
  tokenFile: string | undefined;
}

/**
 * Repeats the request with `tim-callback send`, which signs it afresh: the body on standard input
 * (`--payload -`), the app and the token as the listener got them (a file by its path, a token
 * from anywhere else as "$TIM_CALLBACK_TOKEN", which send reads).
 */
export function sendLine(line: RecordLine, input: SendLineInput): string | undefined {
  if (line.bodyEncoding === 'base64' || line.bodyTruncated === true) return undefined;
  const command = buildSendCommandLine({
    url: input.url,
    payload: '-',
    sdkAppId: line.query.SdkAppid ?? input.sdkAppId,
    tokenSource: input.tokenSource,
    tokenFile: input.tokenFile,
    clientIp: line.query.ClientIP,
    platform: line.query.OptPlatform,
  });
  const end = delimiter(line.body);
  return `${command} <<'${end}'\n${line.body}\n${end}`;
}
