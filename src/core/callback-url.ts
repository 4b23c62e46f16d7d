import { sign } from './sign.js';

export const AFTER_GROUP_DESTROYED = 'Group.CallbackAfterGroupDestroyed';

/** OptPlatform values (cloud.tencent.com/document/product/269/1522). */
export const PLATFORMS = ['RESTAPI', 'Web', 'Android', 'iOS', 'Windows', 'Mac', 'iPad', 'Unknown'];

export interface CallbackUrlInput {
  /** The backend's callback URL; its own query is kept. */
  target: string;
  command: string;
  sdkAppId?: string | undefined;
  clientIp?: string | undefined;
  platform?: string | undefined;
  /** With a token, Sign and RequestTime are appended (cloud.tencent.com/document/product/269/32431). */
  token?: string | undefined;
  /** Unix seconds; required with a token. */
  requestTime?: number | undefined;
  /** Parameters this command's callbacks come without (`ClientIP`; a catalogue entry's queryOmits). */
  omit?: readonly string[] | undefined;
}

/** What a command may come without; SdkAppid, CallbackCommand, Sign and RequestTime always go. */
const OMITTABLE: readonly string[] = ['contenttype', 'ClientIP', 'OptPlatform'];

/** The query parameters IM itself adds to a callback URL; a sender sets each of them once. */
export const CALLBACK_PARAMS = [
  'SdkAppid',
  'CallbackCommand',
  'contenttype',
  'ClientIP',
  'OptPlatform',
  'Sign',
  'RequestTime',
] as const;

/** Which of IM's own parameters a target URL already carries (pasted from `sign --url` or a log). */
export function callbackParamsIn(target: string): string[] {
  const present = new Set(ownPairs(new URL(target).search).map(([name]) => name));
  return CALLBACK_PARAMS.filter((name) => present.has(name));
}

/** The target's own query pairs, raw as written, each with its decoded name. */
function ownPairs(search: string): [string, string][] {
  const text = search.startsWith('?') ? search.slice(1) : search;
  return text
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => [decodeName(pair.split('=', 1)[0] as string), pair]);
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Builds the URL Tencent IM posts to: the target's own query first, then
 * SdkAppid, CallbackCommand, contenttype, ClientIP, OptPlatform (trtc.io/document/34354),
 * and Sign + RequestTime when authentication is on. A parameter of IM's own that the target
 * already carries is replaced, never sent twice: a backend would read either copy.
 */
export function buildCallbackUrl(input: CallbackUrlInput): string {
  const url = new URL(input.target);
  const extra = new URLSearchParams();
  if (input.sdkAppId !== undefined) extra.set('SdkAppid', input.sdkAppId);
  extra.set('CallbackCommand', input.command);
  extra.set('contenttype', 'json');
  extra.set('ClientIP', input.clientIp ?? '127.0.0.1');
  extra.set('OptPlatform', input.platform ?? 'RESTAPI');
  for (const name of input.omit ?? []) if (OMITTABLE.includes(name)) extra.delete(name);
  if (input.token !== undefined) {
    if (input.requestTime === undefined) throw new Error('requestTime is required with a token');
    extra.set('Sign', sign(input.token, input.requestTime));
    extra.set('RequestTime', String(input.requestTime));
  }
  const reserved: readonly string[] = CALLBACK_PARAMS;
  const own = ownPairs(url.search)
    .filter(([name]) => !reserved.includes(name))
    .map(([, pair]) => `${pair}&`)
    .join('');
  url.search = `?${own}${extra.toString()}`;
  return url.toString();
}

/** Replaces (or adds) Sign and RequestTime in an existing callback URL, keeping all else. */
export function resignCallbackUrl(target: string, token: string, requestTime: number): string {
  const url = new URL(target);
  url.searchParams.set('Sign', sign(token, requestTime));
  url.searchParams.set('RequestTime', String(requestTime));
  return url.toString();
}

export interface CallbackQuery {
  sdkAppId: string | undefined;
  command: string | undefined;
  contentType: string | undefined;
  clientIp: string | undefined;
  platform: string | undefined;
  sign: string | undefined;
  requestTime: string | undefined;
  /** Every parameter as received (first value wins), for display and records. */
  all: Record<string, string>;
  /** Identifying parameters that appear more than once: which value counts is ambiguous. */
  repeated: string[];
}

/** The parameters a callback is judged and relayed by: a second value of one is ambiguous. */
export const IDENTIFYING_PARAMS = ['SdkAppid', 'CallbackCommand', 'Sign', 'RequestTime'] as const;

const IDENTIFYING: ReadonlySet<string> = new Set(IDENTIFYING_PARAMS);

/** Reads the callback parameters from a query string (with or without the leading `?`). */
export function parseCallbackQuery(search: string): CallbackQuery {
  const text = search.startsWith('?') ? search.slice(1) : search;
  // No prototype: a parameter named "constructor" or "__proto__" is kept like any other.
  const all: Record<string, string> = Object.create(null);
  const repeated: string[] = [];
  const keep = (key: string, value: string) => {
    if (!Object.hasOwn(all, key)) all[key] = value;
    else if (IDENTIFYING.has(key) && !repeated.includes(key)) repeated.push(key);
  };
  if (/[%+]/.test(text)) {
    for (const [key, value] of new URLSearchParams(text)) keep(key, value);
  } else {
    // Nothing to decode (IM's own parameters never need it): a plain split, for listeners.
    for (const pair of text.split('&')) {
      if (pair === '') continue;
      const eq = pair.indexOf('=');
      keep(eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? '' : pair.slice(eq + 1));
    }
  }
  return {
    sdkAppId: all.SdkAppid,
    command: all.CallbackCommand,
    contentType: all.contenttype,
    clientIp: all.ClientIP,
    platform: all.OptPlatform,
    sign: all.Sign,
    requestTime: all.RequestTime,
    all,
    repeated,
  };
}

/** Shows a callback URL with its Sign; there is never a token in it to hide. */
export function parseCallbackUrl(raw: string): { url: URL; query: CallbackQuery } {
  const url = new URL(raw);
  return { url, query: parseCallbackQuery(url.search) };
}

/** Warnings about OptPlatform spellings seen in the wild (macOS, IOS) or unknown values. */
export function platformWarnings(platform: string | undefined): string[] {
  if (platform === undefined) return [];
  if (PLATFORMS.includes(platform)) return [];
  const known = PLATFORMS.find((p) => p.toLowerCase() === platform.toLowerCase());
  if (known) return [`OptPlatform "${platform}" is spelled "${known}" in the docs`];
  if (platform === 'macOS') return ['OptPlatform "macOS" is spelled "Mac" in the Chinese docs'];
  return [`OptPlatform "${platform}" is not a documented platform`];
}
