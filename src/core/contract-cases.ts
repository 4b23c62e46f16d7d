import { AFTER_GROUP_DESTROYED, buildCallbackUrl, resignCallbackUrl } from './callback-url.js';
import { UsageError } from './errors.js';
import { buildPayload, type JsonObject } from './payload.js';

/**
 * The catalogue of `validate <url>`: what each case sends and what it expects. The ids are a
 * contract (CI configurations name them in --cases); descriptions are shown by --list.
 */

export type CaseExpectation = 'accept' | 'reject';
export type CaseRequirement = 'sdkappid' | 'token';

/** The flag that enables a case, named when the case is skipped. */
export const REQUIREMENT_FLAGS: Record<CaseRequirement, string> = {
  sdkappid: '--sdkappid',
  token: '--token',
};

/**
 * Sent as SdkAppid when none is given: real callbacks always carry one (trtc.io/document/34354),
 * so a backend that requires the parameter still sees it.
 */
export const PLACEHOLDER_SDKAPPID = '1400000000';

/** How far the stale and future cases put RequestTime from now; the window is 1 minute. */
export const SKEW_SECONDS = 300;

export interface CaseContext {
  /** The backend's callback URL as given; its own query is kept. */
  target: string;
  sdkAppId: string | undefined;
  token: string | undefined;
  /** The clock, Unix ms, read just before this case is sent. */
  nowMs: number;
  /** Unique to one run, so that GroupIds differ between runs. */
  runTag: string;
  /** The catalogue position, so that GroupIds differ between the cases of a run. */
  index: number;
  /** The bundled callback fixtures by name. */
  loadFixture: (name: string) => JsonObject;
}

export interface CaseRequest {
  url: string;
  /** The exact body text to send. */
  body: string;
  /** How many times the identical request is sent (a retried delivery is sent twice). */
  deliveries: number;
}

/**
 * What the cases of one catalogue command know about its answers (core/contract-commands.ts):
 * a before-callback's answer is a decision, checked against the codes the command takes.
 */
export interface CaseDecision {
  /** The CallbackCommand. */
  command: string;
  phase: 'before' | 'after' | 'alarm';
  /** The problems and warnings of an answer packet (the decision check). */
  check(packet: unknown): { problems: string[]; warnings: string[] };
  /** What an ErrorCode means for this command, in words (`deny: …`), when the catalogue says. */
  meaning(code: number): string | undefined;
  /**
   * Whether an OK answer with this ErrorCode refuses the callback (a before-callback's deny or
   * custom rejection code); allow and discard take it.
   */
  refuses(code: number): boolean;
}

export interface ContractCase {
  id: string;
  description: string;
  expect: CaseExpectation;
  needs?: CaseRequirement;
  /** For a rejection case: what the backend accepted when it answers OK. */
  accepted?: string;
  build(context: CaseContext): CaseRequest;
  /** For a case of one catalogue command: its decision rules (absent in the default suite). */
  decision?: CaseDecision;
  /** For a probe of one catalogue command: its control (the default suite uses buildControl). */
  control?: (context: CaseContext) => CaseRequest;
}

interface BodyShape {
  fixture: string;
  type?: string;
  members?: number;
  eventTimeAsString?: boolean;
  extra?: JsonObject;
}

/** A fixture made fresh: a GroupId unique to this run and case, and EventTime = now (ms). */
function buildBody(shape: BodyShape, context: CaseContext): JsonObject {
  const body = buildPayload(context.loadFixture(shape.fixture), {
    type: shape.type,
    members: shape.members,
  });
  // A strict idempotent backend keys on CallbackCommand + GroupId + EventTime
  // (trtc.io/document/34377), so every case is a distinct event unless it means to repeat one.
  const groupId = typeof body.GroupId === 'string' ? body.GroupId : '@TGS#CONTRACT';
  body.GroupId = `${groupId}_${context.runTag}${String(context.index).padStart(2, '0')}`;
  body.EventTime = shape.eventTimeAsString ? String(context.nowMs) : context.nowMs;
  Object.assign(body, shape.extra);
  return body;
}

function requestTimeOf(context: CaseContext): number {
  return Math.floor(context.nowMs / 1000);
}

/** The URL Tencent IM would post to for a command, signed when a token is given. */
export function signedCommandUrl(context: CaseContext, command: string, sdkAppId?: string): string {
  return buildCallbackUrl({
    target: context.target,
    command,
    sdkAppId: sdkAppId ?? context.sdkAppId ?? PLACEHOLDER_SDKAPPID,
    token: context.token,
    requestTime: requestTimeOf(context),
  });
}

function signedUrl(context: CaseContext, sdkAppId?: string): string {
  return signedCommandUrl(context, AFTER_GROUP_DESTROYED, sdkAppId);
}

function requireToken(context: CaseContext): string {
  if (context.token === undefined) throw new Error('this case needs a token');
  return context.token;
}

function acceptance(
  id: string,
  description: string,
  shape: BodyShape,
  deliveries = 1,
): ContractCase {
  return {
    id,
    description,
    expect: 'accept',
    build: (context) => ({
      url: signedUrl(context),
      body: JSON.stringify(buildBody(shape, context)),
      deliveries,
    }),
  };
}

/**
 * A probe: a callback a correct backend refuses, made from the URL a valid one would go to.
 * `signed(sdkAppId?)` is that valid URL for the case's command (another SdkAppid when given).
 */
export interface ProbeSpec {
  id: string;
  description: string;
  needs: CaseRequirement;
  accepted: string;
  url(context: CaseContext, signed: (sdkAppId?: string) => string): string;
}

function rejection(spec: ProbeSpec): ContractCase {
  return {
    id: spec.id,
    description: spec.description,
    expect: 'reject',
    needs: spec.needs,
    accepted: spec.accepted,
    build: (context) => ({
      url: spec.url(context, (sdkAppId) => signedUrl(context, sdkAppId)),
      body: JSON.stringify(buildBody({ fixture: 'group-destroyed' }, context)),
      deliveries: 1,
    }),
  };
}

/** Another app's SDKAppID, never the one given. */
export function otherSdkAppId(sdkAppId: string): string {
  return sdkAppId === PLACEHOLDER_SDKAPPID ? '1400000001' : PLACEHOLDER_SDKAPPID;
}

/** The probes, in the order they run; the same for every command (DESIGN.md, "validate"). */
export const PROBES: readonly ProbeSpec[] = [
  {
    id: 'wrong-sdkappid',
    description: "A callback for another app's SdkAppid: must be rejected",
    needs: 'sdkappid',
    accepted: 'a callback for another SdkAppid',
    url: (context, signed) => signed(otherSdkAppId(context.sdkAppId ?? PLACEHOLDER_SDKAPPID)),
  },
  {
    id: 'wrong-sign',
    description: 'A Sign made with another token: must be rejected',
    needs: 'token',
    accepted: 'a forged callback (wrong Sign)',
    url: (context, signed) =>
      resignCallbackUrl(signed(), `${requireToken(context)}-forged`, requestTimeOf(context)),
  },
  {
    id: 'missing-sign',
    description: 'RequestTime without a Sign: must be rejected',
    needs: 'token',
    accepted: 'an unsigned callback (no Sign)',
    url: (_context, signed) => {
      const url = new URL(signed());
      url.searchParams.delete('Sign');
      return url.toString();
    },
  },
  {
    id: 'stale-request',
    description: 'A valid Sign for a RequestTime 5 minutes old (a replay): must be rejected',
    needs: 'token',
    accepted: 'a replayed callback (RequestTime 5 minutes old)',
    url: (context, signed) =>
      resignCallbackUrl(signed(), requireToken(context), requestTimeOf(context) - SKEW_SECONDS),
  },
  {
    id: 'future-request',
    description: 'A valid Sign for a RequestTime 5 minutes ahead: must be rejected',
    needs: 'token',
    accepted: 'a callback dated 5 minutes ahead',
    url: (context, signed) =>
      resignCallbackUrl(signed(), requireToken(context), requestTimeOf(context) + SKEW_SECONDS),
  },
];

const LARGE_GROUP_MEMBERS = 10_000;

export const CONTRACT_CASES: readonly ContractCase[] = [
  acceptance('documented-example', 'The documented example: a Public group with 3 members', {
    fixture: 'group-destroyed',
  }),
  acceptance('private-group', 'A Private (Work) group', { fixture: 'private-group' }),
  acceptance('public-group', 'A Public group', { fixture: 'public-group' }),
  acceptance('chatroom-group', 'A ChatRoom (Meeting) group', { fixture: 'chatroom-group' }),
  acceptance('avchatroom-group', 'An AVChatRoom (live streaming) group with a custom GroupId', {
    fixture: 'avchatroom-group',
  }),
  acceptance('community-group', 'A Community group, which carries no MemberList', {
    fixture: 'community-group',
  }),
  acceptance('non-ascii-name', 'Chinese and emoji in the group name and member accounts', {
    fixture: 'non-ascii',
  }),
  acceptance('large-group', 'A Public group with 10,000 members (a body of about 300 KB)', {
    fixture: 'public-group',
    members: LARGE_GROUP_MEMBERS,
  }),
  acceptance('cn-edition-body', 'The Chinese-edition body, with Operator_Account', {
    fixture: 'cn-edition',
  }),
  acceptance('eventtime-string', 'EventTime as a string of digits, as the English docs show it', {
    fixture: 'group-destroyed',
    eventTimeAsString: true,
  }),
  acceptance('unknown-field', 'A field the docs do not list yet (Tencent adds fields over time)', {
    fixture: 'group-destroyed',
    extra: { FutureField: { Note: 'added by tim-callback to test tolerance', Level: 1 } },
  }),
  acceptance(
    'duplicate-delivery',
    'The same callback delivered twice (retry on timeout): both answered OK',
    { fixture: 'group-destroyed' },
    2,
  ),
  ...PROBES.map(rejection),
];

/** Where the GroupIds of controls start, apart from the catalogue positions of the cases. */
export const CONTROL_INDEX_OFFSET = 50;

/**
 * The control sent just before a probe (DESIGN.md, "Trustworthy verdicts"): a valid callback to
 * the same URL with the same SdkAppid and token. Give it `index` + CONTROL_INDEX_OFFSET.
 */
export function buildControl(context: CaseContext): CaseRequest {
  return {
    url: signedUrl(context),
    body: JSON.stringify(buildBody({ fixture: 'group-destroyed' }, context)),
    deliveries: 1,
  };
}

export const CASE_IDS: readonly string[] = CONTRACT_CASES.map((c) => c.id);

/** `--cases a,b` → the ids, trimmed; empty entries are dropped. */
export function parseCaseList(raw: string): string[] {
  const ids = raw
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) {
    throw new UsageError('--cases is empty', `name one or more of: ${CASE_IDS.join(', ')}`);
  }
  return ids;
}

/** The cases to run, in catalogue order; an unknown id is a usage error listing the valid ones. */
export function selectCases(ids: readonly string[] | undefined): ContractCase[] {
  if (ids === undefined) return [...CONTRACT_CASES];
  const unknown = ids.filter((id) => !CASE_IDS.includes(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown case${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')} in --cases`,
      `valid ids: ${CASE_IDS.join(', ')} (see tim-callback validate --list)`,
    );
  }
  return CONTRACT_CASES.filter((c) => ids.includes(c.id));
}

/** The flag a case still needs, or undefined when it can run. */
export function missingRequirement(
  kase: ContractCase,
  given: { sdkAppId: string | undefined; token: string | undefined },
): string | undefined {
  if (kase.needs === 'sdkappid' && given.sdkAppId === undefined) return REQUIREMENT_FLAGS.sdkappid;
  if (kase.needs === 'token' && given.token === undefined) return REQUIREMENT_FLAGS.token;
  return undefined;
}

/** A short tag from the run's start time, so that GroupIds of different runs differ. */
export function createRunTag(startedMs: number): string {
  return startedMs.toString(36);
}
