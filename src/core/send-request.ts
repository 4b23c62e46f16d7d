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
  const command = commandOf(plan.body);
  const baseGroupId = typeof plan.body.GroupId === 'string' ? plan.body.GroupId : undefined;
  const writeBody = createBodyWriter(plan.body, {
    GroupId:
      plan.uniqueGroupIds && baseGroupId !== undefined
        ? (index) => JSON.stringify(`${baseGroupId}-${index + 1}`)
        : undefined,
    EventTime: plan.stampEventTime ? (_index, nowMs) => String(nowMs) : undefined,
  });
  let lastTime: number | undefined;
  let lastUrl = '';
  const urlFor = (nowMs: number): string => {
    if (plan.token === undefined) {
      if (lastTime === undefined) {
        lastTime = 0;
        lastUrl = buildCallbackUrl({ ...plan, command });
      }
      return lastUrl;
    }
    const time = requestTimeAt(plan, nowMs);
    if (time !== lastTime) {
      lastTime = time;
      lastUrl = buildCallbackUrl({ ...plan, command, requestTime: time });
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
