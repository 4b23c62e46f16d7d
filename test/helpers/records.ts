import { randomUUID } from 'node:crypto';
import type { RecordLine } from '../../src/core/record.js';
import { KNOWN_SIGN, KNOWN_TIME } from './known-answer.js';

/** One line as `listen --record` writes it (DESIGN.md, "Record line", schemaVersion 1). */
export function recordLine(overrides: Partial<RecordLine> & { body: string }): RecordLine {
  return {
    schemaVersion: 1,
    id: randomUUID(),
    receivedAt: '2026-11-25T18:03:36.120Z',
    remoteAddress: '127.0.0.1',
    method: 'POST',
    path: '/im/callback',
    query: {
      SdkAppid: '1400012345',
      CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
      contenttype: 'json',
      ClientIP: '203.0.113.7',
      OptPlatform: 'RESTAPI',
      Sign: KNOWN_SIGN,
      RequestTime: String(KNOWN_TIME),
    },
    headers: { host: '127.0.0.1:8080', 'content-type': 'application/json' },
    checks: { sdkAppId: 'ok', sign: 'ok', schema: 'ok', problems: [] },
    duplicate: false,
    response: { status: 200, body: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}' },
    durationMs: 0.4,
    ...overrides,
  };
}

/** A body with unusual spacing and key order, so that any re-serialisation would show. */
export const SPACED_BODY =
  '{ "GroupId" : "@TGS#2J4SZEAEL",\n  "CallbackCommand":"Group.CallbackAfterGroupDestroyed", "Type":"Public",\r\n "Owner_Account":"leckie","Name":"MyFirstGroup","MemberList":[{"Member_Account":"leckie"}],"EventTime":1670574414123 }';

export const NON_ASCII_BODY = JSON.stringify({
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  GroupId: '@TGS#2WQXZEAEV',
  Type: 'Public',
  Owner_Account: '张伟',
  Name: '周末徒步 🏔️ 群 \u2028 é',
  MemberList: [{ Member_Account: '张伟' }, { Member_Account: '🙂user' }],
  EventTime: 1764095016120,
});

export function largeBody(members: number): string {
  return JSON.stringify({
    CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
    GroupId: '@TGS#LARGE',
    Type: 'ChatRoom',
    Owner_Account: 'owner',
    Name: 'Big room',
    MemberList: Array.from({ length: members }, (_, i) => ({ Member_Account: `user${i}` })),
    EventTime: 1764095016999,
  });
}
