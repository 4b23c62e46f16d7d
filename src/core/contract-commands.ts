import { checkDecision, hasDiscard } from './catalog/decision.js';
import { aliasOf } from './catalog/names.js';
import type { CatalogEntry, JsonBody, JsonValue, Sample } from './catalog/types.js';
import {
  type CaseContext,
  type CaseDecision,
  type CaseRequest,
  type ContractCase,
  PROBES,
  signedCommandUrl,
} from './contract-cases.js';
import { UsageError } from './errors.js';

/**
 * `validate <url> --command <c>`: the cases of catalogue commands (DESIGN.md, "Every callback:
 * the catalog"). Per command: one acceptance case per sample and variant, then the probes, each
 * with a control made from the default sample. Ids are `<alias>/<case>`.
 */

/** `accept` for the default sample, `accept:<variant>` for a variant. */
function acceptId(sample: Sample): string {
  return sample.variant === null ? 'accept' : `accept:${sample.variant}`;
}

/** The decision rules of one command, for the verdicts (core/contract-verdict.ts). */
export function caseDecision(entry: CatalogEntry): CaseDecision {
  const takes = (code: number) => code === 0 || (code === 2 && hasDiscard(entry));
  return {
    command: entry.command,
    phase: entry.phase,
    check: (packet) => checkDecision(entry, packet),
    meaning: (code) => {
      const words = entry.errorCodes[code];
      if (words !== undefined) return words;
      const range = entry.customRange;
      return range && code >= range[0] && code <= range[1]
        ? 'a custom rejection passed on to the caller'
        : undefined;
    },
    refuses: (code) => entry.phase === 'before' && !takes(code),
  };
}

// Unix seconds and milliseconds meet near here; a sample's EventTime keeps its unit (Push.* use
// seconds, the rest milliseconds: catalogue §1.4).
const MS_THRESHOLD = 1e11;

function stampTime(value: JsonValue | undefined, nowMs: number): JsonValue | undefined {
  const asNumber = typeof value === 'string' ? Number(value) : value;
  if (typeof asNumber !== 'number' || !Number.isFinite(asNumber)) return value;
  const now = asNumber >= MS_THRESHOLD ? nowMs : Math.floor(nowMs / 1000);
  return typeof value === 'string' ? String(now) : now;
}

/** A 31-bit number from a tag, so that MsgRandom differs between cases and runs. */
function numberOf(tag: string): number {
  let hash = 2166136261;
  for (const ch of tag) hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619);
  return (hash >>> 0) % 2 ** 31;
}

/**
 * A sample made fresh for one delivery: EventTime and MsgTime now (in the sample's unit), a
 * MsgRandom and MsgKey of its own (MsgKey is `<MsgSeq>_<MsgRandom>_<MsgTime>`), and the string
 * fields that identify the event tagged, so that a strict idempotent backend sees a new event
 * for each case (trtc.io/document/34377) and the same one only when a case means to repeat it.
 */
export function freshBody(entry: CatalogEntry, sample: Sample, nowMs: number, tag: string) {
  const body = structuredClone(sample.body) as JsonBody;
  const keyOf = `${String(body.MsgSeq)}_${String(body.MsgRandom)}_${String(body.MsgTime)}`;
  if (body.EventTime !== undefined) body.EventTime = stampTime(body.EventTime, nowMs) ?? null;
  if (typeof body.MsgTime === 'number') body.MsgTime = stampTime(body.MsgTime, nowMs) ?? null;
  if (typeof body.MsgRandom === 'number') body.MsgRandom = numberOf(tag);
  for (const field of entry.key) {
    const value = body[field];
    if (field === 'MsgKey' && value === keyOf) {
      body.MsgKey = `${String(body.MsgSeq)}_${String(body.MsgRandom)}_${String(body.MsgTime)}`;
    } else if (typeof value === 'string' && value !== '' && isFreeText(entry, field)) {
      body[field] = `${value}_${tag}`;
    }
  }
  return body;
}

/** A field any string fits (no enum, const or pattern), so a tag keeps the body valid. */
function isFreeText(entry: CatalogEntry, field: string): boolean {
  const schema = entry.request.properties?.[field];
  return (
    schema?.type === 'string' &&
    schema.enum === undefined &&
    schema.const === undefined &&
    schema.pattern === undefined
  );
}

interface CommandCaseInput {
  entry: CatalogEntry;
  decision: CaseDecision;
  /** This case's position in the whole list: it makes the tags of its bodies unique. */
  position: number;
}

/** The URL for the command, signed when a token is given, without what IM leaves out for it. */
function commandUrl(entry: CatalogEntry, context: CaseContext, sdkAppId?: string): string {
  const signed = signedCommandUrl(context, entry.command, sdkAppId);
  const omits = entry.queryOmits ?? [];
  if (omits.length === 0) return signed;
  const url = new URL(signed);
  for (const name of omits) url.searchParams.delete(name);
  return url.toString();
}

function request(input: CommandCaseInput, sample: Sample, context: CaseContext, tag: string) {
  const body = freshBody(input.entry, sample, context.nowMs, `${context.runTag}${tag}`);
  return { url: commandUrl(input.entry, context), body: JSON.stringify(body), deliveries: 1 };
}

function acceptanceDescription(entry: CatalogEntry, sample: Sample): string {
  return `${sample.description}: ${entry.phase === 'before' ? 'expects a decision' : 'expects OK'}`;
}

function acceptanceCase(input: CommandCaseInput, sample: Sample): ContractCase {
  return {
    id: `${aliasOf(input.entry.command)}/${acceptId(sample)}`,
    description: acceptanceDescription(input.entry, sample),
    expect: 'accept',
    decision: input.decision,
    build: (context) => request(input, sample, context, String(input.position)),
  };
}

function probeCases(input: CommandCaseInput, first: number): ContractCase[] {
  const { entry } = input;
  const sample = entry.samples[0];
  if (sample === undefined) return [];
  return PROBES.map((spec, i): ContractCase => {
    const position = first + i;
    const control = (context: CaseContext): CaseRequest =>
      request(input, sample, context, `${position}c`);
    return {
      id: `${aliasOf(entry.command)}/${spec.id}`,
      description: spec.description,
      expect: 'reject',
      needs: spec.needs,
      accepted: spec.accepted,
      decision: input.decision,
      control,
      build: (context) => ({
        ...request(input, sample, context, String(position)),
        url: spec.url(context, (sdkAppId) => commandUrl(entry, context, sdkAppId)),
      }),
    };
  });
}

/** Every case of the given commands, in their order: acceptances, then probes, per command. */
export function commandCases(entries: readonly CatalogEntry[]): ContractCase[] {
  const cases: ContractCase[] = [];
  for (const entry of entries) {
    const decision = caseDecision(entry);
    for (const sample of entry.samples) {
      cases.push(acceptanceCase({ entry, decision, position: cases.length }, sample));
    }
    cases.push(...probeCases({ entry, decision, position: cases.length }, cases.length));
  }
  return cases;
}

/**
 * The cases `--cases` picks from the commands' cases: a full id (`c2c.before-send-msg/accept`)
 * picks one; a case name (`wrong-sign`, `accept`) picks it for every command. An id that
 * matches nothing is a usage error, before anything is sent.
 */
export function selectCommandCases(
  cases: readonly ContractCase[],
  ids: readonly string[] | undefined,
): ContractCase[] {
  if (ids === undefined) return [...cases];
  const nameOf = (id: string) => id.slice(id.indexOf('/') + 1);
  const matches = (kase: ContractCase, id: string) => kase.id === id || nameOf(kase.id) === id;
  const unknown = ids.filter((id) => !cases.some((kase) => matches(kase, id)));
  if (unknown.length > 0) {
    const names = [...new Set(cases.map((kase) => nameOf(kase.id)))];
    throw new UsageError(
      `unknown case${unknown.length > 1 ? 's' : ''} ${unknown.map((id) => `"${id}"`).join(', ')} in --cases`,
      `name a case id (<alias>/<case>) or a case for every command: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''} (see tim-callback validate --list --command <c>)`,
    );
  }
  return cases.filter((kase) => ids.some((id) => matches(kase, id)));
}
