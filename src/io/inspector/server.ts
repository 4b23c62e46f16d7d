import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UsageError } from '../../core/errors.js';
import { PACKAGE_ROOT } from '../../package-root.js';
import { sseEvent } from './events.js';
import { countsEvent, type EntryRef, type Inspector } from './inspector.js';

/**
 * The inspector's HTTP server: the page (its files ship in the package's inspector/ folder) and
 * a small JSON API, bound to 127.0.0.1 only. It answers the routes it knows and nothing else;
 * a request for another host name (a DNS-rebinding page) or a cross-site POST is refused.
 */

export const INSPECTOR_HOST = '127.0.0.1';

const ASSETS: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/json-view.js': { file: 'json-view.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/icon.svg': { file: 'icon.svg', type: 'image/svg+xml' },
};

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-origin',
};

const MAX_POST_BYTES = 4096;
const PAGE_LIMIT = 100;

export interface RunningInspector {
  url: string;
  port: number;
  server: Server;
  close(): Promise<void>;
}

type Assets = Map<string, { body: Buffer; type: string }>;

/** Reads the page's files once: a handful of small files, kept for the listener's life. */
async function loadAssets(dir: URL): Promise<Assets> {
  const assets: Assets = new Map();
  for (const [route, { file, type }] of Object.entries(ASSETS)) {
    assets.set(route, { body: await readFile(new URL(file, dir)), type });
  }
  return assets;
}

export async function startInspectorServer(
  inspector: Inspector,
  port: number,
  assetsDir: URL = new URL('inspector/', PACKAGE_ROOT),
): Promise<RunningInspector> {
  const assets = await loadAssets(assetsDir);
  const context: Context = { inspector, assets, origins: [] };
  const server = createServer(
    { headersTimeout: 5000, requestTimeout: 10_000, keepAliveTimeout: 5000 },
    (req, res) => {
      route(context, req, res).catch(() => {
        if (!res.headersSent) reply(res, 500, { error: 'the inspector failed to answer' });
        else res.destroy();
      });
    },
  );
  server.maxConnections = 64;
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port)));
    server.listen(port, INSPECTOR_HOST, () => resolve());
  });
  server.on('error', () => undefined);
  const bound = (server.address() as AddressInfo).port;
  context.origins = [`${INSPECTOR_HOST}:${bound}`, `localhost:${bound}`];
  return {
    url: `http://${INSPECTOR_HOST}:${bound}/`,
    port: bound,
    server,
    close: () =>
      new Promise((resolve) => {
        inspector.events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function listenError(error: NodeJS.ErrnoException, port: number): UsageError {
  if (error.code === 'EADDRINUSE') {
    return new UsageError(
      `port ${port} on ${INSPECTOR_HOST} is already in use (--ui)`,
      'pick another with --ui <port>, or give --ui alone for a free one',
    );
  }
  return new UsageError(
    `cannot serve the inspector on ${INSPECTOR_HOST}:${port}: ${error.message}`,
    'give --ui alone for a free port',
  );
}

interface Context {
  inspector: Inspector;
  assets: Assets;
  /** The Host values this server answers to. */
  origins: string[];
}

function reply(res: ServerResponse, status: number, value: unknown, extra = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

async function route(context: Context, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A page on another site that rebinds its name to 127.0.0.1 sends its own Host: not served.
  if (!context.origins.includes(req.headers.host ?? '')) {
    reply(res, 421, { error: 'this inspector answers only to its own address' });
    return;
  }
  const url = new URL(req.url ?? '/', 'http://inspector');
  const asset = context.assets.get(url.pathname);
  if (asset !== undefined || url.pathname.startsWith('/api/')) {
    const wanted = url.pathname === '/api/resend' ? 'POST' : 'GET';
    if (req.method !== wanted && !(wanted === 'GET' && req.method === 'HEAD')) {
      reply(res, 405, { error: `${req.method} is not allowed here` }, { allow: wanted });
      return;
    }
  }
  if (asset !== undefined) {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': asset.type,
      'content-length': asset.body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : asset.body);
    return;
  }
  await api(context, url, req, res);
}

function numberParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null || !/^\d{1,15}$/.test(raw)) return undefined;
  return Number(raw);
}

function refOf(params: URLSearchParams | Record<string, unknown>, url?: URL): EntryRef {
  if (url !== undefined) {
    return {
      seq: numberParam(url, 'seq'),
      at: numberParam(url, 'at'),
      id: url.searchParams.get('id') ?? undefined,
    };
  }
  const value = params as Record<string, unknown>;
  const int = (v: unknown) =>
    Number.isSafeInteger(v) && (v as number) >= 0 ? (v as number) : undefined;
  return {
    seq: int(value.seq),
    at: int(value.at),
    id: typeof value.id === 'string' ? value.id : undefined,
  };
}

async function api(
  context: Context,
  url: URL,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const { inspector } = context;
  const limit = Math.min(numberParam(url, 'limit') ?? PAGE_LIMIT, PAGE_LIMIT);
  switch (url.pathname) {
    case '/api/rows': {
      const rows = inspector.rows(numberParam(url, 'before'), limit, numberParam(url, 'after'));
      // Past what is kept, the record goes on: from the oldest kept request in it, or, when the
      // page's last row is no longer kept, from that row's own place in the record.
      const more =
        rows.length === limit
          ? null
          : rows.length === 0 && url.searchParams.has('before')
            ? (numberParam(url, 'at') ?? null)
            : inspector.recordCursor();
      reply(res, 200, {
        rows,
        counts: inspector.store.counts,
        older: more,
        kept: inspector.store.size,
      });
      return;
    }
    case '/api/older': {
      const at = numberParam(url, 'at');
      if (at === undefined) return reply(res, 400, { error: 'at= is required' });
      const page = await inspector.olderFromRecord(at, limit);
      reply(res, 200, { rows: page.rows, older: page.next });
      return;
    }
    case '/api/entry':
      return sendDetail(inspector, refOf(url.searchParams, url), res);
    case '/api/copy':
      return sendCommandLine(inspector, url, res);
    case '/api/line':
      return sendLine(inspector, refOf(url.searchParams, url), res);
    case '/api/events':
      return streamEvents(inspector, url, req, res);
    case '/api/resend':
      return resend(context, req, res);
    default:
      reply(res, 404, { error: `nothing at ${url.pathname}` });
  }
}

async function sendDetail(inspector: Inspector, ref: EntryRef, res: ServerResponse) {
  const detail = await inspector.detail(ref);
  if (detail === undefined) return reply(res, 404, { error: 'that request is no longer kept' });
  reply(res, 200, detail);
}

async function sendCommandLine(inspector: Inspector, url: URL, res: ServerResponse) {
  const kind = url.searchParams.get('kind');
  if (kind !== 'curl' && kind !== 'send')
    return reply(res, 400, { error: 'kind=curl or kind=send' });
  const text = await inspector.commandLine(refOf(url.searchParams, url), kind);
  if (text === undefined) return reply(res, 404, { error: 'that request is no longer kept' });
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function sendLine(inspector: Inspector, ref: EntryRef, res: ServerResponse) {
  const line = await inspector.lineOf(ref);
  if (line === undefined) return reply(res, 404, { error: 'that request is no longer kept' });
  const text = `${JSON.stringify(line)}\n`;
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': 'application/x-ndjson; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'content-disposition': `attachment; filename="callback-${line.id.replace(/[^\w-]/g, '')}.jsonl"`,
  });
  res.end(text);
}

function streamEvents(inspector: Inspector, url: URL, req: IncomingMessage, res: ServerResponse) {
  const after = numberParam(url, 'after') ?? Number.MAX_SAFE_INTEGER;
  // What arrived between the page's first list and its stream: sent first, so nothing is missed.
  const rows = inspector.since(after).map((row) => sseEvent('row', JSON.stringify(row)));
  const backlog = `${rows.join('')}${countsEvent(inspector.store)}`;
  if (!inspector.events.attach(req, res, backlog)) {
    reply(res, 503, { error: 'too many pages are open on this inspector' });
  }
}

type SmallJson = Record<string, unknown> | 'too large' | undefined;

/** Reads a small JSON body within the cap and the deadline; undefined when it is not one. */
function readSmallJson(req: IncomingMessage): Promise<SmallJson> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => finish(undefined), 5000);
    const finish = (value: SmallJson) => {
      clearTimeout(timer);
      req.removeAllListeners('data');
      req.removeAllListeners('end');
      resolve(value);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_POST_BYTES) {
        req.pause();
        finish('too large');
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
        finish(isObject ? (value as Record<string, unknown>) : undefined);
      } catch {
        finish(undefined);
      }
    });
    req.on('error', () => finish(undefined));
  });
}

async function resend(context: Context, req: IncomingMessage, res: ServerResponse) {
  // Only this page may resend: a cross-site form cannot send JSON, and its Origin is not ours.
  const origin = req.headers.origin;
  const ownOrigin = origin === undefined || context.origins.some((o) => origin === `http://${o}`);
  if (!ownOrigin || !/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
    return reply(res, 403, { error: 'resend is for the inspector page only' });
  }
  const body = await readSmallJson(req);
  if (body === 'too large') {
    // The rest is not read: the connection ends with the answer.
    res.on('finish', () => req.destroy());
    return reply(res, 413, { error: 'the request is too large' }, { connection: 'close' });
  }
  if (body === undefined) return reply(res, 400, { error: 'send {"seq":…,"to":"listener"}' });
  const to = body.to === 'forward' ? 'forward' : 'listener';
  const result = await context.inspector.resend(refOf(body), to);
  if (result === undefined) {
    return reply(res, 404, { error: 'that request is no longer kept, or has no body to resend' });
  }
  reply(res, 200, result);
}
