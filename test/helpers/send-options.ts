import type { SendOptions } from '../../src/commands/send/send.js';

/** send's options as its command line gives them with no flags; a test overrides what it sets. */
export function sendOptions(over: Partial<SendOptions> = {}): SendOptions {
  return {
    url: undefined,
    fixture: undefined,
    payload: undefined,
    set: [],
    unset: [],
    type: undefined,
    members: undefined,
    sdkAppId: undefined,
    token: undefined,
    tokenSource: undefined,
    tokenFile: undefined,
    requestTime: undefined,
    skewSeconds: undefined,
    clientIp: undefined,
    platform: undefined,
    timeoutMs: 2000,
    insecure: false,
    ca: undefined,
    dryRun: false,
    interactive: false,
    count: 1,
    concurrency: 10,
    durationSeconds: undefined,
    rate: undefined,
    ...over,
  };
}
