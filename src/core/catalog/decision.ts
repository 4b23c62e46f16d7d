import { checkSchema } from './check.js';
import type { CatalogEntry, Schema } from './types.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The three fields every answer carries (trtc.io/document/34354). */
const ENVELOPE: Record<string, Schema> = {
  ActionStatus: { enum: ['OK', 'FAIL'], description: 'OK processed, FAIL failed' },
  ErrorCode: { type: 'integer', description: 'the decision or the error' },
  ErrorInfo: { type: 'string', description: 'error information; empty on success' },
};

/** The answer's schema for one command: the envelope plus what that command's answer may carry. */
export function responseSchemaOf(entry: CatalogEntry): Schema {
  return {
    type: 'object',
    description: `${entry.command} response packet`,
    required: ['ActionStatus', 'ErrorCode', 'ErrorInfo'],
    properties: { ...ENVELOPE, ...(entry.answerFields ?? {}) },
  };
}

/** A JSON Schema document for `schema request|response <command>` and `schema --all`. */
export function schemaDocument(entry: CatalogEntry, which: 'request' | 'response'): object {
  const schema = which === 'request' ? entry.request : responseSchemaOf(entry);
  const described = schema.description ?? entry.title;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:tim-callback:schema:${entry.command}:${which}`,
    title: `${entry.command} ${which === 'request' ? 'request body' : 'response packet'}`,
    ...schema,
    // An unverified command says so wherever its schema goes (a backend's repository, say).
    description: entry.verified
      ? described
      : `UNVERIFIED: ${entry.command}'s fields rest on one SDK's models only, not on Tencent's pages. ${described}`,
  };
}

/** True when ErrorCode 2 (drop silently) is one of the command's decisions. */
export function hasDiscard(entry: CatalogEntry): boolean {
  return entry.phase === 'before' && 2 in entry.errorCodes;
}

/** The ErrorCodes a before-callback's answer may carry, in words: `0, 1, 2 or 120001–130000`. */
export function allowedCodesText(entry: CatalogEntry): string {
  const codes = Object.keys(entry.errorCodes);
  if (entry.customRange) codes.push(`${entry.customRange[0]}–${entry.customRange[1]}`);
  return codes.length > 1
    ? `${codes.slice(0, -1).join(', ')} or ${codes.at(-1)}`
    : (codes[0] ?? '0');
}

function codeAllowed(entry: CatalogEntry, code: number): boolean {
  if (code in entry.errorCodes) return true;
  const range = entry.customRange;
  return range !== undefined && code >= range[0] && code <= range[1];
}

export interface DecisionCheck {
  problems: string[];
  warnings: string[];
}

/**
 * The decision check of a before-callback's answer (DESIGN.md, "validate"): its ErrorCode is one
 * the command allows, and any MsgBody, RefusedMembers_Account or ResultItem it returns is
 * well-formed. The envelope itself is checked by validateResponsePacket.
 */
export function checkDecision(entry: CatalogEntry, packet: unknown): DecisionCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!isObject(packet)) return { problems, warnings };
  const code = packet.ErrorCode;
  if (entry.phase === 'before' && Number.isInteger(code) && !codeAllowed(entry, code as number)) {
    problems.push(
      `ErrorCode ${code} is not a decision ${entry.command} takes: it allows ${allowedCodesText(entry)}`,
    );
  }
  const extras = entry.answerFields ?? {};
  for (const [field, schema] of Object.entries(extras)) {
    if (!(field in packet)) continue;
    for (const line of checkSchema(schema, packet[field]))
      problems.push(`/${field}${line.replace(/^\/(?=:)/, '')}`);
    if (code !== 0 && (field === 'MsgBody' || field === 'CloudCustomData')) {
      warnings.push(`${field} is applied only with ErrorCode 0; this answer has ${String(code)}`);
    }
  }
  for (const field of Object.keys(packet)) {
    if (field in ENVELOPE || field in extras) continue;
    if (field === 'MsgBody' || field === 'RefusedMembers_Account' || field === 'ResultItem') {
      warnings.push(`${field} in the answer is ignored: ${entry.command} does not take it`);
    }
  }
  return { problems, warnings };
}
