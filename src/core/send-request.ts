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
 * Returns a function that prepares request n at a given time: a freshly signed URL and the body
 * serialised once. The signed URL is rebuilt only when RequestTime changes (once a second), so a
 * load run signs each second once instead of every request.
 */
export function createRequestFactory(plan: RequestPlan): RequestFactory {
  const command = commandOf(plan.body);
  const baseGroupId = typeof plan.body.GroupId === 'string' ? plan.body.GroupId : undefined;
  // One shallow copy, mutated per request: JSON.stringify keeps the fixture's key order.
  const template: JsonObject = { ...plan.body };
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
  return (index, nowMs) => {
    if (plan.uniqueGroupIds && baseGroupId !== undefined) {
      template.GroupId = `${baseGroupId}-${index + 1}`;
    }
    if (plan.stampEventTime) template.EventTime = nowMs;
    return { url: urlFor(nowMs), body: JSON.stringify(template) };
  };
}
