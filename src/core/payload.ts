import { GROUP_TYPES } from './schemas/index.js';

/** Thrown when an override cannot apply; the CLI turns it into a usage error. */
export class PayloadError extends Error {
  /** What to do instead, when there is something better to say than "see --help". */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** `MemberList[0].Member_Account` → ['MemberList', 0, 'Member_Account']. */
export function parsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]/g;
  let consumed = 0;
  for (const match of path.matchAll(pattern)) {
    const between = path.slice(consumed, match.index);
    if (between !== '' && between !== '.') break;
    if (between === '.' && segments.length === 0) break;
    segments.push(match[2] !== undefined ? Number(match[2]) : (match[1] as string));
    consumed = (match.index ?? 0) + match[0].length;
  }
  if (path === '' || consumed !== path.length || segments.length === 0) {
    throw new PayloadError(
      `"${path}" is not a path: use dots and brackets, e.g. MemberList[0].Member_Account`,
    );
  }
  return segments;
}

/** A value that parses as JSON is JSON (`1670574414123`, `"007"`); anything else is a string. */
export function parseValue(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(segments: (string | number)[], upTo: number): string {
  return segments
    .slice(0, upTo)
    .map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

/** Sets a value at a path, creating objects and arrays on the way; refuses to index a scalar. */
export function setPath(target: JsonObject, path: string, value: Json): void {
  const segments = parsePath(path);
  let node: Json = target;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] as string | number;
    const last = i === segments.length - 1;
    const nextKey = segments[i + 1];
    const fresh: Json = typeof nextKey === 'number' ? [] : {};
    if (typeof key === 'number') {
      if (!Array.isArray(node)) {
        throw new PayloadError(
          `cannot set "${path}": ${describe(segments, i) || 'the body'} is not an array`,
        );
      }
      if (key > node.length) {
        throw new PayloadError(
          `cannot set "${path}": index ${key} is past the end (length ${node.length})`,
        );
      }
      if (last) node[key] = value;
      else {
        if (node[key] === undefined || node[key] === null) node[key] = fresh;
        node = node[key] as Json;
      }
    } else {
      if (!isObject(node)) {
        throw new PayloadError(`cannot set "${path}": ${describe(segments, i)} is not an object`);
      }
      if (last) node[key] = value;
      else {
        if (node[key] === undefined || node[key] === null) node[key] = fresh;
        node = node[key] as Json;
      }
    }
  }
}

/** Removes the value at a path; a path that leads nowhere is an error, not a silent no-op. */
export function unsetPath(target: JsonObject, path: string): void {
  const segments = parsePath(path);
  let node: Json = target;
  for (let i = 0; i < segments.length - 1; i++) {
    const key = segments[i] as string | number;
    const next: Json | undefined =
      typeof key === 'number'
        ? Array.isArray(node)
          ? node[key]
          : undefined
        : isObject(node)
          ? node[key]
          : undefined;
    if (next === undefined) {
      throw new PayloadError(`cannot unset "${path}": ${describe(segments, i + 1)} does not exist`);
    }
    node = next;
  }
  const key = segments[segments.length - 1] as string | number;
  if (typeof key === 'number' && Array.isArray(node) && key < node.length) {
    node.splice(key, 1);
  } else if (typeof key === 'string' && isObject(node) && key in node) {
    delete node[key];
  } else {
    throw new PayloadError(`cannot unset "${path}": it does not exist in the body`);
  }
}

/** n synthetic members: the owner first, then user0001, user0002, … */
export function syntheticMembers(n: number, owner?: string): { Member_Account: string }[] {
  const width = Math.max(4, String(n).length);
  const members: { Member_Account: string }[] = [];
  if (n > 0 && owner) members.push({ Member_Account: owner });
  for (let i = members.length; i < n; i++) {
    members.push({ Member_Account: `user${String(i).padStart(width, '0')}` });
  }
  return members;
}

export interface PayloadOptions {
  type?: string | undefined;
  members?: number | undefined;
  set?: string[] | undefined;
  unset?: string[] | undefined;
  /** Stamped as EventTime (ms) when the body carries none and no --set names it. */
  nowMs?: number | undefined;
  /** The member list --members fills (default MemberList: a dismissal's). */
  memberField?: string | undefined;
  /**
   * --type sets Type only. Otherwise (a dismissal) it also keeps MemberList in step: none for a
   * Community group, three members for another type that had none.
   */
  typeOnly?: boolean | undefined;
}

const ALL_TYPES: readonly string[] = [...GROUP_TYPES, 'Work', 'Meeting'];

/** Applies --type, --members, then --set and --unset, in that order, to a copy of the body. */
export function buildPayload(base: JsonObject, options: PayloadOptions): JsonObject {
  const body = structuredClone(base);
  const type = options.type;
  if (type !== undefined) {
    if (!ALL_TYPES.includes(type)) {
      const known = ALL_TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
      throw new PayloadError(
        `--type "${type}" is not a group type`,
        known !== undefined
          ? `did you mean --type ${known}? (group types are case-sensitive)`
          : `use one of ${ALL_TYPES.join(', ')}`,
      );
    }
    body.Type = type;
    // Community groups carry no MemberList (cloud.tencent.com/document/product/269/1670); for
    // other commands the member lists are not Type's business.
    if (!options.typeOnly) {
      if (type === 'Community') delete body.MemberList;
      else if (!Array.isArray(body.MemberList)) {
        body.MemberList = syntheticMembers(3, ownerOf(body));
      }
    }
  }
  if (options.members !== undefined) {
    if (!Number.isInteger(options.members) || options.members < 0) {
      throw new PayloadError(`--members "${options.members}" must be a whole number, 0 or more`);
    }
    body[options.memberField ?? 'MemberList'] = syntheticMembers(options.members, ownerOf(body));
  }
  if (options.nowMs !== undefined && !('EventTime' in body)) body.EventTime = options.nowMs;
  for (const assignment of options.set ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) {
      throw new PayloadError(`--set "${assignment}" needs the form path=value, e.g. Name=MyGroup`);
    }
    setPath(body, assignment.slice(0, eq), parseValue(assignment.slice(eq + 1)));
  }
  for (const path of options.unset ?? []) unsetPath(body, path);
  return body;
}

function ownerOf(body: JsonObject): string | undefined {
  return typeof body.Owner_Account === 'string' ? body.Owner_Account : undefined;
}
