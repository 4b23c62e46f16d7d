import { maskUrlPasswords } from './redact.js';

// Which proxy a request goes through, by the rules of undici's EnvHttpProxyAgent (the transport
// src/io/http-client.ts uses): lower-case variables first, HTTPS_PROXY falling back to HTTP_PROXY,
// NO_PROXY entries matching a host, its subdomains (`.example.com` or `example.com`), and a port
// when one is given; `*` turns proxying off.

export const PROXY_VARIABLES = [
  'http_proxy',
  'HTTP_PROXY',
  'https_proxy',
  'HTTPS_PROXY',
  'no_proxy',
  'NO_PROXY',
] as const;

type Env = Readonly<Record<string, string | undefined>>;

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

function noProxyMatches(url: URL, noProxy: string): boolean {
  if (noProxy === '*') return true;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number.parseInt(url.port, 10) || DEFAULT_PORTS[url.protocol] || 0;
  for (const entry of noProxy.split(/[,\s]/)) {
    if (entry === '') continue;
    const parsed = /^(.+):(\d+)$/.exec(entry);
    const name = (parsed?.[1] ?? entry).replace(/^\*?\./, '').toLowerCase();
    const entryPort = parsed ? Number.parseInt(parsed[2] ?? '0', 10) : 0;
    if (entryPort !== 0 && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The proxy URL a request to `target` goes through, or undefined for a direct connection. */
export function proxyFor(target: string, env: Env): string | undefined {
  const url = new URL(target);
  const http = env.http_proxy || env.HTTP_PROXY || undefined;
  const https = env.https_proxy || env.HTTPS_PROXY || http;
  const proxy = url.protocol === 'https:' ? https : http;
  if (proxy === undefined) return undefined;
  if (noProxyMatches(url, env.no_proxy ?? env.NO_PROXY ?? '')) return undefined;
  return proxy;
}

/** `HTTPS_PROXY=http://user:***@proxy:3128` for each proxy variable set, passwords masked. */
export function proxyVariablesSet(env: Env): string[] {
  return PROXY_VARIABLES.filter((name) => (env[name] ?? '') !== '').map(
    (name) => `${name}=${maskUrlPasswords(env[name] ?? '')}`,
  );
}
