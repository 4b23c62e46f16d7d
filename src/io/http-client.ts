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
// ProxyAgent needs `connect` for HTTPS_PROXY/HTTP_PROXY tunnels. These paths are undici's private
// layout, which semver does not cover: package.json pins undici's exact version, and
// test/e2e/undici-wiring.test.ts fails when this wiring drifts from the public export.
Object.assign(DispatcherClass.prototype, api);

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * How much of an answer body is read (`--max-answer`): a packet is a few dozen bytes, so 1 MiB is
 * generous, and a backend answering gigabytes cannot take the process's memory with it.
 */
export const DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;

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

export type NetworkErrorKind =
  | 'refused'
  | 'proxy'
  | 'plain-http'
  | 'dns'
  | 'tls'
  | 'timeout'
  | 'reset'
  | 'other';

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
  /** The answer body, or its first maxAnswerBytes when it was longer (see cutAtBytes). */
  body: string;
  latencyMs: number;
  /** Set when the body was longer than this: reading stopped there and the rest was dropped. */
  cutAtBytes?: number;
}

export interface PostOptions {
  url: string;
  body: string | Buffer;
  /** A deadline for the whole exchange, the answer body included. */
  timeoutMs: number;
  dispatcher: Dispatcher;
  headers?: Record<string, string> | undefined;
  /** DEFAULT_MAX_ANSWER_BYTES when not given. */
  maxAnswerBytes?: number | undefined;
}

/** POSTs a callback and reads its answer up to the cap, or throws a classified NetworkError. */
export async function postCallback(options: PostOptions): Promise<HttpAnswer> {
  // One deadline for everything: the signal also cuts an answer body that drips in.
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
    const max = options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    const { text: body, cut } = await readCapped(response.body, max);
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
      ...(cut ? { cutAtBytes: max } : {}),
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

/**
 * Reads a body up to max bytes. Past that it stops and destroys the stream, which makes undici
 * drop the connection: the rest is never read, let alone buffered.
 */
async function readCapped(
  stream: AsyncIterable<Buffer> & { destroy(): unknown },
  max: number,
): Promise<{ text: string; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    if (size + chunk.length > max) {
      chunks.push(chunk.subarray(0, max - size));
      stream.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), cut: true };
    }
    size += chunk.length;
    chunks.push(chunk);
  }
  return { text: Buffer.concat(chunks, size).toString('utf8'), cut: false };
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
  if (code === 'ECONNREFUSED') {
    const refuser = refusedBy(error);
    if (refuser !== undefined && !isTarget(refuser, url)) {
      return new NetworkError('proxy', `connection refused by the proxy at ${refuser.text}`, code);
    }
    return new NetworkError('refused', `connection refused by ${host}`, code);
  }
  // A TLS hello answered by an HTTP server: OpenSSL reads its reply as a bad record version.
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' && url.startsWith('https:')) {
    return new NetworkError('plain-http', `${host} answered the TLS handshake in plain HTTP`, code);
  }
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

/** The address that refused a connection, as Node's connect error names it. */
function refusedBy(error: unknown): { address: string; port: number; text: string } | undefined {
  const err = error as { address?: unknown; port?: unknown; cause?: unknown };
  const source = typeof err?.address === 'string' ? err : (err?.cause as typeof err | undefined);
  if (typeof source?.address !== 'string' || typeof source.port !== 'number') return undefined;
  const text = source.address.includes(':')
    ? `[${source.address}]:${source.port}`
    : `${source.address}:${source.port}`;
  return { address: source.address, port: source.port, text };
}

/**
 * Whether the refusing address is the target's: through HTTP_PROXY/HTTPS_PROXY the connection
 * that fails is the proxy's, and naming the backend would send the user to the wrong machine.
 */
function isTarget(refuser: { address: string; port: number }, url: string): boolean {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (refuser.port !== port) return false;
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // A host name resolves to an address we do not know here: the port alone must do.
  return !isIpLiteral(host) || host === refuser.address;
}

function isIpLiteral(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
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
  /** Empty when the answer was cut (cutAtBytes): nothing is kept of an answer that broke the cap. */
  body: string;
  latencyMs: number;
  cutAtBytes?: number;
}

export interface LoadPoster {
  post(url: string, body: string): Promise<LeanAnswer>;
  /** Stops the deadline sweep once no more requests will be posted. */
  close(): void;
}

/**
 * A lean POST for load mode, on undici's dispatch API: no response stream, AbortController or
 * header copy per request, and a URL is split into origin and path only when it changes (once a
 * second, when Sign changes). Deadlines: undici's own timers only bound the gaps between bytes,
 * so an answer dripping a byte at a time would never end. One sweep for all requests in flight
 * (at most --concurrency of them) cuts any that has run for timeoutMs, which costs each request a
 * Set entry instead of a timer of its own.
 */
export function createLoadPoster(
  dispatcher: Dispatcher,
  timeoutMs: number,
  maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES,
): LoadPoster {
  const headers = { 'content-type': JSON_CONTENT_TYPE };
  const inFlight = new Set<AnswerCollector>();
  const limits = { timeoutMs, maxAnswerBytes, inFlight };
  // Cut at most a twentieth of the timeout (and 50 ms) late.
  const sweepMs = Math.max(1, Math.min(50, Math.floor(timeoutMs / 20)));
  let sweep: NodeJS.Timeout | undefined;
  let lastUrl = '';
  let origin = '';
  let path = '';
  const post = (url: string, body: string) =>
    new Promise<LeanAnswer>((resolve, reject) => {
      if (url !== lastUrl) {
        const parsed = new URL(url);
        lastUrl = url;
        origin = parsed.origin;
        path = `${parsed.pathname}${parsed.search}`;
      }
      sweep ??= setInterval(() => expireLate(inFlight, timeoutMs), sweepMs).unref();
      const collector = new AnswerCollector(url, limits, resolve, reject);
      inFlight.add(collector);
      dispatcher.dispatch(
        { origin, path, method: 'POST', headers, body, headersTimeout: 0, bodyTimeout: 0 },
        collector,
      );
    });
  return {
    post,
    close() {
      clearInterval(sweep);
      sweep = undefined;
    },
  };
}

function expireLate(inFlight: Set<AnswerCollector>, timeoutMs: number): void {
  const now = performance.now();
  for (const collector of inFlight) {
    if (now - collector.started >= timeoutMs) collector.expire();
  }
}

interface CollectorLimits {
  timeoutMs: number;
  maxAnswerBytes: number;
  inFlight: Set<AnswerCollector>;
}

/** Collects one answer for createLoadPoster: one object per request, methods shared. */
class AnswerCollector implements Dispatcher.DispatchHandler {
  readonly started = performance.now();
  private status = 0;
  private contentType: string | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;

  constructor(
    private readonly url: string,
    private readonly limits: CollectorLimits,
    private readonly resolve: (answer: LeanAnswer) => void,
    private readonly reject: (error: NetworkError) => void,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    // Expired while queued for a connection: it never goes out.
    if (this.settled) controller.abort(new NetworkError('timeout', 'cut at the deadline'));
  }

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
    this.size = 0;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size <= this.limits.maxAnswerBytes) {
      this.chunks.push(chunk);
      return;
    }
    if (this.settled) return;
    this.settle();
    this.resolve({
      status: this.status,
      contentType: this.contentType,
      body: '',
      latencyMs: performance.now() - this.started,
      cutAtBytes: this.limits.maxAnswerBytes,
    });
    this.chunks = [];
    controller.abort(new NetworkError('other', 'answer cut at --max-answer'));
  }

  onResponseEnd(): void {
    if (this.settled) return;
    this.settle();
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
    if (this.settled) return;
    this.settle();
    this.reject(classifyNetworkError(error, this.url));
  }

  /** The deadline passed: counted as a timeout now, and the request is cut. */
  expire(): void {
    if (this.settled) return;
    this.settle();
    this.chunks = [];
    const error = new NetworkError('timeout', `no answer within ${this.limits.timeoutMs} ms`);
    this.reject(error);
    this.controller?.abort(error);
  }

  private settle(): void {
    this.settled = true;
    this.limits.inFlight.delete(this);
  }
}
