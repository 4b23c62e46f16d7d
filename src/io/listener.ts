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
  type Answer,
  countOutcome,
  createListenStats,
  decideAnswer,
  decideClientError,
  INTERNAL_ERROR_ANSWER,
  type ListenStats,
  RECORD_FAILED_ANSWER,
} from '../core/listen-answer.js';
import {
  createLadder,
  HOP_HEADER,
  type Ladder,
  type LadderConfig,
  meetsExpectation,
  type Verdict,
} from '../core/listen-ladder.js';
import {
  type CallbackDecision,
  checkRelayedDecision,
  type ReplyTable,
} from '../core/listen-reply.js';
import { createRecentKeys, type RecentKeys } from '../core/recent-keys.js';
import { buildRecordLine, createIsoTime, type IsoTime, type RecordLine } from '../core/record.js';
import { prepareValidators } from '../core/validation.js';
import type { ForwardOptions, ForwardOutcome } from './forwarder.js';
import type { RecordWriter } from './record-writer.js';

export type { ListenStats } from '../core/listen-answer.js';

export interface CallbackHandlerOptions {
  ladder: LadderConfig;
  maxBody: number;
  /** What an accepted callback is answered when nothing is forwarded (and no `replies`). */
  reply: Answer;
  /** listen --reply per command: each command's answer, worked out at start. */
  replies?: ReplyTable | undefined;
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
  /** What the answer decides, for a before-callback that was answered (by --reply or the backend). */
  decision?: CallbackDecision | undefined;
  /** Why the listener itself failed to answer as planned (the record could not be written). */
  failure: string | undefined;
}

export interface ClientErrorEvent {
  remoteAddress: string;
  code: string;
  status: number | undefined;
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

/**
 * Everything one listener keeps: its options, its ladder and clocks with their caches, its
 * statistics and the state of a stop. Created per listener; nothing is shared between them.
 */
interface HandlerState {
  options: CallbackHandlerOptions;
  clock: () => number;
  ladder: Ladder;
  isoTime: IsoTime;
  seen: RecentKeys;
  /** This listener's relay id, sent in the hop header of what it forwards. */
  hopId: string;
  stats: ListenStats;
  /** Sockets the request timeout cut: their unfinished request is counted there, once. */
  timedOutSockets: WeakSet<Socket>;
  seq: number;
  inflight: number;
  draining: boolean;
  idleWaiters: (() => void)[];
  delays: Set<() => void>;
  forced: boolean;
}

export function createCallbackHandler(options: CallbackHandlerOptions): CallbackHandler {
  prepareValidators();
  // A callback that comes back with this listener's relay id went round a loop (--forward-to
  // pointing back here, through a proxy or a name).
  const hopId = randomUUID();
  const state: HandlerState = {
    options,
    clock: options.clock ?? Date.now,
    ladder: createLadder({ ...options.ladder, hopId }),
    isoTime: createIsoTime(),
    seen: options.seen ?? createRecentKeys(),
    hopId,
    stats: createListenStats(),
    timedOutSockets: new WeakSet(),
    seq: 0,
    inflight: 0,
    draining: false,
    idleWaiters: [],
    delays: new Set(),
    forced: false,
  };
  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    state.inflight++;
    handle(state, req, res)
      .catch((error: unknown) => {
        state.stats.errors++;
        send(state, res, INTERNAL_ERROR_ANSWER, JSON_CONTENT_TYPE);
        options.onError?.(error);
      })
      .finally(() => {
        state.inflight--;
        if (state.inflight === 0) {
          const waiters = state.idleWaiters;
          state.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
  }) as CallbackHandler;
  Object.defineProperty(handler, 'stats', { value: state.stats });
  handler.drain = () => {
    state.draining = true;
  };
  handler.cutDelays = () => {
    state.forced = true;
    for (const done of [...state.delays]) done();
  };
  handler.idle = () =>
    state.inflight === 0
      ? Promise.resolve()
      : new Promise((resolve) => state.idleWaiters.push(resolve));
  handler.clientError = (error, socket) => answerClientError(state, error, socket);
  return handler;
}

/** The answer a request is to get (unless its connection is gone by then). */
interface Planned extends Answer {
  contentType: string | undefined;
  forward?: ForwardOutcome | undefined;
  decision?: CallbackDecision | undefined;
}

/** One request: read it, judge it, wait and relay as decided, record it, answer it. */
async function handle(state: HandlerState, req: IncomingMessage, res: ServerResponse) {
  const started = performance.now();
  const receivedAtMs = state.clock();
  const number = ++state.seq;
  res.on('error', noop);
  req.on('error', noop);
  const headers = copyHeaders(req.rawHeaders);
  // An expectation the listener does not meet is refused before the body, which the client
  // may be holding back until it hears 100 Continue.
  const expected = meetsExpectation(headers.expect);
  const raw = expected
    ? await readBody(req, headers['content-length'], state.options.maxBody)
    : { body: EMPTY, bytes: 0 };
  if (raw === undefined) {
    if (!state.timedOutSockets.has(req.socket)) state.stats.aborted++;
    return;
  }
  const verdict = state.ladder.judge({
    method: req.method ?? 'GET',
    target: req.url ?? '/',
    body: raw.body,
    nowSeconds: Math.floor(receivedAtMs / 1000),
    hostOk: req.httpVersion !== '1.1' || headers.host !== undefined,
    expect: headers.expect,
    hops: headers[HOP_HEADER],
  });
  const duplicate = noteDuplicate(state.seen, verdict);
  const plan = await planAnswer(state, verdict, raw, headers);
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
      response: { status: plan.status, body: plan.body },
      cut,
      durationMs: performance.now() - started,
      forward: plan.forward?.record,
      decision: cut ? undefined : plan.decision?.word,
    },
    state.isoTime,
  );
  const { options } = state;
  const lineText =
    options.record !== undefined || options.serialise ? JSON.stringify(line) : undefined;
  const failure =
    lineText === undefined ? undefined : await writeRecord(state, line, lineText, plan);
  const forward = plan.forward;
  countOutcome(state.stats, {
    cut,
    failed: failure !== undefined,
    rejected: verdict.rejection !== undefined,
    duplicate,
    forward,
  });
  if (!cut) send(state, res, plan, plan.contentType, raw.body === null || !expected);
  const decision = line.decision === undefined ? undefined : plan.decision;
  options.onExchange?.({
    seq: number,
    receivedAtMs,
    line,
    lineText,
    verdict,
    forward,
    decision,
    failure,
  });
}

/** Whether an accepted callback was seen before (PROTOCOL.md §4); remembers it from now on. */
function noteDuplicate(seen: RecentKeys, verdict: Verdict): boolean {
  if (verdict.duplicateKey === undefined) return false;
  const duplicate = seen.has(verdict.duplicateKey);
  seen.add(verdict.duplicateKey);
  return duplicate;
}

/** What a request is answered: as the core decides, after --delay, relayed when forwarding. */
async function planAnswer(
  state: HandlerState,
  verdict: Verdict,
  raw: RawBody,
  headers: Headers,
): Promise<Planned> {
  const { options } = state;
  const decision = decideAnswer(verdict, options.reply, options.forward, raw.body, options.replies);
  if (decision.kind === 'reject') return { ...decision.answer, contentType: JSON_CONTENT_TYPE };
  if (options.delayMs) await delay(state, options.delayMs);
  if (decision.kind === 'reply') {
    return { ...decision.answer, contentType: JSON_CONTENT_TYPE, decision: decision.decision };
  }
  // Loaded on first use: a listener that forwards nothing never loads the HTTP client.
  const { relay, answerForCaller } = await import('./forwarder.js');
  const hops = headers[HOP_HEADER];
  const forward = await relay(decision.to, decision.body, verdict.search, {
    contentType: headers['content-type'],
    hop: hops === undefined ? state.hopId : `${hops}, ${state.hopId}`,
  });
  const planned: Planned = { ...answerForCaller(forward), forward };
  if (verdict.entry?.phase === 'before' && forward.answer?.cutAtBytes === undefined) {
    planned.decision = checkBackendDecision(verdict.entry, forward);
  }
  return planned;
}

/** A before-callback's relayed answer: its decision, checked as `validate` checks one. */
function checkBackendDecision(
  entry: NonNullable<Verdict['entry']>,
  forward: ForwardOutcome,
): CallbackDecision | undefined {
  const { answer, check } = forward;
  if (answer === undefined || check === undefined) return undefined;
  const result = checkRelayedDecision(entry, answer.body);
  for (const failed of result.checks) check.checks.push(failed);
  for (const warning of result.warnings) check.warnings.push(warning);
  forward.record.checks = check.checks;
  if (check.warnings.length > 0) forward.record.warnings = check.warnings;
  return result.decision;
}

/** --delay, cut short by a forced stop (and skipped once one has begun). */
function delay(state: HandlerState, ms: number): Promise<void> {
  if (state.forced) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.delays.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.delays.add(done);
  });
}

/**
 * Writes the record line before the answer leaves, so nothing answered is missing from the
 * file. A line that cannot be written turns the answer into a 500; returns why.
 */
async function writeRecord(
  state: HandlerState,
  line: RecordLine,
  text: string,
  plan: Planned,
): Promise<string | undefined> {
  const { record } = state.options;
  if (record === undefined) return undefined;
  try {
    await record.write(text);
    return undefined;
  } catch (error) {
    if (line.cut !== true) {
      plan.status = RECORD_FAILED_ANSWER.status;
      plan.body = RECORD_FAILED_ANSWER.body;
      plan.contentType = JSON_CONTENT_TYPE;
      line.response = { ...RECORD_FAILED_ANSWER };
      plan.decision = undefined;
      delete line.decision;
    }
    return `the record line could not be written: ${(error as Error).message}`;
  }
}

function send(
  state: HandlerState,
  res: ServerResponse,
  answer: Answer,
  contentType: string | undefined,
  close = false,
): void {
  if (res.headersSent || res.destroyed) return;
  const { status, body } = answer;
  const headers: Record<string, string | number> = { 'content-length': Buffer.byteLength(body) };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (status === 405) headers.allow = 'POST';
  if (close || state.draining) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(body);
}

/** The server's 'clientError': counted, and a FAIL packet where HTTP still allows one. */
function answerClientError(
  state: HandlerState,
  error: Error & { code?: string },
  socket: Socket,
): void {
  const code = error.code ?? 'ERR';
  const decision = decideClientError(code);
  if (decision.kind === 'quiet') {
    socket.destroy();
    return;
  }
  if (decision.timedOut) {
    // One timeout, and not also an aborted upload when its request was being read.
    state.stats.timedOut++;
    state.timedOutSockets.add(socket);
  } else state.stats.malformedHttp++;
  let status: number | undefined;
  // Like node's own default: answer only on a fresh socket, where a response cannot interleave.
  if (socket.writable && socket.bytesWritten === 0) {
    const { answer } = decision;
    status = answer.status;
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${JSON_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(answer.body)}\r\nConnection: close\r\n\r\n${answer.body}`,
    );
  }
  socket.destroySoon();
  state.options.onClientError?.({ remoteAddress: peerAddress(socket), code, status });
}

type Headers = Record<string, string>;

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
