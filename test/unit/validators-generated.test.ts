import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  GENERATED_VALIDATORS,
  generateValidatorsSource,
} from '../../scripts/generate-validators.js';
import {
  type GroupDestroyedBody,
  type ResponsePacket,
  requestSchema,
  responseSchema,
} from '../../src/core/schemas/index.js';

describe('precompiled validators', () => {
  it('match what ajv generates from the schemas today (else: npm run generate)', () => {
    const fresh = generateValidatorsSource({ requestSchema, responseSchema });
    expect(fresh).not.toMatch(/require\(/);
    expect(readFileSync(GENERATED_VALIDATORS, 'utf8')).toBe(fresh);
  });
});

// The types derive from the same schemas (json-schema-to-ts): `npm run typecheck` fails here when
// they stop accepting the documented shapes or start accepting what the schemas refuse.
describe('types derived from the schemas', () => {
  it('accept the documented shapes and refuse what the schemas refuse', () => {
    const body: GroupDestroyedBody = {
      CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
      GroupId: '@TGS#2J4SZEAEL',
      Type: 'Public',
      Owner_Account: 'leckie',
      MemberList: [{ Member_Account: 'leckie' }],
      EventTime: 1670574414123,
    };
    const community: GroupDestroyedBody = {
      CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
      GroupId: '@TGS#_@TGS#cQVLVHIM62CJ',
      Type: 'Community',
      Owner_Account: 'leckie',
      EventTime: '1670574414123',
    };
    const packet: ResponsePacket = { ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'no' };
    // @ts-expect-error: Type must be one of the group types
    const badType: GroupDestroyedBody = { ...body, Type: 'Nope' };
    // @ts-expect-error: ActionStatus is OK or FAIL
    const badStatus: ResponsePacket = { ...packet, ActionStatus: 'ok' };
    // @ts-expect-error: ErrorInfo is required
    const missing: ResponsePacket = { ActionStatus: 'OK', ErrorCode: 0 };
    expect([body, community, packet, badType, badStatus, missing]).toHaveLength(6);
  });
});
