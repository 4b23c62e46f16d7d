/**
 * The callback catalogue as data (DESIGN.md, "Every callback: the catalog"): one entry per
 * `CallbackCommand`, so adding a command is adding an entry, with no edit elsewhere.
 */

/** The JSON Schema subset the catalogue uses (draft-07 keywords; checked by core/catalog/check.ts). */
export interface Schema {
  type?: JsonType | readonly JsonType[];
  description?: string;
  properties?: Readonly<Record<string, Schema>>;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly unknown[];
  const?: unknown;
  anyOf?: readonly Schema[];
  allOf?: readonly Schema[];
  if?: Schema;
  then?: Schema;
  else?: Schema;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  pattern?: string;
}

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';

/** `before`: the answer decides; `after`: the answer is only acknowledged; `alarm`: a notice. */
export type Phase = 'before' | 'after' | 'alarm';

export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };
export type JsonBody = { [key: string]: JsonValue };

/** One body a command can arrive with: the default (variant null) or a documented drift. */
export interface Sample {
  /** null for the command's default sample; a kebab-case name for a variant (`cn-edition`). */
  variant: string | null;
  description: string;
  /** The body, with comments and syntax errors of the docs' examples removed. */
  body: JsonBody;
}

export interface CatalogEntry {
  /** The exact `CallbackCommand`, e.g. `C2C.CallbackBeforeSendMsg`. */
  command: string;
  /** Display module for listings (`Topic` for the Group.* topic commands). */
  module: string;
  /** What makes Tencent send it, in one line. */
  title: string;
  phase: Phase;
  /** false when no Tencent page confirms the fields: one SDK's models only, or no body documented (catalogue: UNVERIFIED). */
  verified: boolean;
  /** Tencent's pages for it. */
  docs: readonly string[];
  /** The body's schema: an object schema; `CallbackCommand` is a `const` of the command. */
  request: Schema;
  /**
   * What the answer may carry beyond ActionStatus/ErrorCode/ErrorInfo (`MsgBody` and
   * `CloudCustomData` for before-send, `RefusedMembers_Account` for invite, `ResultItem` for
   * friend requests). Empty or absent for most commands.
   */
  answerFields?: Readonly<Record<string, Schema>>;
  /** What each ErrorCode of the answer means; before-callbacks: 0 allow, 1 deny, 2 discard (if it has it). */
  errorCodes: Readonly<Record<number, string>>;
  /** Custom rejection codes the command passes on to the caller, inclusive. */
  customRange?: readonly [number, number];
  /**
   * The one-line summary, a template of field paths: `{From_Account} → {To_Account}: {MsgBody|text}`.
   * Filters: `text` (a MsgBody preview), `count` (an array's length), `list` (an array's values,
   * or each object's single/first value, the first three then `+N`).
   */
  summary: string;
  /** Field paths shown one per line in listen's block (dots for nesting: `Info.Action`). */
  show: readonly string[];
  /** Fields that identify the event, for duplicate detection: `['MsgKey']`, `['GroupId', 'EventTime']`. */
  key: readonly string[];
  /** The default sample first (variant null), then one per documented drift. */
  samples: readonly Sample[];
  /** Query parameters Tencent leaves out for this command (e.g. `ClientIP`, `OptPlatform`). */
  queryOmits?: readonly string[];
}
