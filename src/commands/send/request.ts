import type { Dispatcher } from 'undici';
import { AFTER_GROUP_DESTROYED } from '../../core/callback-url.js';
import type { CatalogEntry } from '../../core/catalog/types.js';
import { DEFAULT_FIXTURE, type TokenSource } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import { buildPayload, type JsonObject, PayloadError } from '../../core/payload.js';
import { maskUrlPasswords } from '../../core/redact.js';
import {
  commandOf,
  createRequestFactory,
  eventVariation,
  type PreparedRequest,
  type RequestPlan,
} from '../../core/send-request.js';
import { type ValidationResult, validateCallbackBody } from '../../core/validation.js';
import { readJsonInput } from '../../io/files.js';
import { listFixtures, loadCallbackFixture } from '../../io/fixtures.js';
import type { Prompts } from '../../io/prompts.js';
import type { BodyRules, Decision } from './sample.js';

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
  /** --export k6: write a k6 script of these requests instead of sending them. */
  exportFormat?: 'k6' | undefined;
  /** --output: the file for --export (stdout without it). */
  output?: string | undefined;
  /** --force: --output may replace an existing file. */
  force?: boolean | undefined;
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
  /** The catalogue command sent, when the sample or --payload names one other than the default. */
  catalog?: SentCommand | undefined;
}

/** What a catalogue command adds to a send: its entry, a summary, and how its answer decides. */
export interface SentCommand {
  entry: CatalogEntry;
  /** The body in one line, from the entry's summary fields. */
  summary: string;
  /** A before-callback's decision check of an answer; undefined for after-callbacks. */
  decide: ((answerBody: string) => Decision) | undefined;
}

/** The body to start from, and its catalogue entry when it is not today's default command. */
interface Base {
  body: JsonObject;
  entry?: CatalogEntry | undefined;
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
  const sample = base.entry === undefined ? undefined : await import('./sample.js');
  const rules = base.entry && sample?.bodyRules(base.entry, opts);
  const plan = planRequests(opts, base, target, loadMode, nowMs(), rules);
  const request = createRequestFactory(plan)(0, nowMs());
  const first = { ...request, url: maskUrlPasswords(request.url) };
  const body: unknown = JSON.parse(first.body);
  if (base.entry === undefined || sample === undefined) {
    const bodyCheck = validateCallbackBody(body, commandOf(plan.body));
    return { opts, loadMode, plan, request, first, bodyCheck };
  }
  const { entry } = base;
  const { bodyCheck, summary } = sample.describeSample(entry, body);
  const decide =
    entry.phase === 'before' ? (answer: string) => sample.decide(entry, answer) : undefined;
  const catalog = { entry, summary, decide };
  return { opts, loadMode, plan, request, first, bodyCheck, catalog };
}

/** Decides what each request carries. */
function planRequests(
  opts: SendOptions,
  base: Base,
  target: string,
  loadMode: boolean,
  nowMs: number,
  rules: BodyRules | undefined,
): RequestPlan {
  const overrides = {
    type: opts.type,
    members: opts.members,
    set: opts.set,
    unset: opts.unset,
    memberField: rules?.memberField,
    typeOnly: rules?.typeOnly,
  };
  let plain: JsonObject;
  let stamped: JsonObject;
  try {
    plain = buildPayload(base.body, overrides);
    // A command whose body has no EventTime is not given one.
    const stamp = rules === undefined || rules.stampsEventTime ? nowMs : undefined;
    stamped = buildPayload(base.body, { ...overrides, nowMs: stamp });
  } catch (error) {
    if (error instanceof PayloadError) {
      throw new UsageError(
        error.message,
        error.hint ?? 'see tim-callback send --help for --set and --unset',
      );
    }
    throw error;
  }
  const entry = base.entry;
  return {
    target,
    body: stamped,
    // A body without EventTime of its own is stamped with the send time on every request.
    stampEventTime: !('EventTime' in plain) && 'EventTime' in stamped,
    uniqueGroupIds: loadMode,
    // A catalogue command: each request of a load run varies one of the fields of its event key.
    vary: entry && loadMode ? eventVariation(plain, entry.key) : undefined,
    command: entry?.command,
    queryOmits: entry?.queryOmits,
    sdkAppId: opts.sdkAppId,
    clientIp: opts.clientIp,
    platform: opts.platform,
    token: opts.token,
    requestTime: opts.requestTime,
    skewSeconds: opts.skewSeconds,
  };
}

/**
 * The body to start from: --payload (a file or stdin) or a sample, never both. A bundled fixture
 * name (and no name) is read as before; a catalogue sample loads the catalogue.
 */
async function readBase(opts: SendOptions): Promise<Base> {
  if (opts.payload !== undefined && opts.fixture !== undefined) {
    throw new UsageError(
      `a sample ("${opts.fixture}") and --payload cannot go together`,
      'send a bundled sample or your own body, not both',
    );
  }
  if (opts.payload !== undefined) {
    const body = await readPayload(opts.payload);
    const command = body.CallbackCommand;
    if (typeof command !== 'string' || command === AFTER_GROUP_DESTROYED) return { body };
    return { body, entry: await (await import('./sample.js')).entryOfCommand(command) };
  }
  const name = opts.fixture ?? DEFAULT_FIXTURE;
  if (isBundledFixture(name)) return { body: loadCallbackFixture(name) };
  return (await import('./sample.js')).loadSample(name);
}

/** A callback fixture of fixtures/callbacks/, by its own name (`group-destroyed`, `cn-edition`). */
export function isBundledFixture(name: string): boolean {
  return listFixtures().some((f) => f.kind === 'callback' && f.name === name);
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
