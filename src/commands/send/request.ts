import type { Dispatcher } from 'undici';
import { DEFAULT_FIXTURE, type TokenSource } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import { buildPayload, type JsonObject, PayloadError } from '../../core/payload.js';
import { maskUrlPasswords } from '../../core/redact.js';
import {
  commandOf,
  createRequestFactory,
  type PreparedRequest,
  type RequestPlan,
} from '../../core/send-request.js';
import { type ValidationResult, validateCallbackBody } from '../../core/validation.js';
import { readJsonInput } from '../../io/files.js';
import { loadCallbackFixture } from '../../io/fixtures.js';
import type { Prompts } from '../../io/prompts.js';

// What every mode of `send` shares: its options, where it sends, and the requests it builds.
// One-shot, load and interactive each import this; none copies it.

export interface SendOptions {
  url: string | undefined;
  fixture: string | undefined;
  payload: string | undefined;
  set: string[];
  unset: string[];
  type: string | undefined;
  members: number | undefined;
  sdkAppId: string | undefined;
  token: string | undefined;
  tokenSource: TokenSource | undefined;
  tokenFile: string | undefined;
  requestTime: number | undefined;
  skewSeconds: number | undefined;
  clientIp: string | undefined;
  platform: string | undefined;
  timeoutMs: number;
  /** How much of each answer body is read (--max-answer). */
  maxAnswerBytes?: number | undefined;
  insecure: boolean;
  ca: string | undefined;
  dryRun: boolean;
  interactive: boolean;
  count: number;
  concurrency: number;
  durationSeconds: number | undefined;
  rate: number | undefined;
}

export interface SendDeps {
  /** The prompts module; the real @inquirer/prompts is loaded only when a prompt is shown. */
  prompts?: () => Promise<Prompts>;
  stdin?: { isTTY?: boolean };
  /** An injected transport; the caller owns and closes it. */
  dispatcher?: Dispatcher;
  /** Wall clock in ms, for EventTime and RequestTime. */
  now?: () => number;
}

/** What a send is about to do, built once from the options: the same for every mode. */
export interface PreparedSend {
  opts: SendOptions;
  loadMode: boolean;
  plan: RequestPlan;
  /** The first request as it goes on the wire. */
  request: PreparedRequest;
  /** The first request as it is printed: the URL with any password masked. */
  first: PreparedRequest;
  bodyCheck: ValidationResult;
}

/** More than one request (--count n, --duration s): the load runner's job. */
export function isLoadMode(opts: SendOptions): boolean {
  return opts.count > 1 || opts.durationSeconds !== undefined;
}

/** The backend URL, which every mode needs and -i may have asked for. */
export function targetOf(opts: SendOptions): string {
  if (opts.url === undefined) {
    throw new UsageError(
      'missing the backend URL',
      'give it first, e.g. tim-callback send http://127.0.0.1:8080/im/callback (or -i on a terminal)',
    );
  }
  return opts.url;
}

/** Reads the body, plans every request and builds the first one, with its schema check. */
export async function prepareSend(opts: SendOptions, nowMs: () => number): Promise<PreparedSend> {
  const target = targetOf(opts);
  const loadMode = isLoadMode(opts);
  const base = await readBase(opts);
  const plan = planRequests(opts, base, target, loadMode, nowMs());
  const request = createRequestFactory(plan)(0, nowMs());
  const first = { ...request, url: maskUrlPasswords(request.url) };
  const bodyCheck = validateCallbackBody(JSON.parse(first.body), commandOf(plan.body));
  return { opts, loadMode, plan, request, first, bodyCheck };
}

/** Decides what each request carries. */
function planRequests(
  opts: SendOptions,
  base: JsonObject,
  target: string,
  loadMode: boolean,
  nowMs: number,
): RequestPlan {
  const overrides = { type: opts.type, members: opts.members, set: opts.set, unset: opts.unset };
  let plain: JsonObject;
  let stamped: JsonObject;
  try {
    plain = buildPayload(base, overrides);
    stamped = buildPayload(base, { ...overrides, nowMs });
  } catch (error) {
    if (error instanceof PayloadError) {
      throw new UsageError(
        error.message,
        error.hint ?? 'see tim-callback send --help for --set and --unset',
      );
    }
    throw error;
  }
  return {
    target,
    body: stamped,
    // A body without EventTime of its own is stamped with the send time on every request.
    stampEventTime: !('EventTime' in plain) && 'EventTime' in stamped,
    uniqueGroupIds: loadMode,
    sdkAppId: opts.sdkAppId,
    clientIp: opts.clientIp,
    platform: opts.platform,
    token: opts.token,
    requestTime: opts.requestTime,
    skewSeconds: opts.skewSeconds,
  };
}

/** The body to start from: --payload (a file or stdin) or a bundled fixture, never both. */
async function readBase(opts: SendOptions): Promise<JsonObject> {
  if (opts.payload !== undefined && opts.fixture !== undefined) {
    throw new UsageError(
      `a fixture ("${opts.fixture}") and --payload cannot go together`,
      'send a bundled fixture or your own body, not both',
    );
  }
  return opts.payload !== undefined
    ? readPayload(opts.payload)
    : loadCallbackFixture(opts.fixture ?? DEFAULT_FIXTURE);
}

/** The user's own body (--payload): a JSON object from a file or stdin. */
export async function readPayload(path: string): Promise<JsonObject> {
  const value = await readJsonInput(path, '--payload');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--payload "${path}" is not a JSON object`,
      'a callback body is an object, e.g. tim-callback fixtures show group-destroyed',
    );
  }
  return value as JsonObject;
}
