import type { Dispatcher } from 'undici';
import type { TokenSource } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { type CommandIndex, indexCommands } from '../../core/listen-ladder.js';
import { formatBytes } from '../../core/listen-options.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { plural } from '../../core/text.js';
import { loadCatalog } from '../../io/catalog.js';
import type { Inspector } from '../../io/inspector/inspector.js';
import {
  createListenPrinter,
  formatBanner,
  formatClientError,
  formatSummary,
} from '../../io/listen-printer.js';
import {
  type CallbackHandler,
  createCallbackHandler,
  type Exchange,
  type RunningListener,
  startListener,
} from '../../io/listener.js';
import { batchLines, type Output } from '../../io/output.js';
import {
  loadRecordedKeys,
  openRecordWriter,
  type RecordedKeys,
  type RecordWriter,
} from '../../io/record-writer.js';
import { type LoadedReplies, loadReplies } from './reply.js';
import { startWarnings } from './warnings.js';

export interface ListenOptions {
  port: number;
  host: string;
  path: string | undefined;
  sdkAppId: string | undefined;
  token: string | undefined;
  /** Where the token came from, to print a send line that works without showing it. */
  tokenSource: TokenSource | undefined;
  tokenFile: string | undefined;
  toleranceSeconds: number;
  record: string | undefined;
  forwardTo: string | undefined;
  forwardTimeoutMs: number;
  /** How much of the backend's answer is read (--max-answer). */
  maxAnswerBytes?: number | undefined;
  /** Each --reply: allow, deny, discard, ok, fail or a file, or `<command>=<one of those>`. */
  reply: readonly string[];
  replyStatus: number;
  delayMs: number;
  strict: boolean;
  maxBody: number;
  /** --ui: the inspector page's port (0 for a free one); undefined for no page. */
  ui?: number | undefined;
}

/** `tim-callback listen`: runs until SIGINT/SIGTERM, then drains, summarises and returns 0. */
export async function runListen(options: ListenOptions, out: Output): Promise<ExitCode> {
  // The catalogue, once: each body is checked against its own command's schema.
  const catalog = await loadCatalog();
  const commands = indexCommands(catalog);
  const reply = await loadReplies(options.reply, catalog, options.replyStatus);
  // Per-request output is written once per burst (each burst ends in a newline); stdout carries
  // only record lines with --json, and human lines otherwise.
  const printed = batchLines((text) => out.raw(text));
  const held = await openResources(options, commands);
  const ui = options.ui === undefined ? undefined : await import('./inspector.js');
  const inspector = await ui?.openInspector(options, held.record);
  const handler = createHandler(options, { reply, commands }, held, out, printed, inspector);
  const listener = await start(handler, options, held);
  const page =
    ui &&
    inspector &&
    (await serveOrClose(ui.serveInspector(inspector, options.ui ?? 0, listener), listener, held));

  // A closed stdout (`listen | head`) must not take the listener down; the record still works.
  out.stdout.on('error', () => undefined);
  // Before the banner: a signal sent as soon as the address is printed must find its handler.
  const stopped = closeOnSignal(listener, out);
  printStart(options, reply, held, listener, out, page?.url);

  await stopped;
  await page?.close();
  await inspector?.close();
  await held.close();
  printed.flush();
  const { record } = held;
  const recordLine = record && `${record.path}: ${plural(record.lines, 'line')} written`;
  for (const line of formatSummary(out.c, handler.stats, recordLine)) out.line(line);
  return EXIT_OK;
}

/** What the listener holds open while it runs: the record file and the relay's connections. */
interface Held {
  record: RecordWriter | undefined;
  earlier: RecordedKeys | undefined;
  dispatcher: Dispatcher | undefined;
  close(): Promise<void>;
}

async function openResources(options: ListenOptions, commands: CommandIndex): Promise<Held> {
  const held: Held = {
    record: undefined,
    earlier: undefined,
    dispatcher: undefined,
    async close() {
      await held.record?.close();
      await held.dispatcher?.close();
    },
  };
  try {
    if (options.record !== undefined) {
      held.record = await openRecordWriter(options.record);
      held.earlier = await loadRecordedKeys(held.record, undefined, undefined, commands);
    }
    if (options.forwardTo !== undefined) {
      const { createDispatcher } = await import('../../io/http-client.js');
      held.dispatcher = createDispatcher();
    }
  } catch (error) {
    await held.record?.close();
    throw error;
  }
  return held;
}

function createHandler(
  options: ListenOptions,
  { reply, commands }: { reply: LoadedReplies; commands: CommandIndex },
  held: Held,
  out: Output,
  printed: { push(text: string): void },
  inspector: Inspector | undefined,
): CallbackHandler {
  const { c } = out;
  const printer = createListenPrinter(c);
  const { dispatcher } = held;
  const show: (exchange: Exchange) => void = out.json
    ? (exchange) => printed.push(exchange.lineText ?? JSON.stringify(exchange.line))
    : (exchange) => printed.push(printer.exchange(exchange));
  return createCallbackHandler({
    ladder: {
      path: options.path,
      sdkAppId: options.sdkAppId,
      token: options.token,
      toleranceSeconds: options.toleranceSeconds,
      strict: options.strict,
      commands,
    },
    maxBody: options.maxBody,
    reply: reply.table.fallback.answer,
    replies: reply.table,
    delayMs: options.delayMs,
    forward:
      options.forwardTo !== undefined && dispatcher !== undefined
        ? {
            url: options.forwardTo,
            timeoutMs: options.forwardTimeoutMs,
            dispatcher,
            maxAnswerBytes: options.maxAnswerBytes,
          }
        : undefined,
    record: held.record,
    seen: held.earlier?.keys,
    serialise: out.json,
    onExchange:
      inspector === undefined
        ? show
        : (exchange) => {
            show(exchange);
            inspector.observe(exchange);
          },
    onClientError: (event) =>
      out.json ? out.info(formatClientError(c, event)) : printed.push(formatClientError(c, event)),
    onError: (error) =>
      out.info(
        c.red(
          `tim-callback: unexpected error while answering a request (answered 500); please report it:\n${(error as Error)?.stack ?? String(error)}`,
        ),
      ),
  });
}

/** Binds the server; a failure to start closes what was opened for it. */
async function start(
  handler: CallbackHandler,
  options: ListenOptions,
  held: Held,
): Promise<RunningListener> {
  try {
    const listener = await startListener(handler, { host: options.host, port: options.port });
    if (options.forwardTo !== undefined) await refuseSelfForward(options.forwardTo, listener);
    return listener;
  } catch (error) {
    await held.close();
    throw error;
  }
}

/** The inspector's server, or a failure to start it that closes the listener first. */
async function serveOrClose<T>(
  serving: Promise<T>,
  listener: RunningListener,
  held: Held,
): Promise<T> {
  try {
    return await serving;
  } catch (error) {
    await listener.close(0);
    await held.close();
    throw error;
  }
}

/** The banner (the address, a send line that reaches it, the checks and the answer) and warnings. */
function printStart(
  options: ListenOptions,
  reply: LoadedReplies,
  held: Held,
  listener: RunningListener,
  out: Output,
  inspectorUrl: string | undefined,
): void {
  const address = `${listener.url}${(options.path ?? '/').slice(1)}`;
  const banner = formatBanner(out.c, {
    url: address,
    sendCommand: sendCommand(options, listener.host, address),
    sdkAppId: options.sdkAppId,
    token: options.token !== undefined,
    toleranceSeconds: options.toleranceSeconds,
    strict: options.strict,
    path: options.path,
    answer: describeAnswer(options, reply),
    record: describeRecord(held.record, held.earlier),
    inspector: inspectorUrl,
  });
  for (const line of banner) out.line(line);
  for (const warning of startWarnings({
    boundHost: listener.host,
    token: options.token !== undefined,
    delayMs: options.delayMs,
    replyProblems: options.forwardTo === undefined ? reply.problems : [],
    replyStatus: options.forwardTo === undefined ? options.replyStatus : 200,
    record: options.record,
    unreadable: held.earlier?.unreadable ?? 0,
  })) {
    out.warn(warning);
  }
}

/** --forward-to this very listener would relay each callback to itself without end. */
async function refuseSelfForward(forwardTo: string, listener: RunningListener): Promise<void> {
  const { leadsToListener } = await import('../../io/self-target.js');
  if (!(await leadsToListener(forwardTo, listener))) return;
  await listener.close(0);
  throw new UsageError(
    `--forward-to ${forwardTo} is this listener's own address (${listener.url}): each callback would be relayed to itself`,
    'point --forward-to at your backend, or give the listener another --port',
  );
}

/**
 * Waits for SIGINT/SIGTERM, then closes the listener gracefully and resolves once it is closed;
 * a second signal meanwhile cuts the connections still open.
 */
function closeOnSignal(listener: RunningListener, out: Output): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        listener.forceClose();
        return;
      }
      stopping = true;
      out.info(out.c.dim(`${signal}: finishing the requests in flight (again to cut them)`));
      void listener.close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

function quote(arg: string): string {
  return SHELL_SAFE.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`;
}

/** A `send` line that fires a sample at this listener and passes its checks, token unshown. */
function sendCommand(options: ListenOptions, boundHost: string, address: string): string {
  // A wildcard address is not one to send to; this machine's loopback reaches it.
  const target =
    boundHost === '0.0.0.0' || boundHost === '::'
      ? address.replace(boundHost === '::' ? '[::]' : '0.0.0.0', '127.0.0.1')
      : address;
  const args = ['npx', 'tim-callback', 'send', quote(target)];
  if (options.sdkAppId !== undefined) args.push('--sdkappid', quote(options.sdkAppId));
  // Never the token itself: its file, a placeholder for --token, and nothing for
  // TIM_CALLBACK_TOKEN, which send reads just as listen did.
  if (options.tokenSource === 'file' && options.tokenFile !== undefined) {
    args.push('--token-file', quote(options.tokenFile));
  }
  if (options.tokenSource === 'flag') args.push('--token', '<token>');
  return args.join(' ');
}

function describeAnswer(options: ListenOptions, reply: LoadedReplies): string {
  const delay = options.delayMs > 0 ? ` after ${options.delayMs} ms` : '';
  if (options.forwardTo !== undefined) {
    return `relayed to ${maskUrlPasswords(options.forwardTo)}${delay} (timeout ${options.forwardTimeoutMs} ms); its answer is checked and returned`;
  }
  const body = reply.defaultBody;
  const packet = body.slice(0, 200).replace(/\s+/g, ' ');
  const per = reply.perCommand.length > 0 ? `; ${reply.perCommand.join(', ')}` : '';
  const kind = reply.defaultSpec.kind;
  // deny and discard decide before-callbacks only (core/listen-reply.ts, defaultSpecFor).
  const scope =
    kind === 'deny' || kind === 'discard'
      ? ` to before-callbacks${kind === 'discard' ? ' (deny where a command has no discard)' : ''}, allow to the others`
      : '';
  return `${options.replyStatus} ${packet}${body.length > 200 ? '…' : ''}${scope}${per}${delay}`;
}

function describeRecord(
  record: RecordWriter | undefined,
  earlier: RecordedKeys | undefined,
): string | undefined {
  if (record === undefined) return undefined;
  const owner = record.foreign ? ", another user's file: mode left as found" : '';
  const mode = `mode ${record.mode.toString(8).padStart(4, '0')}${owner}`;
  if (earlier === undefined || record.earlierBytes === 0) {
    return `${record.path} (new lines appended, ${mode})`;
  }
  const read = earlier.whole
    ? plural(earlier.lines, 'earlier line')
    : `its last ${formatBytes(earlier.bytesRead)} read`;
  return `${record.path} (${mode}; appending to ${formatBytes(record.earlierBytes)}, ${read}: ${plural(earlier.keys.size, 'callback')} known for duplicate detection)`;
}
