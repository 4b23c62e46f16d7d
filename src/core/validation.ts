import type { ErrorObject, ValidateFunction } from 'ajv';
import { AFTER_GROUP_DESTROYED } from './callback-url.js';
import { describeJsonSyntax } from './json-syntax.js';
import {
  type GroupDestroyedBody,
  NEW_GROUP_TYPE_NAMES,
  type ResponsePacket,
  requestSchema,
} from './schemas/index.js';
import { request, response } from './schemas/validators.generated.js';

/** Problems break the protocol; warnings are drift that real traffic shows and receivers accept. */
export interface ValidationResult {
  problems: string[];
  warnings: string[];
}

// Precompiled by ajv standalone (schemas/validators.generated.ts, kept in step by a test):
// loading and compiling ajv at run time cost ~120 ms of every command's start-up.
const compiled = {
  request: request as ValidateFunction<GroupDestroyedBody>,
  response: response as ValidateFunction<ResponsePacket>,
};

function validators() {
  return compiled;
}

/** Compiles the schemas now, so that a server's first request does not pay for it. */
export function prepareValidators(): void {
  validators();
}

/** Turns ajv errors into lines like `/MemberList/3/Member_Account: must be string`. */
export function formatSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  if (!errors) return [];
  const anyOfPaths = new Set(
    errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath),
  );
  const lines: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const path = error.instancePath || '/';
    if (error.keyword === 'anyOf') {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      lines.push(`${path}: must be ${description ?? 'one of the allowed shapes'}`);
      continue;
    }
    if (anyOfPaths.has(error.instancePath)) continue;
    if (error.keyword === 'required') {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      lines.push(`${error.instancePath}/${missing}: is required`);
      continue;
    }
    if (error.keyword === 'enum' || error.keyword === 'const') {
      const allowed = (error.params as { allowedValues?: unknown[]; allowedValue?: unknown })
        .allowedValues ?? [(error.params as { allowedValue?: unknown }).allowedValue];
      lines.push(`${path}: must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`);
      continue;
    }
    lines.push(`${path}: ${error.message ?? 'is invalid'}`);
  }
  return [...new Set(lines)];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN_REQUEST_FIELDS = new Set(Object.keys(requestSchema.properties));

/** Unknown fields named one by one; beyond this many they are counted (DESIGN.md, "Bounded"). */
export const UNKNOWN_FIELDS_SHOWN = 20;

/** Validates a parsed Group.CallbackAfterGroupDestroyed body. */
export function validateGroupDestroyed(body: unknown): ValidationResult {
  const { request } = validators();
  request(body);
  const problems = formatSchemaErrors(request.errors);
  const warnings: string[] = [];
  if (!isObject(body)) return { problems, warnings };
  if (!('EventTime' in body)) {
    warnings.push(
      'EventTime is missing (an older payload): duplicates can only be keyed on GroupId',
    );
  } else if (typeof body.EventTime === 'string' && /^\d+$/.test(body.EventTime)) {
    warnings.push(`EventTime is a string ("${body.EventTime}"); the current docs send an integer`);
  }
  const type = body.Type;
  if (typeof type === 'string' && type in NEW_GROUP_TYPE_NAMES) {
    warnings.push(
      `Type "${type}" is the newer SDK name; callbacks use "${NEW_GROUP_TYPE_NAMES[type]}"`,
    );
  }
  if (type === 'Community' && 'MemberList' in body) {
    warnings.push('MemberList is present on a Community group, which the docs say is not sent');
  }
  let unknown = 0;
  for (const key of Object.keys(body)) {
    if (KNOWN_REQUEST_FIELDS.has(key)) continue;
    // A peer picks how many fields it sends: the first few are named, the rest only counted.
    if (++unknown <= UNKNOWN_FIELDS_SHOWN) warnings.push(`unknown field "${key}"`);
  }
  if (unknown > UNKNOWN_FIELDS_SHOWN) {
    const more = unknown - UNKNOWN_FIELDS_SHOWN;
    warnings.push(
      `… and ${more.toLocaleString('en-US')} more unknown field${more === 1 ? '' : 's'}`,
    );
  }
  return { problems, warnings };
}

/** Validates any callback body: the full schema for known commands, an object check otherwise. */
export function validateCallbackBody(body: unknown, command: string | undefined): ValidationResult {
  if (command === undefined || command === AFTER_GROUP_DESTROYED) {
    return validateGroupDestroyed(body);
  }
  const problems: string[] = [];
  if (!isObject(body)) problems.push('/: must be object');
  else if (body.CallbackCommand !== command) {
    problems.push(`/CallbackCommand: must equal the query's CallbackCommand "${command}"`);
  }
  return { problems, warnings: [`no schema for ${command}: only its shape was checked`] };
}

/** Validates a parsed response packet. */
export function validateResponsePacket(packet: unknown): ValidationResult {
  const { response } = validators();
  response(packet);
  const problems = formatSchemaErrors(response.errors);
  const warnings: string[] = [];
  if (isObject(packet)) {
    if (
      packet.ActionStatus === 'OK' &&
      typeof packet.ErrorCode === 'number' &&
      packet.ErrorCode !== 0
    ) {
      warnings.push(`ActionStatus is OK but ErrorCode is ${packet.ErrorCode} (0 is recommended)`);
    }
  }
  return { problems, warnings };
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; problem: string };

/** Parses text as JSON, with a problem line that says where it broke. */
export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    // V8's message would quote the text; the position says where without showing what.
    return { ok: false, problem: `not JSON: ${describeJsonSyntax(text)}` };
  }
}

/** Validates text as a callback body or a response packet: not JSON is itself a problem. */
export function validateText(text: string, kind: 'request' | 'response'): ValidationResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { problems: [parsed.problem], warnings: [] };
  if (kind === 'response') return validateResponsePacket(parsed.value);
  const command = isObject(parsed.value) ? parsed.value.CallbackCommand : undefined;
  return validateCallbackBody(parsed.value, typeof command === 'string' ? command : undefined);
}
