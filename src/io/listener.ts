import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import { type AddressInfo, Server as NetServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { UsageError } from '../core/errors.js';
import {
  createLadder,
  FAIL_CODES,
  failPacket,
  HOP_HEADER,
  type LadderConfig,
  meetsExpectation,
  type Verdict,
} from '../core/listen-ladder.js';
import { createRecentKeys, type RecentKeys } from '../core/recent-keys.js';
import { buildRecordLine, createIsoTime, type RecordLine } from '../core/record.js';
import { prepareValidators } from '../core/validation.js';
import type { ForwardOptions, ForwardOutcome } from './forwarder.js';
import type { RecordWriter } from './record-writer.js';

export interface CallbackHandlerOptions {
  ladder: LadderConfig;
  maxBody: number;
  /** What an accepted callback is answered when nothing is forwarded. */
  reply: { status: number; body: string };
  delayMs?: number | undefined;
  forward?: ForwardOptions | undefined;
  record?: RecordWriter | undefined;
  /** Duplicate keys seen before (an earlier record); the handler adds to it. */
  seen?: RecentKeys | undefined;
  /** Wall clock in ms; injected so that tests can pin RequestTime checks. */
  clock?: (() => number) | undefined;
  /** Serialise each record line even without --record (for --json). */
  serialise?: boolean | undefined;
  onExchange?: ((exchange: Exchange) => void) | undefined;
  onClientError?: ((event: ClientErrorEvent) => void) | undefined;
  onError?: ((error: unknown) => void) | undefined;
}

/** One request and its answer, after the answer has been sent. */
export interface Exchange {
  seq: number;
  receivedAtMs: number;
  line: RecordLine;
  /** The record line as JSON, when it was serialised (--record or --json). */
  lineText: string | undefined;
  verdict: Verdict;
  forward: ForwardOutcome | undefined;
  /** Why the listener itself failed to answer as planned (the record could not be written). */
  failure: string | undefined;
}

export interface ClientErrorEvent {
  remoteAddress: string;
  code: string;
  status: number | undefined;
}

export interface ListenStats {
  received: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  forwarded: number;
  backendErrors: number;
  /** Uploads the client abandoned before the body was complete. */
  aborted: number;
  /** Requests whose connection was gone before their answer could be sent (recorded as cut). */
  cut: number;
  /** Connections that sent no complete request within the header or request timeout. */
  timedOut: number;
  /** Connections that did not speak HTTP well enough to become a request. */
  malformedHttp: number;
  /** Answers the listener could not give as planned (record write failures, bugs). */
  errors: number;
}

export interface CallbackHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly stats: ListenStats;
  /** The server's 'clientError' listener: a FAIL packet where HTTP still allows one. */
  clientError(error: Error & { code?: string }, socket: Socket): void;
  /** From now on every answer closes its connection: part of a graceful stop. */
  drain(): void;
  /** Ends every --delay wait now and skips later ones: part of a forced stop. */
  cutDelays(): void;
  /** Resolves once no request is being handled. */
  idle(): Promise<void>;
}

// Values a request may carry that the record has no use for and that must not end up in a file.
const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

const noop = () => undefined;

const EMPTY = Buffer.alloc(0);

// Every answer the listener writes itself is a JSON packet (trtc.io/document/34354).
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  const clock = options.clock ?? Date.now;
  prepareValidators();
  const seen = options.seen ?? createRecentKeys();
  // This listener's relay id, sent in the hop header of what it forwards: a callback that comes
  // back with it went round a loop (--forward-to pointing back here, through a proxy or a name).
  const hopId = randomUUID();
  const ladder = createLadder({ ...options.ladder, hopId });
  const isoTime = createIsoTime();
  // Sockets the request timeout cut: their unfinished request is counted there, once.
  const timedOutSockets = new WeakSet<Socket>();
  const stats: ListenStats = {
    received: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    forwarded: 0,
    backendErrors: 0,
    aborted: 0,
    cut: 0,
    timedOut: 0,
    malformedHttp: 0,
    errors: 0,
  };
  let seq = 0;
  let inflight = 0;
  let draining = false;
  let idleWaiters: (() => void)[] = [];
  const delays = new Set<() => void>();
  let forced = false;

  /** --delay, cut short by a forced stop (and skipped once one has begun). */
  function delay(ms: number): Promise<void> {
    if (forced) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        delays.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      delays.add(done);
    });
  }

  function send(
    res: ServerResponse,
    status: number,
    body: string,
    contentType: string | undefined = JSON_CONTENT_TYPE,
    close = false,
  ): void {
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
    if (contentType !== undefined) headers['content-type'] = contentType;
    if (status === 405) headers.allow = 'POST';
    if (close || draining) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(body);
  }

  /** What an accepted callback is answered: the backend's answer, or the --reply packet. */
  async function planAnswer(verdict: Verdict, raw: RawBody, headers: Headers): Promise<Planned> {
    const { rejection } = verdict;
    if (rejection !== undefined) {
      const body = failPacket(rejection.code, rejection.reason);
      return { status: rejection.status, body, contentType: JSON_CONTENT_TYPE };
    }
    if (options.delayMs) await delay(options.delayMs);
    if (options.forward === undefined || raw.body === null) {
      return {
        status: options.reply.status,
        body: options.reply.body,
        contentType: JSON_CONTENT_TYPE,
      };
    }
    // Loaded on first use: a listener that forwards nothing never loads the HTTP client.
    const { relay, answerForCaller } = await import('./forwarder.js');
    const hops = headers[HOP_HEADER];
    const forward = await relay(options.forward, raw.body, verdict.search, {
      contentType: headers['content-type'],
      hop: hops === undefined ? hopId : `${hops}, ${hopId}`,
    });
    return { ...answerForCaller(forward), forward };
  }

  /**
   * Writes the record line before the answer leaves, so nothing answered is missing from the
   * file. A line that cannot be written turns the answer into a 500; returns why.
   */
  async function writeRecord(
    line: RecordLine,
    text: string,
    plan: Planned,
  ): Promise<string | undefined> {
    if (options.record === undefined) return undefined;
    try {
      await options.record.write(text);
      return undefined;
    } catch (error) {
      if (line.cut !== true) {
        plan.status = 500;
        plan.body = failPacket(
          FAIL_CODES.recordFailed,
          'the listener could not record the callback',
        );
        plan.contentType = JSON_CONTENT_TYPE;
        line.response = { status: plan.status, body: plan.body };
      }
      return `the record line could not be written: ${(error as Error).message}`;
    }
  }

  function count(verdict: Verdict, line: RecordLine, plan: Planned, failure: string | undefined) {
    stats.received++;
    if (line.cut === true) stats.cut++;
    else if (failure !== undefined) stats.errors++;
    else if (verdict.rejection !== undefined) stats.rejected++;
    else stats.accepted++;
    if (line.duplicate) stats.duplicates++;
    if (plan.forward !== undefined) {
      stats.forwarded++;
      if (plan.forward.error !== undefined) stats.backendErrors++;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const receivedAtMs = clock();
    const number = ++seq;
    res.on('error', noop);
    req.on('error', noop);
    const headers = copyHeaders(req.rawHeaders);
    // An expectation the listener does not meet is refused before the body, which the client
    // may be holding back until it hears 100 Continue.
    const expected = meetsExpectation(headers.expect);
    const raw = expected
      ? await readBody(req, headers['content-length'], options.maxBody)
      : { body: EMPTY, bytes: 0 };
    if (raw === undefined) {
      if (!timedOutSockets.has(req.socket)) stats.aborted++;
      return;
    }
    const verdict = ladder.judge({
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      body: raw.body,
      nowSeconds: Math.floor(receivedAtMs / 1000),
      hostOk: req.httpVersion !== '1.1' || headers.host !== undefined,
      expect: headers.expect,
      hops: headers[HOP_HEADER],
    });
    let duplicate = false;
    if (verdict.duplicateKey !== undefined) {
      duplicate = seen.has(verdict.duplicateKey);
      seen.add(verdict.duplicateKey);
    }
    const plan = await planAnswer(verdict, raw, headers);
    // The connection went away meanwhile (a forced stop, a client that gave up waiting): nothing
    // can be answered, and the record must not say that something was.
    const cut = req.socket.destroyed || res.destroyed;
    const line = buildRecordLine(
      {
        id: randomUUID(),
        receivedAtMs,
        remoteAddress: peerAddress(req.socket),
        method: req.method ?? '',
        headers,
        rawBody: raw.body,
        bodyBytes: raw.bytes,
        verdict,
        duplicate,
        response: cut ? { status: 0, body: '' } : { status: plan.status, body: plan.body },
        durationMs: performance.now() - started,
        ...(plan.forward !== undefined ? { forward: plan.forward.record } : {}),
      },
      isoTime,
    );
    if (cut) line.cut = true;
    const lineText =
      options.record !== undefined || options.serialise ? JSON.stringify(line) : undefined;
    const failure = lineText === undefined ? undefined : await writeRecord(line, lineText, plan);
    count(verdict, line, plan, failure);
    if (!cut) send(res, plan.status, plan.body, plan.contentType, raw.body === null || !expected);
    const forward = plan.forward;
    options.onExchange?.({ seq: number, receivedAtMs, line, lineText, verdict, forward, failure });
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    inflight++;
    handle(req, res)
      .catch((error: unknown) => {
        stats.errors++;
        send(res, 500, failPacket(FAIL_CODES.internal, 'internal error in the listener'));
        options.onError?.(error);
      })
      .finally(() => {
        inflight--;
        if (inflight === 0) {
          const waiters = idleWaiters;
          idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }) as CallbackHandler;

  Object.defineProperty(handler, 'stats', { value: stats });
  handler.drain = () => {
    draining = true;
  };
  handler.cutDelays = () => {
    forced = true;
    for (const done of [...delays]) done();
  };
  handler.idle = () =>
    inflight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
  handler.clientError = (error, socket) => {
    const code = error.code ?? 'ERR';
    // A peer that vanished needs no answer and is no news.
    if (code === 'ECONNRESET' || code === 'EPIPE') {
      socket.destroy();
      return;
    }
    const timeout = code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (timeout) {
      // Slow headers, a body that never ends, or a connection that never sent a byte: one timeout,
      // and not also an aborted upload when its request was being read.
      stats.timedOut++;
      timedOutSockets.add(socket);
    } else stats.malformedHttp++;
    let status: number | undefined;
    // Like node's own default: answer only on a fresh socket, where a response cannot interleave.
    if (socket.writable && socket.bytesWritten === 0) {
      status =
        code === 'HPE_HEADER_OVERFLOW' ? 431 : code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const packet = failPacket(
        status === 431
          ? FAIL_CODES.headersTooLarge
          : status === 408
            ? FAIL_CODES.requestTimeout
            : FAIL_CODES.malformedHttp,
        status === 431
          ? 'the request headers are too large'
          : status === 408
            ? 'the request took too long to arrive'
            : `malformed HTTP request (${code})`,
      );
      socket.write(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\n` +
          `Content-Length: ${Buffer.byteLength(packet)}\r\nConnection: close\r\n\r\n${packet}`,
      );
    }
    socket.destroySoon();
    options.onClientError?.({ remoteAddress: peerAddress(socket), code, status });
  };
  return handler;
}

type Headers = Record<string, string>;

/** The answer a request is to get (unless its connection is gone by then). */
interface Planned {
  status: number;
  body: string;
  contentType: string | undefined;
  forward?: ForwardOutcome | undefined;
}

interface RawBody {
  /** null when the body went over the limit; what arrived was not kept. */
  body: Buffer | null;
  bytes: number;
}

/**
 * Reads the body, enforcing the limit while it streams: a body announced or found to be larger
 * is never buffered. Resolves undefined when the client goes away before the end.
 */
function readBody(
  req: IncomingMessage,
  contentLength: string | undefined,
  max: number,
): Promise<RawBody | undefined> {
  const declared = Number(contentLength);
  if (declared > max) return Promise.resolve({ body: null, bytes: declared });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: RawBody | undefined) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        chunks.length = 0;
        finish({ body: null, bytes: size });
      } else chunks.push(chunk);
    };
    const onEnd = () =>
      finish({
        body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size),
        bytes: size,
      });
    const onClose = () => finish(undefined);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
  });
}

/**
 * The request headers from rawHeaders (req.headers would be built just for this), lower-cased,
 * repeats joined, credentials redacted. No prototype, so any header name is kept as sent.
 */
function copyHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    const value = REDACTED_HEADERS.has(name) ? '<redacted>' : (raw[i + 1] as string);
    const earlier = headers[name];
    headers[name] = earlier === undefined ? value : `${earlier}, ${value}`;
  }
  return headers;
}

function peerAddress(socket: Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** Slow-header clients are cut off after this (default 10 s). */
  headersTimeoutMs?: number;
  /** A whole request must arrive within this (default 30 s; IM itself gives up after 2 s). */
  requestTimeoutMs?: number;
  /** Idle keep-alive connections stay open this long (default 60 s): IM reuses them. */
  keepAliveTimeoutMs?: number;
  /** How often those timeouts are enforced (default 1 s). */
  checkIntervalMs?: number;
  /** How long a graceful stop keeps idle connections open for requests already sent (default 500 ms). */
  drainMs?: number;
}

const DRAIN_MS = 500;

export interface RunningListener {
  server: Server;
  /** The real address, e.g. http://127.0.0.1:8080/ */
  url: string;
  host: string;
  port: number;
  /** Stops accepting, lets requests in flight finish (at most graceMs), then resolves. */
  close(graceMs?: number): Promise<void>;
  /** Cuts every connection now (a second Ctrl+C). */
  forceClose(): void;
}

export async function startListener(
  handler: CallbackHandler,
  options: ServerOptions,
): Promise<RunningListener> {
  const server = createServer(
    {
      // IM keeps its connections open (trtc.io/document/34354): TCP keep-alive probes find the
      // ones that died quietly while idle.
      keepAlive: true,
      connectionsCheckingInterval: options.checkIntervalMs ?? 1000,
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      // A request without Host, or with an Expect other than 100-continue, is refused by the
      // handler with a FAIL packet and recorded, like every other refusal; node's own answers
      // to them are bare.
      requireHostHeader: false,
    },
    handler,
  );
  server.on('checkExpectation', handler);
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 60_000;
  server.on('clientError', handler.clientError);
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(listenError(error, options));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(options.port, options.host);
  });
  // From here on a server error must not crash the listener; there is nobody to answer it to.
  server.on('error', noop);
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/`;

  let closing: Promise<void> | undefined;
  return {
    server,
    url,
    host: address.address,
    port: address.port,
    forceClose: () => {
      handler.cutDelays();
      server.closeAllConnections();
    },
    close(graceMs = 10_000) {
      closing ??= (async () => {
        // From now on every answer says Connection: close, and ends its connection.
        handler.drain();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        // Stop accepting, but keep idle keep-alive connections for a moment: a client may have
        // written its next request on one already, and closing it now would reset that request
        // unanswered. net's close, because http's (node ≥ 19) also closes idle connections at once.
        const closed = new Promise<void>((resolve) =>
          Reflect.apply(NetServer.prototype.close, server, [() => resolve()]),
        );
        let drained: NodeJS.Timeout | undefined;
        await Promise.race([
          closed,
          new Promise((resolve) => {
            drained = setTimeout(resolve, Math.min(options.drainMs ?? DRAIN_MS, graceMs));
          }),
        ]);
        clearTimeout(drained);
        // What stayed idle through the drain is closed; http's close also stops its timers.
        server.close();
        await closed;
        clearTimeout(force);
        await handler.idle();
      })();
      return closing;
    },
  };
}

function listenError(error: NodeJS.ErrnoException, options: ServerOptions): Error {
  const where = `${options.host}:${options.port}`;
  if (error.code === 'EADDRINUSE') {
    return new UsageError(
      `port ${options.port} on ${options.host} is already in use`,
      'stop what is using it, pick another with --port <n>, or use --port 0 for a free one',
    );
  }
  if (error.code === 'EACCES') {
    return new UsageError(
      `not allowed to listen on ${where}`,
      'ports below 1024 need privileges; use e.g. --port 8080',
    );
  }
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') {
    return new UsageError(
      `cannot listen on host ${options.host}: not an address of this machine`,
      'use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface)',
    );
  }
  return new UsageError(`cannot listen on ${where}: ${error.message}`, 'check --host and --port');
}
