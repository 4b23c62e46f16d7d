import type { Schema } from './types.js';

/** Small builders so that catalogue entries read like the docs' field tables. */

export const str = (description: string): Schema => ({ type: 'string', description });
export const int = (description: string): Schema => ({ type: 'integer', description });
export const num = (description: string): Schema => ({ type: 'number', description });
export const oneOf = (values: readonly unknown[], description: string): Schema => ({
  enum: values,
  description,
});
export const arr = (items: Schema, description: string): Schema => ({
  type: 'array',
  items,
  description,
});
export const obj = (
  properties: Record<string, Schema>,
  required: readonly string[] = [],
  description?: string,
): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
  ...(description === undefined ? {} : { description }),
});

/** An array of account strings (`AtRobots_Account`, `RefusedMembers_Account`). */
export const accounts = (description: string): Schema => arr({ type: 'string' }, description);

/** `[{"Member_Account": "…"}]` (MemberList, NewMemberList, ExitMemberList, …). */
export const memberList = (description: string): Schema =>
  arr(obj({ Member_Account: str('UserID') }, ['Member_Account']), description);

/** Milliseconds; the English examples print it as a string of digits (catalogue §1.4). */
export const eventTime = (description = 'event time, Unix milliseconds'): Schema => ({
  description,
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+$' },
  ],
});

/** Group types seen in callbacks (catalogue §1.5); `Live` appears in TRTC-Live copies. */
export const GROUP_TYPE = oneOf(
  ['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community', 'BChatRoom', 'Live'],
  'group type',
);

/** The body of a command: an object whose CallbackCommand is the command itself. */
export function requestSchema(
  command: string,
  properties: Record<string, Schema>,
  required: readonly string[] = [],
): Schema {
  return {
    type: 'object',
    description: `${command} request body`,
    required: ['CallbackCommand', ...required],
    properties: { CallbackCommand: { const: command }, ...properties },
  };
}
