import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from './callback-url.js';
import type { JsonObject } from './payload.js';

export interface RequestPlan {
  /** The backend URL as given; its own query is kept. */
  target: string;
  /** The built body (after --type, --members, --set, --unset). */
  body: JsonObject;
  /** Stamp EventTime with the send time (ms): the body had none of its own. */
  stampEventTime: boolean;
  /** Load mode: GroupId gets `-<n>` appended so every request is a distinct dismissal. */
  uniqueGroupIds: boolean;
  /** Load mode: the field varied per request so that each is a distinct event (eventVariation). */
  vary?: EventVariation | undefined;
  /** The query's CallbackCommand when the body's own is not the one (a catalogue entry's). */
  command?: string | undefined;
  /** Query parameters this command's callbacks come without (a catalogue entry's queryOmits). */
  queryOmits?: readonly string[] | undefined;
  sdkAppId?: string | undefined;
  clientIp?: string | undefined;
  platform?: string | undefined;
  token?: string | undefined;
  /** A fixed RequestTime (--request-time), Unix seconds. */
  requestTime?: number | undefined;
  /** Seconds added to the clock for RequestTime (--skew): negative is in the past. */
  skewSeconds?: number | undefined;
}

export interface PreparedRequest {
  url: string;
  body: string;
}

export type RequestFactory = (index: number, nowMs: number) => PreparedRequest;

/** CallbackCommand for the query: the body's own, or this tool's callback when it has none. */
export function commandOf(body: JsonObject): string {
  return typeof body.CallbackCommand === 'string' ? body.CallbackCommand : AFTER_GROUP_DESTROYED;
}

/** RequestTime for a send at nowMs: --request-time, else now + --skew, in Unix seconds. */
export function requestTimeAt(
  plan: Pick<RequestPlan, 'requestTime' | 'skewSeconds'>,
  nowMs: number,
): number {
  return plan.requestTime ?? Math.floor(nowMs / 1000) + (plan.skewSeconds ?? 0);
}

/**
 * Returns a function that prepares request n at a given time: a freshly signed URL and the body.
 * The signed URL is rebuilt only when RequestTime changes (once a second), so a load run signs
 * each second once instead of every request.
 */
export function createRequestFactory(plan: RequestPlan): RequestFactory {
  const command = plan.command ?? commandOf(plan.body);
  const vary = variationOf(plan);
  const top = vary?.path[0] as string | undefined;
  const varying: Record<string, ValueWriter | undefined> = {
    EventTime: plan.stampEventTime ? (_index, nowMs) => String(nowMs) : undefined,
  };
  if (vary !== undefined && top !== undefined) varying[top] = variedValueWriter(plan.body, vary);
  const writeBody = createBodyWriter(plan.body, varying);
  const omit = plan.queryOmits;
  let lastTime: number | undefined;
  let lastUrl = '';
  const urlFor = (nowMs: number): string => {
    if (plan.token === undefined) {
      if (lastTime === undefined) {
        lastTime = 0;
        lastUrl = buildCallbackUrl({ ...plan, command, omit });
      }
      return lastUrl;
    }
    const time = requestTimeAt(plan, nowMs);
    if (time !== lastTime) {
      lastTime = time;
      lastUrl = buildCallbackUrl({ ...plan, command, omit, requestTime: time });
    }
    return lastUrl;
  };
  return (index, nowMs) => ({ url: urlFor(nowMs), body: writeBody(index, nowMs) });
}

/** The JSON text of one top-level value of request n at a time. */
type ValueWriter = (index: number, nowMs: number) => string;

/**
 * `JSON.stringify(body)` with some top-level values replaced per request, without serialising the
 * whole body each time: the rest of the text is built once, in the body's own key order, and a
 * request only writes the values that change (a load run's GroupId and EventTime).
 */
export function createBodyWriter(
  body: JsonObject,
  varying: Record<string, ValueWriter | undefined>,
): (index: number, nowMs: number) => string {
  const fixed: string[] = [];
  const writers: ValueWriter[] = [];
  let text = '{';
  let first = true;
  const addKey = (key: string) => {
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
  };
  const addWriter = (writer: ValueWriter) => {
    fixed.push(text);
    writers.push(writer);
    text = '';
  };
  for (const key of Object.keys(body)) {
    const value = body[key];
    // JSON.stringify leaves out what has no JSON form; so does this.
    if (value === undefined && varying[key] === undefined) continue;
    addKey(key);
    const writer = varying[key];
    if (writer === undefined) text += JSON.stringify(value);
    else addWriter(writer);
  }
  // A varying value the body lacks goes last, where assigning it to the object would put it.
  for (const [key, writer] of Object.entries(varying)) {
    if (writer !== undefined && !Object.hasOwn(body, key)) {
      addKey(key);
      addWriter(writer);
    }
  }
  fixed.push(`${text}}`);
  if (writers.length === 0) {
    const whole = fixed[0] as string;
    return () => whole;
  }
  return (index, nowMs) => {
    let out = fixed[0] as string;
    for (let i = 0; i < writers.length; i++) {
      out += (writers[i] as ValueWriter)(index, nowMs) + (fixed[i + 1] as string);
    }
    return out;
  };
}

/**
 * The field a load run varies so that each request is a distinct event for a duplicate check:
 * `path` into the body, and its value in the sample. Request n (from 1) carries `<value>-<n>` for a
 * string, `<value> + n` for a number.
 */
export interface EventVariation {
  path: readonly (string | number)[];
  base: string | number;
}

type Path = (string | number)[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or integer at or under a value: itself, an array's first item, an object's first field. */
function leafUnder(value: unknown, path: Path, depth: number): EventVariation | undefined {
  if (typeof value === 'string' || Number.isInteger(value)) {
    return { path, base: value as string | number };
  }
  if (depth === 0) return undefined;
  if (Array.isArray(value)) return leafUnder(value[0], [...path, 0], depth - 1);
  if (!isPlainObject(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = leafUnder(inner, [...path, key], depth - 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Which field to vary, from the fields that identify a command's event (a catalogue entry's
 * `key`: `['MsgKey']`, `['GroupId', 'EventTime']`, `['Info.To_Account', 'EventTime']`): changing
 * one of them makes the key distinct. EventTime goes last, as a changed time is the odd one out.
 */
export function eventVariation(
  body: JsonObject,
  key: readonly string[],
): EventVariation | undefined {
  const ordered = [
    ...key.filter((k) => k !== 'EventTime'),
    ...key.filter((k) => k === 'EventTime'),
  ];
  for (const field of ordered) {
    const path = field.split('.');
    let value: unknown = body;
    for (const part of path) value = isPlainObject(value) ? value[part] : undefined;
    const found = leafUnder(value, path, 4);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The plan's variation: its own, or GroupId for a dismissal as before the catalogue. */
export function variationOf(plan: RequestPlan): EventVariation | undefined {
  if (plan.vary !== undefined) return plan.vary;
  const groupId = plan.body.GroupId;
  return plan.uniqueGroupIds && typeof groupId === 'string'
    ? { path: ['GroupId'], base: groupId }
    : undefined;
}

function variedLeaf(base: string | number, n: number): string | number {
  return typeof base === 'string' ? `${base}-${n}` : base + n;
}

/** Writes the top-level value holding the varied field, for request n. */
function variedValueWriter(body: JsonObject, vary: EventVariation): ValueWriter {
  if (vary.path.length === 1) {
    return (index) => JSON.stringify(variedLeaf(vary.base, index + 1));
  }
  const top = body[vary.path[0] as string];
  return (index) => {
    const copy = structuredClone(top) as unknown;
    let node = copy as Record<string | number, unknown>;
    for (const part of vary.path.slice(1, -1))
      node = node[part] as Record<string | number, unknown>;
    node[vary.path.at(-1) as string | number] = variedLeaf(vary.base, index + 1);
    return JSON.stringify(copy);
  };
}
