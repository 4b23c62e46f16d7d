import { checkBody } from '../../core/catalog/check.js';
import { allowedCodesText, checkDecision } from '../../core/catalog/decision.js';
import { aliasOf, findEntry, LEGACY_COMMAND } from '../../core/catalog/names.js';
import { summarize } from '../../core/catalog/summary.js';
import type { CatalogEntry } from '../../core/catalog/types.js';
import { UsageError } from '../../core/errors.js';
import type { JsonObject } from '../../core/payload.js';
import type { Check } from '../../core/response-check.js';
import { parseJson } from '../../core/validation.js';
import { findSample, loadCatalog } from '../../io/catalog.js';

// What `send` does with a catalogue command: loaded only when a sample is named by its command
// or alias, or a --payload names another command than the dismissal, so that a default send
// never loads the catalogue.

export interface CatalogBase {
  body: JsonObject;
  entry: CatalogEntry;
}

/** A sample by `<command or alias>[:<variant>]`; an unknown name is exit 2 with suggestions. */
export async function loadSample(spec: string): Promise<CatalogBase> {
  const { entry, sample } = await findSample(spec);
  return { entry, body: structuredClone(sample.body) as JsonObject };
}

/** The entry of a --payload's own CallbackCommand, when the catalogue has it. */
export async function entryOfCommand(command: string): Promise<CatalogEntry | undefined> {
  return findEntry(await loadCatalog(), command);
}

/** The first top-level list of `{Member_Account}` objects in a command's body: what --members fills. */
export function memberListField(entry: CatalogEntry): string | undefined {
  for (const [name, schema] of Object.entries(entry.request.properties ?? {})) {
    if (schema.type === 'array' && schema.items?.properties?.Member_Account !== undefined) {
      return name;
    }
  }
  return undefined;
}

export interface BodyRules {
  memberField: string | undefined;
  typeOnly: boolean;
  /** The command's body has an EventTime, stamped with the send time when the sample has none. */
  stampsEventTime: boolean;
}

const named = (entry: CatalogEntry) => `${aliasOf(entry.command)} (${entry.command})`;

/** How --type and --members apply to a command's body; where they cannot, exit 2 naming it. */
export function bodyRules(
  entry: CatalogEntry,
  flags: { type: string | undefined; members: number | undefined },
): BodyRules {
  const fields = entry.request.properties ?? {};
  const memberField = memberListField(entry);
  if (flags.members !== undefined && memberField === undefined) {
    throw new UsageError(
      `--members: ${named(entry)} has no member list`,
      'leave out --members, or use --set for the fields it has (tim-callback fixtures show <name>)',
    );
  }
  if (flags.type !== undefined && !('Type' in fields)) {
    throw new UsageError(
      `--type: ${named(entry)} has no group Type`,
      'leave out --type, or use --set for the fields it has (tim-callback fixtures show <name>)',
    );
  }
  return {
    memberField,
    typeOnly: entry.command !== LEGACY_COMMAND,
    stampsEventTime: 'EventTime' in fields,
  };
}

/** The body's check against its command's own schema, and its one-line summary. */
export function describeSample(entry: CatalogEntry, body: unknown) {
  return { bodyCheck: checkBody(entry, body), summary: summarize(entry, body) };
}

/** A before-callback's answer judged as a decision: its checks and warnings to show. */
export interface Decision {
  checks: Check[];
  warnings: string[];
  /** `deny: the message is not sent …`, or null when the answer carries no ErrorCode to read. */
  meaning: string | null;
}

function meaningOf(entry: CatalogEntry, code: number): string | null {
  const known = entry.errorCodes[code];
  if (known !== undefined) return known;
  const range = entry.customRange;
  if (range !== undefined && code >= range[0] && code <= range[1]) {
    return `custom rejection ${code}: refused, and the code is passed on to the sender`;
  }
  return null;
}

/**
 * The decision check of a before-callback (DESIGN.md, "Every callback"): the ErrorCode is one the
 * command takes, in words, and any MsgBody, RefusedMembers_Account or ResultItem is well-formed.
 * Judged only on a well-formed OK packet; anything else failed before it came to a decision.
 */
export function decide(entry: CatalogEntry, answerBody: string): Decision {
  const parsed = parseJson(answerBody);
  const packet = parsed.ok ? (parsed.value as Record<string, unknown>) : undefined;
  const code = packet?.ErrorCode;
  if (packet?.ActionStatus !== 'OK' || !Number.isInteger(code)) {
    return { checks: [], warnings: [], meaning: null };
  }
  const meaning = meaningOf(entry, code as number);
  const { problems, warnings } = checkDecision(entry, packet);
  const checks: Check[] = problems.map((message) => ({ name: 'decision', ok: false, message }));
  if (problems.length === 0) {
    checks.push(
      meaning !== null
        ? { name: 'decision', ok: true, message: `ErrorCode ${code}: ${meaning}` }
        : {
            name: 'decision',
            ok: false,
            message: `ErrorCode ${code} is not a decision ${entry.command} takes: it allows ${allowedCodesText(entry)}`,
          },
    );
  }
  return { checks, warnings, meaning };
}
