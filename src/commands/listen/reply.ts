import { aliasOf, findEntry, suggestCommands } from '../../core/catalog/names.js';
import type { CatalogEntry } from '../../core/catalog/types.js';
import { UsageError } from '../../core/errors.js';
import { describeJsonSyntax } from '../../core/json-syntax.js';
import { type ReplyPacket, readReplyPacket } from '../../core/listen-options.js';
import {
  buildReplyTable,
  checkCommandReply,
  defaultFlag,
  packetOf,
  parseReplyFlag,
  type ReplyFlag,
  type ReplySpec,
  type ReplyTable,
} from '../../core/listen-reply.js';
import { readInput } from '../../io/files.js';

/**
 * `--reply ok|fail`, or the text of a reply file. A file that is not JSON is a usage error; one
 * that is JSON but not a well-formed packet is answered as is and reported at start-up.
 */
export function parseReply(spec: string, fileText?: string): ReplyPacket {
  if (spec === 'ok' || spec === 'fail') return readReplyPacket(spec);
  const text = fileText ?? '';
  const packet = readReplyPacket(spec, text);
  if (packet !== null) return packet;
  throw new UsageError(
    `--reply file "${spec}" is not JSON: ${describeJsonSyntax(text)}`,
    'use --reply allow|deny|discard|ok|fail, or a JSON file like {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}',
  );
}

/** Every --reply, resolved: the answers by command, and what the banner and warnings say. */
export interface LoadedReplies {
  table: ReplyTable;
  /** The default's packet, as the banner shows it. */
  defaultBody: string;
  /** The default, as given (ok when none). */
  defaultSpec: ReplySpec;
  /** `c2c.before-send-msg=deny`, one per per-command flag. */
  perCommand: string[];
  /** Why IM would count a reply file's packet as a failed callback. */
  problems: string[];
}

function entryOf(catalog: readonly CatalogEntry[], flag: ReplyFlag, name: string): CatalogEntry {
  const entry = findEntry(catalog, name);
  if (entry !== undefined) return entry;
  const near = suggestCommands(catalog, name);
  throw new UsageError(
    `--reply ${flag.raw}: no callback command named "${name}"`,
    near.length > 0
      ? `did you mean ${near.join(', ')}? (run tim-callback fixtures to list every command)`
      : 'run tim-callback fixtures to list every command',
  );
}

/** Reads each reply file once: a file that cannot be read or is not JSON is a usage error. */
async function readFiles(
  specs: readonly ReplySpec[],
): Promise<{ files: Map<string, string>; problems: string[] }> {
  const files = new Map<string, string>();
  const problems: string[] = [];
  for (const spec of specs) {
    if (spec.kind !== 'file' || files.has(spec.path)) continue;
    const packet = parseReply(spec.path, await readInput(spec.path, '--reply file'));
    files.set(spec.path, packet.body);
    for (const problem of packet.problems) problems.push(`${spec.path}: ${problem}`);
  }
  return { files, problems };
}

/**
 * The --reply flags (DESIGN.md, "Catalogue details"): at most one default (ok when none) and any
 * number of `<command>=<decision>`; each command named once, with a decision it can take.
 */
export async function loadReplies(
  values: readonly string[],
  catalog: readonly CatalogEntry[],
  status: number,
): Promise<LoadedReplies> {
  const flags = values.map(parseReplyFlag);
  const fallback = defaultFlag(flags)?.spec ?? { kind: 'ok' };
  const perCommand = new Map<string, ReplySpec>();
  const shown: string[] = [];
  for (const flag of flags) {
    if (flag.command === undefined) continue;
    const entry = entryOf(catalog, flag, flag.command);
    if (perCommand.has(entry.command)) {
      throw new UsageError(
        `--reply names ${entry.command} twice`,
        'give each command one --reply <command>=<decision>',
      );
    }
    checkCommandReply(flag, entry);
    perCommand.set(entry.command, flag.spec);
    const decision = flag.spec.kind === 'file' ? flag.spec.path : flag.spec.kind;
    shown.push(`${aliasOf(entry.command)}=${decision}`);
  }
  const { files, problems } = await readFiles([fallback, ...perCommand.values()]);
  const table = buildReplyTable({ catalog, perCommand, fallback, files, status });
  return {
    table,
    defaultBody: packetOf(fallback, files),
    defaultSpec: fallback,
    perCommand: shown,
    problems,
  };
}
