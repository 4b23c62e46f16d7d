import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The inspector's Server-Sent Events: every page open on it gets each new row. Rows are gathered
 * and go out together every `flushMs` (one write per page for a whole burst, followed by the
 * trailer: the counts). A page that does not keep up (its unsent bytes over the cap) loses its
 * own connection, and nothing else: the listener never waits for a page.
 */
export interface EventHub {
  /** Adds a page; `backlog` (already-formatted events) is written first. */
  attach(req: IncomingMessage, res: ServerResponse, backlog: string): boolean;
  /** Queues one event for every page; `format` runs only when a page is listening. */
  publish(format: () => string): void;
  readonly clients: number;
  /** Ends every page's stream. */
  close(): void;
}

export interface EventHubOptions {
  /** The most pages at once (more get 503). */
  maxClients: number;
  /** Unsent bytes a page may have queued before it is dropped. */
  maxQueuedBytes: number;
  /** A comment line this often keeps proxies and the browser from timing the stream out. */
  heartbeatMs: number;
  /** How long rows are gathered before they are written. */
  flushMs: number;
}

export const DEFAULT_EVENT_HUB: EventHubOptions = {
  maxClients: 16,
  maxQueuedBytes: 4 * 1024 * 1024,
  heartbeatMs: 15_000,
  flushMs: 100,
};

/** One SSE event: a name and a one-line JSON data field. */
export function sseEvent(name: string, data: string): string {
  return `event: ${name}\ndata: ${data}\n\n`;
}

export function createEventHub(
  options: EventHubOptions = DEFAULT_EVENT_HUB,
  trailer: () => string = () => '',
): EventHub {
  const clients = new Set<ServerResponse>();
  let pending = '';
  let scheduled: NodeJS.Timeout | undefined;

  const drop = (res: ServerResponse) => {
    clients.delete(res);
    res.destroy();
  };
  const write = (res: ServerResponse, text: string) => {
    if (res.destroyed) {
      clients.delete(res);
      return;
    }
    res.write(text);
    if (res.writableLength > options.maxQueuedBytes) drop(res);
  };
  const flush = () => {
    scheduled = undefined;
    const text = pending + trailer();
    pending = '';
    for (const res of clients) write(res, text);
  };
  const heartbeat = setInterval(() => {
    for (const res of clients) write(res, ': keep-alive\n\n');
  }, options.heartbeatMs);
  heartbeat.unref();

  return {
    attach(req, res, backlog) {
      if (clients.size >= options.maxClients) return false;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      // The request's own socket timeout would end a quiet stream; heartbeats keep it alive.
      req.socket.setTimeout(0);
      clients.add(res);
      res.on('close', () => clients.delete(res));
      write(res, `retry: 2000\n\n${backlog}`);
      return true;
    },
    publish(format) {
      if (clients.size === 0) return;
      pending += format();
      scheduled ??= setTimeout(flush, options.flushMs);
    },
    get clients() {
      return clients.size;
    },
    close() {
      clearInterval(heartbeat);
      if (scheduled !== undefined) clearTimeout(scheduled);
      for (const res of clients) res.end();
      clients.clear();
    },
  };
}
