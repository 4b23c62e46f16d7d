import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_TOLERANCE_SECONDS, verifySign } from '../../src/core/sign.js';

/** One request as a loopback backend received it: the raw body bytes included. */
export interface Received {
  method: string;
  url: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface Answer {
  status?: number;
  contentType?: string;
  body: string;
  delayMs?: number;
}

export interface Backend {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export type AnswerFn = (request: Received) => Answer;

/** A node:http server on a free loopback port that answers every request with `answer`. */
export async function startBackend(answer: AnswerFn, path = '/im/callback'): Promise<Backend> {
  const received: Received[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const request: Received = {
        method: req.method ?? '',
        url: req.url ?? '',
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      received.push(request);
      const reply = answer(request);
      const send = () => {
        timers.delete(timer);
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.contentType ?? 'application/json; charset=utf-8',
        });
        res.end(reply.body);
      };
      const timer = setTimeout(send, reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const OK_BODY = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';

function failPacket(status: number, code: number, info: string): Answer {
  return {
    status,
    body: JSON.stringify({ ActionStatus: 'FAIL', ErrorCode: code, ErrorInfo: info }),
  };
}

/**
 * What a correct backend does (trtc.io/document/34377, cloud.tencent.com/document/product/269/32431):
 * SdkAppid must be its own, Sign must match within the 1-minute window, the body must be JSON;
 * then it answers OK, also to a repeated delivery.
 */
export function correctBackend(options: {
  sdkAppId: string;
  token?: string;
  checkSign?: boolean;
  /** Reject with 200 and a FAIL packet instead of a 4xx status: both are rejections. */
  rejectWith200?: boolean;
}): AnswerFn {
  const fail = (status: number, code: number, info: string) =>
    failPacket(options.rejectWith200 ? 200 : status, code, info);
  return (request) => {
    if (request.query.get('SdkAppid') !== options.sdkAppId) {
      return fail(403, 403, 'SdkAppid is not ours');
    }
    if (options.token !== undefined && options.checkSign !== false) {
      const verdict = verifySign({
        token: options.token,
        sign: request.query.get('Sign') ?? undefined,
        requestTime: request.query.get('RequestTime') ?? undefined,
        now: Math.floor(Date.now() / 1000),
        toleranceSeconds: DEFAULT_TOLERANCE_SECONDS,
      });
      if (verdict.outcome !== 'ok') return fail(401, 401, verdict.reason);
    }
    try {
      const body = JSON.parse(request.body.toString('utf8')) as unknown;
      if (typeof body !== 'object' || body === null) return fail(400, 400, 'not an object');
    } catch {
      return fail(400, 400, 'not JSON');
    }
    return { body: OK_BODY };
  };
}

/** A port that was free a moment ago and is closed now: connections to it are refused. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/im/callback`;
}
