import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';

export interface CapturedRequest {
  method: string;
  /** The request target as sent: path and query string. */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Reply = (request: CapturedRequest, res: ServerResponse) => void;

export const OK_BODY = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';

export const replyOk: Reply = (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(OK_BODY);
};

export interface CaptureServer {
  url: string;
  port: number;
  requests: CapturedRequest[];
  /** Replaces the answer for the following requests. */
  reply: Reply;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A loopback HTTP server on a free port that records every request and answers with `reply`. */
export async function startCaptureServer(reply: Reply = replyOk): Promise<CaptureServer> {
  const state: CaptureServer = {
    url: '',
    port: 0,
    requests: [],
    reply,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const captured: CapturedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      state.requests.push(captured);
      state.reply(captured, res);
    });
  });
  state.port = await listen(server);
  state.url = `http://127.0.0.1:${state.port}`;
  return state;
}

/** A slow backend: answers OK after `ms`; the timer goes when the connection closes first. */
export function replyAfter(ms: number): Reply {
  return (req, res) => {
    const timer = setTimeout(() => replyOk(req, res), ms);
    res.on('close', () => clearTimeout(timer));
  };
}

/** A port nothing listens on: bound once to get a free number, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listen(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface LoopbackProxy {
  url: string;
  /** Each CONNECT target (host:port) or absolute-form request URL the proxy relayed. */
  seen: string[];
  close(): Promise<void>;
}

/** A minimal forward proxy on loopback that tunnels CONNECT, as undici's ProxyAgent asks. */
export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.statusCode = 501;
    res.end();
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(client).add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
