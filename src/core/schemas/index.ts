import type { FromSchema } from 'json-schema-to-ts';

/** Group types (tencentcloud.com/document/product/1047/34895); Work and Meeting are newer SDK names. */
export const GROUP_TYPES = ['Private', 'Public', 'ChatRoom', 'AVChatRoom', 'Community'] as const;
export const NEW_GROUP_TYPE_NAMES: Record<string, string> = {
  Work: 'Private',
  Meeting: 'ChatRoom',
};

/**
 * The body of Group.CallbackAfterGroupDestroyed (trtc.io/document/34377,
 * cloud.tencent.com/document/product/269/1670). Tolerated drift (EventTime as a string,
 * Work/Meeting, unknown fields) passes here and is reported as a warning by validation.ts.
 */
export const requestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:tim-callback:schema:Group.CallbackAfterGroupDestroyed',
  title: 'Group.CallbackAfterGroupDestroyed request body',
  type: 'object',
  required: ['CallbackCommand', 'GroupId', 'Type', 'Owner_Account'],
  properties: {
    CallbackCommand: { const: 'Group.CallbackAfterGroupDestroyed' },
    GroupId: { type: 'string', minLength: 1, description: 'ID of the dismissed group' },
    Type: {
      enum: [...GROUP_TYPES, 'Work', 'Meeting'],
      description: 'Group type; Work and Meeting are accepted with a warning',
    },
    Owner_Account: { type: 'string', description: "The owner's UserID" },
    Operator_Account: {
      type: 'string',
      description: 'Who dismissed the group (Chinese edition only)',
    },
    Name: { type: 'string', description: 'Group name' },
    MemberList: {
      type: 'array',
      description: 'Every member of the dismissed group; not sent for Community groups',
      items: {
        type: 'object',
        required: ['Member_Account'],
        properties: { Member_Account: { type: 'string' } },
      },
    },
    EventTime: {
      description: 'an integer (Unix milliseconds) or a string of digits',
      anyOf: [
        { type: 'integer', minimum: 0 },
        { type: 'string', pattern: '^[0-9]+$' },
      ],
    },
  },
  // Community groups carry no MemberList (cloud.tencent.com/document/product/269/1670).
  if: { required: ['Type'], properties: { Type: { const: 'Community' } } },
  // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable
  then: {},
  else: { required: ['MemberList'] },
} as const;

/** The response packet (trtc.io/document/34354): all three fields are required. */
export const responseSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:tim-callback:schema:callback-response',
  title: 'Tencent IM callback response packet',
  type: 'object',
  required: ['ActionStatus', 'ErrorCode', 'ErrorInfo'],
  properties: {
    ActionStatus: { enum: ['OK', 'FAIL'], description: 'OK processed, FAIL failed' },
    ErrorCode: { type: 'integer', description: '0 recommended' },
    ErrorInfo: { type: 'string', description: 'Error information; empty on success' },
  },
} as const;

export type GroupDestroyedBody = FromSchema<typeof requestSchema>;
export type ResponsePacket = FromSchema<typeof responseSchema>;

export const OK_PACKET: ResponsePacket = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 };
