import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { request } from 'undici';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import {
  type CallbackHandlerOptions,
  createCallbackHandler,
  type Exchange,
  type RunningListener,
  type ServerOptions,
  startListener,
} from '../../src/io/listener.js';
import { BIN } from './bin.js';

export const TOKEN = 'listen-test-token-7f3a';
export const SDKAPPID = '1400000000';
export const OK_BODY = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';

export const sampleBody = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    CallbackCommand: AFTER_GROUP_DESTROYED,
    GroupId: '@TGS#2J4SZEAEL',
    Type: 'Public',
    Owner_Account: 'leckie',
    Name: 'MyFirstGroup',
    MemberList: [{ Member_Account: 'leckie' }, { Member_Account: 'peter' }],
    EventTime: 1670574414123,
    ...over,
  });

export interface TestListener {
  url: string;
  port: number;
  listener: RunningListener;
  handler: ReturnType<typeof createCallbackHandler>;
  exchanges: Exchange[];
  /** A callback URL for this listener, signed at `time` (seconds) unless `token` is null. */
  callbackUrl(options?: {
    path?: string;
    time?: number;
    token?: string | null;
    sdkAppId?: string | null;
    command?: string;
  }): string;
  close(): Promise<void>;
}

/** A real listener on 127.0.0.1, port 0, with the given handler options. */
export async function startTestListener(
  options: Omit<Partial<CallbackHandlerOptions>, 'ladder'> & {
    ladder?: Partial<CallbackHandlerOptions['ladder']>;
  },
  server: Partial<ServerOptions> = {},
): Promise<TestListener> {
  const exchanges: Exchange[] = [];
  const handler = createCallbackHandler({
    maxBody: 16 * 1024 * 1024,
    reply: { status: 200, body: OK_BODY },
    onExchange: (e) => exchanges.push(e),
    ...options,
    ladder: { toleranceSeconds: 60, strict: false, ...options.ladder },
  });
  const listener = await startListener(handler, { host: '127.0.0.1', port: 0, ...server });
  const url = listener.url;
  return {
    url,
    port: listener.port,
    listener,
    handler,
    exchanges,
    callbackUrl: (o = {}) =>
      buildCallbackUrl({
        target: `${url}${(o.path ?? '/').slice(1)}`,
        command: o.command ?? AFTER_GROUP_DESTROYED,
        sdkAppId: o.sdkAppId === null ? undefined : (o.sdkAppId ?? SDKAPPID),
        token: o.token === null ? undefined : (o.token ?? TOKEN),
        requestTime: o.time ?? Math.floor(Date.now() / 1000),
      }),
    close: () => listener.close(2000),
  };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export async function post(
  url: string,
  body: string | Buffer = sampleBody(),
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await request(url, {
    method: (options.method ?? 'POST') as 'POST',
    body: options.method === 'GET' || options.method === 'HEAD' ? null : body,
    headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
  });
  const text = await response.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: response.headers, text, json };
}

/** Asserts-friendly view of a FAIL packet: its code and reason, or undefined if it is not one. */
export function failOf(answer: Answer): { code: number; info: string } | undefined {
  const p = answer.json as { ActionStatus?: unknown; ErrorCode?: unknown; ErrorInfo?: unknown };
  if (
    p?.ActionStatus !== 'FAIL' ||
    typeof p.ErrorCode !== 'number' ||
    p.ErrorCode === 0 ||
    typeof p.ErrorInfo !== 'string'
  ) {
    return undefined;
  }
  return { code: p.ErrorCode, info: p.ErrorInfo };
}

/**
 * Writes raw bytes on a fresh TCP connection and collects everything until the server closes it
 * (or `waitMs` passes, when the socket is destroyed). `abort` destroys it right after writing.
 */
export function rawExchange(
  port: number,
  chunks: (string | Buffer)[],
  options: { waitMs?: number; abort?: boolean; end?: boolean } = {},
): Promise<{ data: string; closedByServer: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let closedByServer = false;
    const timer = setTimeout(() => socket.destroy(), options.waitMs ?? 5000);
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      data += d;
    });
    socket.on('error', () => undefined);
    socket.on('end', () => {
      closedByServer = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closedByServer });
    });
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (options.abort) socket.destroy();
      else if (options.end) socket.end();
    });
  });
}

export interface SpawnedListener {
  child: ChildProcessWithoutNullStreams;
  /** The first line printed (stdout, or stderr with --json). */
  firstLine: Promise<string>;
  stdout(): string;
  stderr(): string;
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; stdout: string; stderr: string }>;
  exited: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Spawns the built bin's `listen` with NO_COLOR and no token/SdkAppid from the environment. */
export function spawnListen(args: string[], env: Record<string, string> = {}): SpawnedListener {
  const childEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  delete childEnv.FORCE_COLOR;
  if (env.TIM_CALLBACK_TOKEN === undefined) delete childEnv.TIM_CALLBACK_TOKEN;
  if (env.TIM_SDKAPPID === undefined) delete childEnv.TIM_SDKAPPID;
  const child = spawn(process.execPath, [BIN, 'listen', ...args], {
    env: childEnv as NodeJS.ProcessEnv,
  });
  let stdout = '';
  let stderr = '';
  const json = args.includes('--json');
  let resolveFirst: (line: string) => void = () => undefined;
  let rejectFirst: (error: Error) => void = () => undefined;
  const firstLine = new Promise<string>((resolve, reject) => {
    resolveFirst = resolve;
    rejectFirst = reject;
  });
  const check = () => {
    const text = json ? stderr : stdout;
    const nl = text.indexOf('\n');
    if (nl !== -1) resolveFirst(text.slice(0, nl));
  };
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    check();
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  // A listener that never stops on its own is killed, so that no test leaves one behind.
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code) => {
      clearTimeout(killer);
      rejectFirst(new Error(`listen exited (${code}) before printing a line: ${stderr}`));
      resolve({ code, stdout, stderr });
    });
  });
  return {
    child,
    firstLine,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function portOf(firstLine: string): number {
  const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(firstLine);
  if (!match) throw new Error(`no URL in the first line: ${firstLine}`);
  return Number(match[1]);
}
