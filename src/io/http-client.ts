import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import type { Dispatcher } from 'undici';
import api from 'undici/lib/api/index.js';
import Agent from 'undici/lib/dispatcher/agent.js';
import DispatcherClass from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js';
import { UsageError } from '../core/errors.js';
import { describeFileError } from './files.js';

// undici's entry point also loads fetch, WebSocket, caches and cookies, and through them Node's
// own bundled undici: 2.5x the CPU of the dispatcher alone (measured on Node 20). Only the
// dispatcher and its request/connect API are loaded, wired as undici's index.js wires them;
// ProxyAgent needs `connect` for HTTPS_PROXY/HTTP_PROXY tunnels.
Object.assign(DispatcherClass.prototype, api);

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface DispatcherOptions {
  /** Accept any TLS certificate (staging with a self-signed one). */
  insecure?: boolean | undefined;
  /** A PEM file of extra CA certificates to trust. */
  ca?: string | undefined;
  /** Sockets per origin; load mode raises it to its concurrency. */
  connections?: number | undefined;
  /** Where HTTP_PROXY / HTTPS_PROXY / NO_PROXY are read; process.env by default. */
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The transport every command injects: HTTP_PROXY / HTTPS_PROXY / NO_PROXY are honoured, and the
 * TLS options apply to direct and proxied connections alike.
 */
export function createDispatcher(options: DispatcherOptions = {}): Dispatcher {
  const ca = options.ca === undefined ? undefined : readCaFile(options.ca);
  const tls = {
    ...(options.insecure ? { rejectUnauthorized: false } : {}),
    ...(ca !== undefined ? { ca } : {}),
  };
  const common = {
    connect: tls,
    keepAliveTimeout: 10_000,
    ...(options.connections !== undefined ? { connections: options.connections } : {}),
  };
  // With no proxy configured, EnvHttpProxyAgent would only forward to a plain Agent, after
  // parsing the origin and reading NO_PROXY from the environment on every request.
  const env = options.env ?? process.env;
  const proxied = [env.http_proxy, env.HTTP_PROXY, env.https_proxy, env.HTTPS_PROXY].some(
    (value) => value !== undefined && value !== '',
  );
  return proxied ? new EnvHttpProxyAgent({ ...common, requestTls: tls }) : new Agent(common);
}

/** The PEM text of --ca; a file that holds no certificate is a usage error, not a TLS failure later. */
function readCaFile(path: string): string {
  const hint = 'give a PEM file with the CA certificate of the staging server';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --ca "${path}": ${describeFileError(error)}`, hint);
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new UsageError(
      `--ca "${path}" holds no certificate (no -----BEGIN CERTIFICATE----- block)`,
      hint,
    );
  }
  return text;
}

/**
 * For a command that sends a request or two: keep undici's llhttp WebAssembly on V8's baseline
 * compiler. Otherwise V8 optimises the parser in the background after the first answer, and the
 * process cannot exit until that is done (~300 ms measured on Node 20). Load mode does not call
 * this: there the optimised parser pays for itself. Only WebAssembly is affected.
 */
export function preferQuickExit(): void {
  setFlagsFromString('--liftoff-only');
}

export type NetworkErrorKind = 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'other';

/** Nothing usable came back: the kind says which, the message says it in words. */
export class NetworkError extends Error {
  readonly kind: NetworkErrorKind;
  readonly code: string | undefined;

  constructor(kind: NetworkErrorKind, message: string, code?: string) {
    super(message);
    this.name = 'NetworkError';
    this.kind = kind;
    this.code = code;
  }
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  contentType: string | undefined;
  body: string;
  latencyMs: number;
}

export interface PostOptions {
  url: string;
  body: string | Buffer;
  timeoutMs: number;
  dispatcher: Dispatcher;
  headers?: Record<string, string> | undefined;
}

/** POSTs a callback and reads the whole answer, or throws a classified NetworkError. */
export async function postCallback(options: PostOptions): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  const started = performance.now();
  try {
    const url = new URL(options.url);
    const response = await options.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      body: options.body,
      headers: { 'content-type': JSON_CONTENT_TYPE, ...options.headers },
      signal: controller.signal,
    });
    const body = await response.body.text();
    const latencyMs = performance.now() - started;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return {
      status: response.statusCode,
      headers,
      contentType: headers['content-type'],
      body,
      latencyMs,
    };
  } catch (error) {
    if (controller.signal.aborted) {
      throw new NetworkError('timeout', `no answer within ${options.timeoutMs} ms`);
    }
    throw classifyNetworkError(error, options.url);
  } finally {
    clearTimeout(timer);
  }
}

const TLS_CODES =
  /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH|UND_ERR_PRX_TLS)/;

export function classifyNetworkError(error: unknown, url: string): NetworkError {
  const err = error as {
    code?: string;
    message?: string;
    cause?: { code?: string; message?: string };
  };
  const code =
    err?.code && !err.code.startsWith('UND_ERR_SOCKET')
      ? err.code
      : (err?.cause?.code ?? err?.code);
  const host = safeHost(url);
  if (code === 'ECONNREFUSED')
    return new NetworkError('refused', `connection refused by ${host}`, code);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return new NetworkError('dns', `cannot resolve host name ${new URL(url).hostname}`, code);
  }
  if (code && TLS_CODES.test(code)) {
    return new NetworkError('tls', `TLS error with ${host}: ${code}`, code);
  }
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new NetworkError('timeout', `timed out talking to ${host}`, code);
  }
  if (
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE' ||
    code === 'UND_ERR_CLOSED'
  ) {
    return new NetworkError('reset', `connection to ${host} closed before an answer`, code);
  }
  const message = err?.cause?.message ?? err?.message ?? String(error);
  return new NetworkError('other', `request to ${host} failed: ${message}`, code);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export interface LeanAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
  latencyMs: number;
}

/**
 * A lean POST for load mode, on undici's dispatch API: no response stream, AbortController or
 * header copy per request. The timeout is undici's own headers/body timer (a late answer is a
 * NetworkError of kind timeout), and a URL is split into origin and path only when it changes
 * (once a second, when Sign changes).
 */
export function createLoadPoster(
  dispatcher: Dispatcher,
  timeoutMs: number,
): (url: string, body: string) => Promise<LeanAnswer> {
  const headers = { 'content-type': JSON_CONTENT_TYPE };
  let lastUrl = '';
  let origin = '';
  let path = '';
  return (url, body) =>
    new Promise((resolve, reject) => {
      if (url !== lastUrl) {
        const parsed = new URL(url);
        lastUrl = url;
        origin = parsed.origin;
        path = `${parsed.pathname}${parsed.search}`;
      }
      dispatcher.dispatch(
        {
          origin,
          path,
          method: 'POST',
          headers,
          body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        },
        new AnswerCollector(url, resolve, reject),
      );
    });
}

/** Collects one answer for createLoadPoster: one object per request, methods shared. */
class AnswerCollector implements Dispatcher.DispatchHandler {
  private readonly started = performance.now();
  private status = 0;
  private contentType: string | undefined;
  private chunks: Buffer[] = [];

  constructor(
    private readonly url: string,
    private readonly resolve: (answer: LeanAnswer) => void,
    private readonly reject: (error: NetworkError) => void,
  ) {}

  onRequestStart(): void {}

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    // Called again after a 1xx informational answer: only the last one counts.
    this.status = statusCode;
    const type = headers['content-type'];
    this.contentType = Array.isArray(type) ? type.join(', ') : type;
    this.chunks = [];
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const { chunks } = this;
    const body =
      chunks.length === 1
        ? (chunks[0] as Buffer).toString('utf8')
        : Buffer.concat(chunks).toString('utf8');
    this.resolve({
      status: this.status,
      contentType: this.contentType,
      body,
      latencyMs: performance.now() - this.started,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.reject(classifyNetworkError(error, this.url));
  }
}
