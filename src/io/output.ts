import { Chalk, type ChalkInstance } from 'chalk';

/**
 * The one owner of terminal output. Commands write lines through it; in --json mode stdout
 * carries only JSON and everything human goes to stderr.
 */
export interface Output {
  readonly json: boolean;
  readonly isTTY: boolean;
  readonly c: ChalkInstance;
  /** A human line on stdout (stderr in --json mode). */
  line(text?: string): void;
  /** A diagnostic on stderr. */
  info(text: string): void;
  /** A warning on stderr. */
  warn(text: string): void;
  /** One JSON document (pretty) on stdout. */
  document(value: unknown): void;
  /** One NDJSON line on stdout. */
  ndjson(value: unknown): void;
  /** Raw text on stdout, as is. */
  raw(text: string): void;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface OutputOptions {
  json?: boolean;
  stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  stderr?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

/** Colour follows NO_COLOR / FORCE_COLOR and is off when stdout is not a TTY or with --json. */
export function colorLevel(json: boolean, isTTY: boolean, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (json) return 0;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force === 'false') return 0;
    if (force === '2') return 2;
    if (force === '3') return 3;
    return 1;
  }
  if (!isTTY) return 0;
  return env.COLORTERM === 'truecolor' ? 3 : 2;
}

export function createOutput(options: OutputOptions = {}): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const env = options.env ?? process.env;
  const json = options.json ?? false;
  const isTTY = Boolean((stdout as { isTTY?: boolean }).isTTY);
  const c = new Chalk({ level: colorLevel(json, isTTY, env) });
  const human = json ? stderr : stdout;
  return {
    json,
    isTTY,
    c,
    stdout,
    stderr,
    line: (text = '') => void human.write(`${text}\n`),
    info: (text) => void stderr.write(`${text}\n`),
    warn: (text) => void stderr.write(`${c.yellow('warning:')} ${text}\n`),
    document: (value) => void stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    ndjson: (value) => void stdout.write(`${JSON.stringify(value)}\n`),
    raw: (text) => void stdout.write(text),
  };
}

export interface LineBatch {
  /** Queues one line (without its newline). */
  push(text: string): void;
  /** Writes what is queued now. */
  flush(): void;
}

/**
 * Gathers the lines of one event-loop turn and writes them at once right after it: a server that
 * prints per request then costs one write per burst, not one per request (stdout to a file or a
 * pipe is a system call per write).
 */
export function batchLines(write: (text: string) => void): LineBatch {
  let queued: string[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const flush = () => {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    if (queued.length === 0) return;
    const text = `${queued.join('\n')}\n`;
    queued = [];
    write(text);
  };
  return {
    push(text) {
      queued.push(text);
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
