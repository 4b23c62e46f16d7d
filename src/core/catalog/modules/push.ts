import { eventTime, int, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, Schema } from '../types.js';

/**
 * Push service callbacks (catalogue §3.12): fields from the doocs SDK models only. Mind the
 * spellings: EventTime in seconds, `GroupID` with a capital D, `ErrCode`/`ErrInfo`.
 */

const ACK = { 0: 'acknowledged; Tencent ignores the answer' } as const;
const OFFLINE = 'Push.OfflinePush';
const ALL_MEMBER = 'Push.AllMemberPush';

const PUSH_FIELDS: Record<string, Schema> = {
  EventTime: eventTime('event time, Unix seconds'),
  To_Account: str('the user the push is for'),
  PushPlatform: int(
    'push channel: 0 unknown, 1 APNs, 2 Xiaomi, 3 Huawei, 4 Google FCM, 5 Meizu, 6 OPPO, 7 vivo, 8 Honor',
  ),
  PushStage: int('1 sent, 2 delivered, 3 clicked'),
  ErrCode: int('0 on success, else an error code (ErrCode, not ErrorCode)'),
  ErrInfo: str('error information (ErrInfo, not ErrorInfo)'),
};

const offlinePush: CatalogEntry = {
  command: OFFLINE,
  module: 'Push',
  title: 'an offline push was sent, delivered or clicked (fields from one SDK model)',
  phase: 'after',
  verified: false,
  docs: [],
  request: requestSchema(OFFLINE, {
    EventType: int('1 one-to-one message, 2 group message'),
    From_Account: str('sender of the message'),
    MsgKey: str('unique message key (one-to-one messages only)'),
    GroupID: str('group ID, capital ID (group messages only)'),
    MsgSeq: int('message sequence number'),
    MsgRandom: int('message random number (one-to-one messages only)'),
    MsgTime: int('send time, Unix seconds'),
    ...PUSH_FIELDS,
  }),
  errorCodes: ACK,
  summary:
    'push {From_Account} → {To_Account}[ in {GroupID}]: stage {PushStage}, platform {PushPlatform}, ErrCode {ErrCode}',
  show: [
    'To_Account',
    'From_Account',
    'GroupID',
    'PushPlatform',
    'PushStage',
    'ErrCode',
    'ErrInfo',
  ],
  key: ['To_Account', 'MsgSeq', 'PushStage', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'An offline push of a one-to-one message delivered through APNs (built from the doocs model; no doc page retrieved)',
      body: {
        CallbackCommand: OFFLINE,
        EventType: 1,
        EventTime: 1670574415,
        From_Account: 'jared',
        To_Account: 'John',
        PushPlatform: 1,
        PushStage: 2,
        MsgKey: '48374_2837546_1670574414',
        MsgSeq: 48374,
        MsgRandom: 2837546,
        MsgTime: 1670574414,
        ErrCode: 0,
        ErrInfo: '',
      },
    },
    {
      variant: 'group-message',
      description:
        'An offline push of a group message clicked on a Huawei phone: GroupID instead of MsgKey and MsgRandom (doocs model)',
      body: {
        CallbackCommand: OFFLINE,
        EventType: 2,
        EventTime: 1670574480,
        From_Account: 'jared',
        To_Account: 'John',
        PushPlatform: 3,
        PushStage: 3,
        GroupID: '@TGS#2J4SZEAEL',
        MsgSeq: 123,
        MsgTime: 1670574414,
        ErrCode: 0,
        ErrInfo: '',
      },
    },
  ],
};

const allMemberPush: CatalogEntry = {
  command: ALL_MEMBER,
  module: 'Push',
  title: 'an all-member push task reached a user (fields from one SDK model)',
  phase: 'after',
  verified: false,
  docs: [],
  request: requestSchema(ALL_MEMBER, {
    EventType: int('1 offline push'),
    TaskId: { type: ['string', 'integer'], description: 'the push task ID (type not documented)' },
    TaskTime: int('task time, Unix seconds'),
    ...PUSH_FIELDS,
  }),
  errorCodes: ACK,
  summary:
    'push task {TaskId} → {To_Account}: stage {PushStage}, platform {PushPlatform}, ErrCode {ErrCode}',
  show: ['TaskId', 'To_Account', 'PushPlatform', 'PushStage', 'ErrCode', 'ErrInfo'],
  key: ['TaskId', 'To_Account', 'PushStage'],
  samples: [
    {
      variant: null,
      description:
        'An all-member push delivered through FCM (built from the doocs model; no doc page retrieved)',
      body: {
        CallbackCommand: ALL_MEMBER,
        EventType: 1,
        TaskId: '53628fb4-4e8f-4b5a-9d6f-7c1e2a3b4c5d',
        TaskTime: 1670574000,
        EventTime: 1670574415,
        To_Account: 'John',
        PushPlatform: 4,
        PushStage: 2,
        ErrCode: 0,
        ErrInfo: '',
      },
    },
  ],
};

export const PUSH_ENTRIES: readonly CatalogEntry[] = [offlinePush, allMemberPush];
