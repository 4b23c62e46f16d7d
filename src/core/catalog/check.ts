import type { CatalogEntry, JsonType, Schema } from './types.js';

/** Problems break the schema; warnings are drift that real traffic shows and receivers accept. */
export interface BodyCheck {
  problems: string[];
  warnings: string[];
}

/** Problems and unknown fields named one by one; beyond these many they are counted. */
export const PROBLEMS_SHOWN = 20;
export const UNKNOWN_FIELDS_SHOWN = 20;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'null':
      return value === null;
    default:
      return typeof value === type;
  }
}

// Patterns come from the catalogue's own schemas, so this map holds a handful of entries.
const patterns = new Map<string, RegExp>();
function pattern(source: string): RegExp {
  let compiled = patterns.get(source);
  if (compiled === undefined) {
    compiled = new RegExp(source, 'u');
    patterns.set(source, compiled);
  }
  return compiled;
}

const show = (values: readonly unknown[]): string =>
  values.map((v) => JSON.stringify(v)).join(', ');

/** A walk that collects problems up to a cap and counts the rest: a peer picks the body's size. */
class Walk {
  readonly problems: string[] = [];
  more = 0;

  add(path: string, text: string): void {
    if (this.problems.length < PROBLEMS_SHOWN) this.problems.push(`${path || '/'}: ${text}`);
    else this.more++;
  }
}

/** True when the value satisfies the schema, without collecting anything (for if/anyOf). */
function passes(schema: Schema, value: unknown): boolean {
  const probe = new Walk();
  visit(schema, value, '', probe);
  return probe.problems.length === 0;
}

function visitScalar(schema: Schema, value: unknown, path: string, walk: Walk): void {
  if ('const' in schema && value !== schema.const) {
    walk.add(path, `must be one of ${show([schema.const])}`);
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    walk.add(path, `must be one of ${show(schema.enum)}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      walk.add(path, `must be >= ${schema.minimum}`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      walk.add(path, `must be <= ${schema.maximum}`);
    }
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      walk.add(path, `must NOT have fewer than ${schema.minLength} characters`);
    }
    if (schema.pattern !== undefined && !pattern(schema.pattern).test(value)) {
      walk.add(path, `must match pattern "${schema.pattern}"`);
    }
  }
}

function visitContainer(schema: Schema, value: unknown, path: string, walk: Walk): void {
  if (isObject(value)) {
    for (const name of schema.required ?? []) {
      if (!(name in value)) walk.add(`${path}/${name}`, 'is required');
    }
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (name in value) visit(sub, value[name], `${path}/${name}`, walk);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      walk.add(path, `must NOT have fewer than ${schema.minItems} items`);
    }
    const items = schema.items;
    if (items !== undefined) {
      for (let i = 0; i < value.length; i++) {
        visit(items, value[i], `${path}/${i}`, walk);
        // Past the cap nothing more is shown; one count is enough for the rest.
        if (walk.problems.length >= PROBLEMS_SHOWN && walk.more > 0) break;
      }
    }
  }
}

function visit(schema: Schema, value: unknown, path: string, walk: Walk): void {
  if (schema.type !== undefined) {
    const types: readonly JsonType[] =
      typeof schema.type === 'string' ? [schema.type] : schema.type;
    if (!types.some((t) => hasType(value, t))) {
      walk.add(path, `must be ${types.join(' or ')}`);
      return;
    }
  }
  if (schema.anyOf !== undefined && !schema.anyOf.some((s) => passes(s, value))) {
    walk.add(path, `must be ${schema.description ?? 'one of the allowed shapes'}`);
    return;
  }
  visitScalar(schema, value, path, walk);
  for (const sub of schema.allOf ?? []) visit(sub, value, path, walk);
  if (schema.if !== undefined) {
    const branch = passes(schema.if, value) ? schema.then : schema.else;
    if (branch !== undefined) visit(branch, value, path, walk);
  }
  visitContainer(schema, value, path, walk);
}

/** Checks a value against a schema: problem lines like `/MsgBody/0/MsgType: is required`. */
export function checkSchema(schema: Schema, value: unknown): string[] {
  const walk = new Walk();
  visit(schema, value, '', walk);
  if (walk.more > 0) walk.problems.push(`… and ${walk.more.toLocaleString('en-US')} more`);
  return walk.problems;
}

function driftWarnings(entry: CatalogEntry, body: Record<string, unknown>): string[] {
  const warnings: string[] = [];
  const known = entry.request.properties ?? {};
  if (typeof body.EventTime === 'string' && 'EventTime' in known) {
    warnings.push(
      `EventTime is a string ("${body.EventTime.slice(0, 20)}"); the docs' tables say integer`,
    );
  }
  let unknown = 0;
  for (const key of Object.keys(body)) {
    if (key in known) continue;
    if (++unknown <= UNKNOWN_FIELDS_SHOWN) warnings.push(`unknown field "${key.slice(0, 80)}"`);
  }
  if (unknown > UNKNOWN_FIELDS_SHOWN) {
    const more = unknown - UNKNOWN_FIELDS_SHOWN;
    warnings.push(
      `… and ${more.toLocaleString('en-US')} more unknown field${more === 1 ? '' : 's'}`,
    );
  }
  return warnings;
}

/** Checks a callback body against its command's schema, with drift named as warnings. */
export function checkBody(entry: CatalogEntry, body: unknown): BodyCheck {
  const problems = checkSchema(entry.request, body);
  const warnings = isObject(body) ? driftWarnings(entry, body) : [];
  if (!entry.verified) {
    warnings.push(`${entry.command} is unverified: no Tencent page confirms its fields`);
  }
  return { problems, warnings };
}
