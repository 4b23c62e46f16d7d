import { lookup } from 'node:dns/promises';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isIP, connect as netConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkServerIdentity, type PeerCertificate, connect as tlsConnect } from 'node:tls';
import type { ConnectOutcome, LookupOutcome, TlsFacts, TokenFileFacts } from '../core/doctor.js';
import { describeFileError } from './files.js';

// The facts `doctor` judges, gathered from the network and the disk, each with a deadline or a
// cap. src/core/doctor.ts turns them into verdicts.

/** How long a lookup, a connect or a TLS handshake may take. */
export const PROBE_DEADLINE_MS = 5000;
/** A token is one line; a file far larger than that is read no further. */
const MAX_TOKEN_FILE_BYTES = 64 * 1024;

function withDeadline<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The host's addresses (an address is its own). */
export async function lookupHost(host: string, ms = PROBE_DEADLINE_MS): Promise<LookupOutcome> {
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) !== 0) return { addresses: [bare] };
  const work = lookup(bare, { all: true }).then(
    (found): LookupOutcome => ({ addresses: found.map((a) => a.address) }),
    (error: NodeJS.ErrnoException): LookupOutcome => ({ error: error.code ?? error.message }),
  );
  return withDeadline(work, ms, () => ({ error: `no answer within ${ms} ms` }));
}

/** A TCP connect to host:port, closed as soon as it is open. */
export function connectTcp(
  host: string,
  port: number,
  ms = PROBE_DEADLINE_MS,
): Promise<ConnectOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = netConnect({ host: host.replace(/^\[|\]$/g, ''), port });
    const done = (outcome: ConnectOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ error: 'timeout', timedOut: true }), ms);
    socket.once('connect', () => done({ ms: performance.now() - started }));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code ?? error.message }),
    );
  });
}

export interface TlsProbeOptions {
  /** PEM text of --ca, which replaces the default trust store as it does for requests. */
  ca?: string | undefined;
  ms?: number;
}

/** The certificate the server presents for `host`: its dates, its name check and its chain. */
export function inspectTls(
  host: string,
  port: number,
  options: TlsProbeOptions = {},
): Promise<TlsFacts | { error: string }> {
  const bare = host.replace(/^\[|\]$/g, '');
  const ms = options.ms ?? PROBE_DEADLINE_MS;
  return new Promise((resolve) => {
    const socket = tlsConnect({
      host: bare,
      port,
      ...(isIP(bare) === 0 ? { servername: bare } : {}),
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      // Judged below, not refused: the point is to say what is wrong with the certificate.
      rejectUnauthorized: false,
    });
    const done = (outcome: TlsFacts | { error: string }) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => done({ error: `no TLS handshake within ${ms} ms` }), ms);
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate() as PeerCertificate;
      const nameError = checkServerIdentity(bare, cert)?.message;
      // Node folds the name check into authorizationError; the name is judged on its own above.
      const code = socket.authorized ? undefined : String(socket.authorizationError);
      const chainError = code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? undefined : code;
      done({
        authorized: chainError === undefined,
        authorizationError: chainError,
        nameError,
        validFrom: cert.valid_from,
        validTo: cert.valid_to,
        customCa: options.ca !== undefined,
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done({ error: error.code ?? error.message }),
    );
  });
}

/** A token file's mode and whether it holds a first line, read no further than a cap. */
export function tokenFileFacts(
  path: string,
  platform = process.platform,
): TokenFileFacts & { token?: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { readable: false, error: describeFileError(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { readable: false, error: 'not a regular file' };
    const buffer = Buffer.alloc(MAX_TOKEN_FILE_BYTES);
    const size = readSync(fd, buffer, 0, buffer.length, 0);
    const token = buffer.subarray(0, size).toString('utf8').split(/\r?\n/)[0]?.trim() ?? '';
    return {
      readable: true,
      mode: stat.mode,
      empty: token === '',
      windows: platform === 'win32',
      ...(token === '' ? {} : { token }),
    };
  } catch (error) {
    return { readable: false, error: describeFileError(error) };
  } finally {
    closeSync(fd);
  }
}
