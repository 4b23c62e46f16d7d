import type { ServerResponse } from 'node:http';
import { OK_BODY, type Reply } from './capture-server.js';

/** What a streaming answer got to write before the connection ended. */
export interface Streamed {
  written: number;
  /** The whole body went out: the client read it all. */
  finished: boolean;
}

/**
 * An answer of `total` bytes of spaces, written as fast as the client reads (backpressure), so
 * a client that stops reading stops it: `written` then stays far below `total`.
 */
export function replyHuge(total: number, log: Streamed[]): Reply {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  return (_req, res) => {
    const entry: Streamed = { written: 0, finished: false };
    log.push(entry);
    res.writeHead(200, { 'content-type': 'application/json' });
    const pump = (): void => {
      while (entry.written < total) {
        entry.written += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end(() => {
        entry.finished = true;
      });
    };
    pump();
  };
}

/** A well-formed OK packet followed by `padding` bytes of spaces: valid JSON, only long. */
export function replyPaddedOk(padding: number): Reply {
  const body = Buffer.concat([Buffer.from(OK_BODY), Buffer.alloc(padding, 0x20)]);
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  };
}

/** Headers at once, then one byte every 100 ms for as long as the client stays. */
export const replyDrip: Reply = (_req, res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(' ');
  const timer = setInterval(() => res.write(' '), 100);
  res.on('close', () => clearInterval(timer));
};
