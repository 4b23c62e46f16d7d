import { requestSchema as destroyedSchema } from '../../schemas/index.js';
import { MSG_BODY } from '../msg-body.js';
import {
  accounts,
  arr,
  eventTime,
  GROUP_TYPE,
  int,
  memberList,
  obj,
  oneOf,
  requestSchema,
  str,
} from '../schema-kit.js';
import type { CatalogEntry, JsonBody, JsonValue, Schema } from '../types.js';

/**
 * The Group module (catalogue §3.7): 21 commands. `Group.CallbackAfterMemberInvited` and
 * `Group.CallbackAfterMemberKicked` are not Tencent commands (one third-party app only) and are
 * not shipped.
 */

const cn = (id: number): string => `https://cloud.tencent.com/document/product/269/${id}`;
const intl = (id: number): string => `https://www.tencentcloud.com/document/product/1047/${id}`;

/** After-callbacks: Tencent ignores the answer; 0 is what the docs ask for. */
const AFTER_CODES = { 0: 'acknowledged; Tencent ignores the answer' } as const;
const TIME = 1670574414123;
const TIME_STRING = '1670574414123';
const GROUP = '@TGS#2J4SZEAEL';
const COMMUNITY = '@TGS#_@TGS#cQVLVHIM62CJ';
const TOPIC = '@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic';

const members = (...names: string[]): JsonValue[] =>
  names.map((name) => ({ Member_Account: name }));

/** The same body with EventTime as a string of digits, as most English-site examples print it. */
const withStringTime = (body: JsonBody): JsonBody => ({ ...body, EventTime: TIME_STRING });

const GROUP_ID = str('group ID');
const TOPIC_ID = str('topic ID; only for Community groups with topics');

/** Fields of every group message callback (catalogue §3.7, Group.CallbackBeforeSendMsg). */
const GROUP_MESSAGE: Record<string, Schema> = {
  GroupId: GROUP_ID,
  Type: GROUP_TYPE,
  From_Account: str('sender'),
  Operator_Account: str('who made the request (the admin for a REST send)'),
  Random: int('32-bit random number of the send request (Random, not MsgRandom)'),
  OnlineOnlyFlag: oneOf([0, 1], '1 for an online-only message, else 0 (always 0 in AVChatRoom)'),
  MsgBody: MSG_BODY,
  CloudCustomData: str('per-message custom data stored in the cloud'),
  TopicId: TOPIC_ID,
  EventTime: eventTime(),
};

const TEXT = (text: string): JsonValue => ({ MsgType: 'TIMTextElem', MsgContent: { Text: text } });

/** The image element of the docs' Message Formats page (1047/33527). */
const IMAGE: JsonValue = {
  MsgType: 'TIMImageElem',
  MsgContent: {
    UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
    ImageFormat: 1,
    ImageInfoArray: [
      {
        Type: 1,
        Size: 1853095,
        Width: 2448,
        Height: 3264,
        URL: 'http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/0',
      },
      {
        Type: 2,
        Size: 2565240,
        Width: 0,
        Height: 0,
        URL: 'http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/720',
      },
      {
        Type: 3,
        Size: 12535,
        Width: 0,
        Height: 0,
        URL: 'http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F/198',
      },
    ],
  },
};

/** A merged-forward element carrying two group messages in MsgList (under 12 KB). */
const RELAY: JsonValue = {
  MsgType: 'TIMRelayElem',
  MsgContent: {
    Title: 'Group chat history',
    MsgNum: 2,
    CompatibleText: 'Upgrade to the latest version to view merged messages',
    AbstractList: ['jared: red packet', 'leckie: thanks!'],
    MsgList: [
      {
        From_Account: 'jared',
        GroupId: GROUP,
        MsgSeq: 121,
        MsgRandom: 1234567,
        MsgTimeStamp: 1490686200,
        MsgBody: [TEXT('red packet')],
      },
      {
        From_Account: 'leckie',
        GroupId: GROUP,
        MsgSeq: 122,
        MsgRandom: 2345678,
        MsgTimeStamp: 1490686210,
        MsgBody: [TEXT('thanks!')],
      },
    ],
  },
};

/** A voice message, a file and a video: the three media elements of 1047/33527. */
const MEDIA: JsonValue[] = [
  {
    MsgType: 'TIMSoundElem',
    MsgContent: {
      Url: 'http://xxx/sound/5a2bd9c4e3b0c2f1.m4a',
      UUID: '305c0201_sound_5a2bd9c4e3b0c2f1',
      Size: 62351,
      Second: 4,
      Download_Flag: 2,
    },
  },
  {
    MsgType: 'TIMFileElem',
    MsgContent: {
      Url: 'http://xxx/file/agenda.pdf',
      UUID: '305c0201_file_9b1e7d3c',
      FileSize: 1773552,
      FileName: 'agenda.pdf',
      Download_Flag: 2,
    },
  },
  {
    MsgType: 'TIMVideoFileElem',
    MsgContent: {
      VideoUrl: 'http://xxx/video/clip.mp4',
      VideoUUID: '5da38ba89d6521511a6d3acc8b2d5fa9',
      VideoSize: 1194603,
      VideoSecond: 5,
      VideoFormat: 'mp4',
      VideoDownloadFlag: 2,
      ThumbUrl: 'http://xxx/video/clip.jpg',
      ThumbUUID: '6edaffedef5150684510b84a3fc8ef0a',
      ThumbSize: 13907,
      ThumbWidth: 720,
      ThumbHeight: 1280,
      ThumbFormat: 'JPG',
      ThumbDownloadFlag: 2,
    },
  },
];

const GROUP_SEND_BEFORE: JsonBody = {
  CallbackCommand: 'Group.CallbackBeforeSendMsg',
  GroupId: GROUP,
  Type: 'Community',
  From_Account: 'jared',
  Operator_Account: 'admin',
  Random: 123456,
  OnlineOnlyFlag: 1,
  MsgBody: [TEXT('red packet')],
  CloudCustomData: 'your cloud custom data',
  TopicId: TOPIC,
  EventTime: TIME,
};

const { TopicId: _topicId, ...GROUP_SEND_BEFORE_NO_TOPIC } = GROUP_SEND_BEFORE;

const GROUP_SEND_AFTER: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterSendMsg',
  GroupId: GROUP,
  Type: 'Public',
  From_Account: 'jared',
  Operator_Account: 'admin',
  Random: 123456,
  MsgId: '144115233406643804-1727580296-4026038328',
  MsgSeq: 123,
  MsgTime: 1490686222,
  OnlineOnlyFlag: 1,
  MsgBody: [TEXT('red packet')],
  CloudCustomData: 'your cloud custom data',
  EventTime: TIME,
};
const { MsgId: _msgId, ...GROUP_SEND_AFTER_CN } = GROUP_SEND_AFTER;

const MESSAGE_SUMMARY = '{From_Account} → {GroupId}: {MsgBody|text}';

const CREATE_GROUP_BEFORE: JsonBody = {
  CallbackCommand: 'Group.CallbackBeforeCreateGroup',
  Operator_Account: 'leckie',
  Owner_Account: 'leckie',
  Type: 'Public',
  Name: 'MyFirstGroup',
  MemberList: members('bob', 'peter'),
  EventTime: TIME,
};

const CREATE_GROUP_AFTER: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterCreateGroup',
  GroupId: GROUP,
  Operator_Account: 'group_root',
  Owner_Account: 'leckie',
  Type: 'Public',
  Name: 'MyFirstGroup',
  Introduction: 'introduction',
  Notification: 'notification',
  MemberList: members('bob', 'peter'),
  UserDefinedDataList: [
    { Key: 'UserDefined1', Value: 'hello' },
    { Key: 'UserDefined2', Value: 'world' },
  ],
  EventTime: TIME,
};
const {
  Introduction: _introduction,
  Notification: _notification,
  UserDefinedDataList: _userDefined,
  ...CREATE_GROUP_AFTER_PLAIN
} = CREATE_GROUP_AFTER;

/** `[{Key, Value}]` custom fields given at creation; Value is a string in the docs, any in doocs. */
const USER_DEFINED_DATA = arr(
  obj({ Key: str('field name'), Value: { description: 'field value (a string in the docs)' } }, [
    'Key',
  ]),
  'custom fields given at creation (only when enabled in the console)',
);

const INVITE: JsonBody = {
  CallbackCommand: 'Group.CallbackBeforeInviteJoinGroup',
  GroupId: GROUP,
  Type: 'Public',
  Operator_Account: 'leckie',
  DestinationMembers: members('jared', 'leckie'),
  EventTime: TIME,
};

const MEMBER_JOIN: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterNewMemberJoin',
  GroupId: GROUP,
  Type: 'Public',
  JoinType: 'Apply',
  Operator_Account: 'leckie',
  NewMemberList: members('jared', 'tommy'),
  EventTime: TIME,
};

const MEMBER_EXIT: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterMemberExit',
  GroupId: GROUP,
  Type: 'Public',
  ExitType: 'Kicked',
  Operator_Account: 'leckie',
  ExitMemberList: members('jared', 'tommy'),
  EventTime: TIME,
};

const INFO_CHANGED: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterGroupInfoChanged',
  GroupId: GROUP,
  Type: 'Public',
  Operator_Account: 'leckie',
  Notification: 'NewNotification',
  EventTime: TIME,
};

const RECALL: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterRecallMsg',
  Operator_Account: 'admin',
  Type: 'Community',
  GroupId: '1213456',
  MsgSeqList: [{ MsgSeq: 130, MsgId: '144115213033478435-1739361321-2512805311' }],
  TopicId: TOPIC,
  EventTime: TIME,
};

/**
 * Group.CallbackAfterGroupDestroyed, the command the tool has always known: its request schema is
 * core/schemas' (with the Community rule: no MemberList), and its samples are the legacy fixtures
 * (fixtures/callbacks/*.json, kept equal to these by test/unit/catalog-legacy-fixtures.test.ts).
 */
const { $schema: _dialect, $id: _schemaId, title, ...GROUP_DESTROYED_RULES } = destroyedSchema;

const DESTROYED_MEMBERS = members('leckie', 'peter', 'bob');
const DESTROYED: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  GroupId: GROUP,
  Type: 'Public',
  Owner_Account: 'leckie',
  Name: 'MyFirstGroup',
  MemberList: DESTROYED_MEMBERS,
};

const destroyed = (fields: JsonBody): JsonBody => ({
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  ...fields,
});

const GROUP_DESTROYED_ENTRY: CatalogEntry = {
  command: 'Group.CallbackAfterGroupDestroyed',
  module: 'Group',
  title: 'a group was dismissed',
  phase: 'after',
  verified: true,
  docs: [cn(1670), intl(34377)],
  request: { ...GROUP_DESTROYED_RULES, description: title },
  errorCodes: AFTER_CODES,
  summary:
    '{GroupId} ({Type}) "{Name}" dismissed, owner {Owner_Account}[, by {Operator_Account}][, {MemberList|count} members]',
  show: ['GroupId', 'Type', 'Name', 'Owner_Account', 'Operator_Account', 'MemberList|list'],
  key: ['GroupId', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'The documented example (Public group, 3 members), no EventTime: stamped with now on send',
      body: DESTROYED,
    },
    {
      variant: 'group-destroyed-eventtime',
      description: 'The documented example with an integer EventTime (ms)',
      body: { ...DESTROYED, EventTime: TIME },
    },
    {
      variant: 'cn-edition',
      description: 'The Chinese-edition body, with Operator_Account and EventTime',
      body: destroyed({
        Operator_Account: 'administrator',
        GroupId: GROUP,
        Type: 'Public',
        Owner_Account: 'leckie',
        Name: 'MyFirstGroup',
        MemberList: DESTROYED_MEMBERS,
        EventTime: TIME,
      }),
    },
    {
      variant: 'private-group',
      description: 'A Private (Work) group',
      body: destroyed({
        GroupId: '@TGS#1NVTZEAE4',
        Type: 'Private',
        Owner_Account: 'alice',
        Name: 'Project X',
        MemberList: members('alice', 'carol'),
      }),
    },
    {
      variant: 'public-group',
      description: 'A Public group with four members',
      body: destroyed({
        GroupId: '@TGS#2C5SZEAEF',
        Type: 'Public',
        Owner_Account: 'dave',
        Name: 'Hiking Club',
        MemberList: members('dave', 'erin', 'frank', 'grace'),
      }),
    },
    {
      variant: 'chatroom-group',
      description: 'A ChatRoom (Meeting) group',
      body: destroyed({
        GroupId: '@TGS#3FGTZEAEX',
        Type: 'ChatRoom',
        Owner_Account: 'heidi',
        Name: 'Weekly sync',
        MemberList: members('heidi', 'ivan', 'judy'),
      }),
    },
    {
      variant: 'avchatroom-group',
      description: 'An AVChatRoom (live streaming) group with a custom GroupId',
      body: destroyed({
        GroupId: 'live_room_20261125',
        Type: 'AVChatRoom',
        Owner_Account: 'streamer01',
        Name: 'Friday live',
        MemberList: members('streamer01', 'viewer1'),
      }),
    },
    {
      variant: 'community-group',
      description: 'A Community group: no MemberList, as the docs say',
      body: destroyed({
        GroupId: '@TGS#_@TGS#cKXKZEAEN',
        Type: 'Community',
        Owner_Account: 'mallory',
        Name: 'Board game fans',
      }),
    },
    {
      variant: 'non-ascii',
      description: 'Chinese and emoji in the group name and the member accounts',
      body: destroyed({
        GroupId: '@TGS#2WQXZEAEV',
        Type: 'Public',
        Owner_Account: '张伟',
        Name: '周末徒步 🏔️ 群',
        MemberList: members('张伟', '李娜', 'josé', '🙂user'),
        EventTime: 1764095016120,
      }),
    },
    {
      variant: 'eventtime-string',
      description: 'EventTime as a string of digits, as the English examples show it',
      body: { ...DESTROYED, EventTime: TIME_STRING },
    },
  ],
};

const APPLY: JsonBody = {
  CallbackCommand: 'Group.CallbackBeforeApplyJoinGroup',
  GroupId: GROUP,
  Type: 'Public',
  Requestor_Account: 'jared',
  ApplyMsg: 'test',
  EventTime: TIME,
};
const { ApplyMsg: _applyMsg, ...APPLY_EN } = APPLY;

const GROUP_FULL: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterGroupFull',
  GroupId: GROUP,
  EventTime: TIME,
};

const MEMBER_STATE: JsonBody = {
  CallbackCommand: 'Group.CallbackOnMemberStateChange',
  GroupId: GROUP,
  EventType: 'Offline',
  MemberList: members('jared', 'tommy'),
  EventTime: TIME,
};

const SEND_EXCEPTION: JsonBody = {
  CallbackCommand: 'Group.CallbackSendMsgException',
  GroupId: GROUP,
  Type: 'Public',
  From_Account: 'jared',
  Operator_Account: 'admin',
  Random: 123456,
  OnlineOnlyFlag: 1,
  MsgBody: [TEXT('red packet')],
  CloudCustomData: 'your cloud custom data',
  ErrorCode: 10023,
  ErrorInfo: 'msg count exceeds limit,please retry later',
  EventTime: TIME,
};

const MEMBER_FIELD: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterMemberFieldChanged',
  GroupId: '@TGS#xxxx',
  Type: 'Community',
  Operator_Account: 'admin',
  Modified_Account: '123456',
  Role: 'Admin',
  NameCard: 'jacky',
  EventTime: TIME,
};

const ATTR: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterGroupAttrChanged',
  GroupId: GROUP,
  Type: 'Public',
  Operator_Account: 'leckie',
  OptionType: 'set',
  GroupAttr: [
    { key: 'key1', value: 'value1' },
    { key: 'key2', value: 'values' },
  ],
  EventTime: TIME,
};

const RECEIPT: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterReadReceipt',
  GroupId: '@TGS#2TTV7VSII',
  Type: 'Public',
  GroupMsgReceiptList: [
    { MsgSeq: 1, ReadNum: 1, UnreadNum: 6, ReadReceiptMembers: members('user0') },
    { MsgSeq: 2, ReadNum: 1, UnreadNum: 6, ReadReceiptMembers: members('user0') },
  ],
  EventTime: TIME,
};

const OWNER: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterChangeGroupOwner',
  GroupId: '@TGS#2TTV7VSII',
  Type: 'Public',
  Operator_Account: 'admin',
  OldOwner_Account: 'user1',
  NewOwner_Account: 'user2',
  EventTime: TIME,
};

const QUOTA: JsonBody = {
  CallbackCommand: 'Group.CallbackOnDailyGroupQuotaAlarm',
  QuotaUsed: 7321,
  Quota: 10000,
  EventTime: TIME,
};

const EXTENSION: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterGroupMsgExtension',
  GroupId: 'test',
  MsgSeq: 10,
  OperateType: 1,
  ExtensionList: [
    { Key: 'key2', Value: 'value2', Seq: 56 },
    { Key: 'key3', Value: '12122', Seq: 56 },
  ],
  Seq: 56,
  EventTime: 1764688294360,
};

const MODIFY: JsonBody = {
  MsgBody: [TEXT('2026-03-06T02:09:35.302Z')],
  CallbackCommand: 'Group.CallbackAfterModifyMsg',
  Operator_Account: 'oper-user',
  GroupId: 'group-test-2',
  TopicId: '',
  MsgSeq: 53,
  EventTime: 1772762975589,
};

/** In the catalogue's order (§2, #20–#44 without the topic commands). */
export const GROUP_ENTRIES: readonly CatalogEntry[] = [
  {
    command: 'Group.CallbackBeforeCreateGroup',
    module: 'Group',
    title: 'a group, before it is created',
    phase: 'before',
    verified: true,
    docs: [cn(1662), intl(34368)],
    request: requestSchema(
      'Group.CallbackBeforeCreateGroup',
      {
        Operator_Account: str('who asked to create the group'),
        Owner_Account: str('the future owner'),
        Type: GROUP_TYPE,
        Name: str('group name'),
        CreateGroupNum: int(
          'groups of this type the user already created (English edition; dropped from the newest CN page)',
        ),
        MemberList: memberList('initial members'),
        EventTime: eventTime(),
      },
      ['Operator_Account', 'Owner_Account', 'Type', 'Name'],
    ),
    errorCodes: {
      0: 'allow: the group is created',
      1: 'deny: the group is not created and the caller gets error 10016',
    },
    customRange: [10100, 10200],
    summary: '{Operator_Account} creates {Type} group "{Name}"[, {MemberList|count} members]',
    show: ['Operator_Account', 'Owner_Account', 'Type', 'Name', 'MemberList|list'],
    key: ['Operator_Account', 'Name', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A Public group with two initial members (the documented example, CN 269/1662)',
        body: CREATE_GROUP_BEFORE,
      },
      {
        variant: 'en-edition',
        description:
          'The English edition (1047/34368): with CreateGroupNum and EventTime as a string of digits',
        body: { ...CREATE_GROUP_BEFORE, CreateGroupNum: 123, EventTime: TIME_STRING },
      },
    ],
  },
  {
    command: 'Group.CallbackAfterCreateGroup',
    module: 'Group',
    title: 'a group was created',
    phase: 'after',
    verified: true,
    docs: [intl(34369)],
    request: requestSchema(
      'Group.CallbackAfterCreateGroup',
      {
        GroupId: GROUP_ID,
        Operator_Account: str('who created the group'),
        Owner_Account: str('owner'),
        Type: GROUP_TYPE,
        Name: str('group name'),
        Introduction: str('group introduction (CN-intl edition only)'),
        Notification: str('group notice (CN-intl edition only)'),
        MemberList: memberList('initial members'),
        UserDefinedDataList: USER_DEFINED_DATA,
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'Owner_Account'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId} ({Type}) "{Name}" created by {Operator_Account}, owner {Owner_Account}[, {MemberList|count} members]',
    show: ['GroupId', 'Type', 'Name', 'Operator_Account', 'Owner_Account', 'MemberList|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A Public group with two members and two custom fields (the documented example, 1047/34369)',
        body: CREATE_GROUP_AFTER,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/34369 prints it',
        body: withStringTime(CREATE_GROUP_AFTER),
      },
      {
        variant: 'no-optional-fields',
        description:
          'Without Introduction and Notification (CN-intl only, not in the SDK models) and without UserDefinedDataList (sent only when enabled)',
        body: CREATE_GROUP_AFTER_PLAIN,
      },
    ],
  },
  {
    command: 'Group.CallbackBeforeApplyJoinGroup',
    module: 'Group',
    title: 'a user applies to join a group, before the application is handled',
    phase: 'before',
    verified: true,
    docs: [cn(1665), intl(34370)],
    request: requestSchema(
      'Group.CallbackBeforeApplyJoinGroup',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Requestor_Account: str('the applicant (Requestor, not Requester as in Sns)'),
        ApplyMsg: str('the application message (CN edition)'),
        TopicId: str('the topic applied to; private topics only'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'Requestor_Account'],
    ),
    errorCodes: {
      0: 'allow: the application goes on',
      1: 'deny: the application is refused and the applicant gets error 10016',
    },
    // The docs of this command name no custom range; every other group before-callback
    // (create group, invite, send, create topic) passes on [10100, 10200], and the catalogue
    // assumes the same here. Shipped so that a backend using the group family's codes is not
    // failed for it; uncertain.
    customRange: [10100, 10200],
    summary:
      '{Requestor_Account} applies to join {GroupId} ({Type})[: "{ApplyMsg}"][ topic {TopicId}]',
    show: ['GroupId', 'Type', 'Requestor_Account', 'ApplyMsg', 'TopicId'],
    key: ['GroupId', 'Requestor_Account', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'An application to a Public group (the documented example, CN 269/1665)',
        body: APPLY,
      },
      {
        variant: 'en-edition',
        description: 'The English edition (1047/34370): no ApplyMsg',
        body: APPLY_EN,
      },
      {
        variant: 'private-topic',
        description: 'An application to a private topic of a Community: with TopicId (CN 269/1665)',
        body: { ...APPLY, GroupId: COMMUNITY, Type: 'Community', TopicId: TOPIC },
      },
    ],
  },
  {
    command: 'Group.CallbackBeforeInviteJoinGroup',
    module: 'Group',
    title: 'members invited to a group (or added by REST), before they join',
    phase: 'before',
    verified: true,
    docs: [intl(34371)],
    request: requestSchema(
      'Group.CallbackBeforeInviteJoinGroup',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Operator_Account: str('who invites'),
        DestinationMembers: memberList('the invited members'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'Operator_Account', 'DestinationMembers'],
    ),
    answerFields: {
      RefusedMembers_Account: accounts(
        'members refused while the others join (with ErrorCode 0); absent: all may join',
      ),
    },
    errorCodes: {
      0: 'allow: the members join, except those in RefusedMembers_Account',
      1: 'deny: the whole invitation is refused',
    },
    customRange: [10100, 10200],
    summary: '{Operator_Account} invites {DestinationMembers|list} to {GroupId} ({Type})',
    show: ['GroupId', 'Type', 'Operator_Account', 'DestinationMembers|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'Two members invited to a Public group (the documented example, 1047/34371)',
        body: INVITE,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/34371 prints it',
        body: withStringTime(INVITE),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterNewMemberJoin',
    module: 'Group',
    title: 'members joined a group (application approved, invitation, REST add)',
    phase: 'after',
    verified: true,
    docs: [cn(1667), intl(34372)],
    request: requestSchema(
      'Group.CallbackAfterNewMemberJoin',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        JoinType: oneOf(['Apply', 'Invited'], 'how they joined: Apply or Invited'),
        Operator_Account: str('who let them in'),
        NewMemberList: memberList('the new members'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'NewMemberList'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{NewMemberList|list} joined {GroupId} ({Type})[ via {JoinType}][, operator {Operator_Account}]',
    show: ['GroupId', 'Type', 'JoinType', 'Operator_Account', 'NewMemberList|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'Two members joined by application (the documented example, CN 269/1667)',
        body: MEMBER_JOIN,
      },
      {
        variant: 'invited',
        description: 'JoinType Invited: members added by invitation (CN 269/1667)',
        body: { ...MEMBER_JOIN, JoinType: 'Invited', NewMemberList: members('bob') },
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the English-site examples print it',
        body: withStringTime(MEMBER_JOIN),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterMemberExit',
    module: 'Group',
    title: 'members left a group or were removed',
    phase: 'after',
    verified: true,
    docs: [intl(34373)],
    request: requestSchema(
      'Group.CallbackAfterMemberExit',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        ExitType: oneOf(['Kicked', 'Quit'], 'Kicked (removed) or Quit (left)'),
        Operator_Account: str('who removed them, or the member who left'),
        ExitMemberList: memberList('the members who left'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'ExitMemberList'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{ExitMemberList|list} left {GroupId} ({Type})[, {ExitType}][ by {Operator_Account}]',
    show: ['GroupId', 'Type', 'ExitType', 'Operator_Account', 'ExitMemberList|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'Two members removed from a Public group (the documented example, 1047/34373)',
        body: MEMBER_EXIT,
      },
      {
        variant: 'quit',
        description: 'ExitType Quit: a member left by themselves (1047/34373)',
        body: {
          ...MEMBER_EXIT,
          ExitType: 'Quit',
          Operator_Account: 'jared',
          ExitMemberList: members('jared'),
        },
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/34373 prints it',
        body: withStringTime(MEMBER_EXIT),
      },
    ],
  },
  {
    command: 'Group.CallbackBeforeSendMsg',
    module: 'Group',
    title: 'a group message, before it is delivered',
    phase: 'before',
    verified: true,
    docs: ['https://cloud.tencent.com/document/api/269/1619', intl(34374)],
    request: requestSchema('Group.CallbackBeforeSendMsg', GROUP_MESSAGE, [
      'GroupId',
      'Type',
      'From_Account',
      'MsgBody',
    ]),
    answerFields: {
      MsgBody: { ...MSG_BODY, description: 'the message as the backend rewrote it (ErrorCode 0)' },
      CloudCustomData: str('the rewritten custom data (ErrorCode 0)'),
    },
    errorCodes: {
      0: 'allow: the message is delivered (rewritten if MsgBody is returned)',
      1: 'deny: the message is not sent and the sender gets error 10016',
      2: 'discard: the message is dropped silently; the sender sees success',
    },
    customRange: [10100, 10200],
    summary: MESSAGE_SUMMARY,
    show: ['GroupId', 'Type', 'From_Account', 'TopicId', 'MsgBody|text'],
    key: ['GroupId', 'From_Account', 'Random'],
    samples: [
      {
        variant: null,
        description:
          'A text message in a Community topic (the documented example, CN api/269/1619)',
        body: GROUP_SEND_BEFORE,
      },
      {
        variant: 'en-edition',
        description:
          'The older English example (1047/34374): no CloudCustomData, TopicId or EventTime',
        body: {
          CallbackCommand: 'Group.CallbackBeforeSendMsg',
          GroupId: GROUP,
          Type: 'Public',
          From_Account: 'jared',
          Operator_Account: 'admin',
          Random: 123456,
          OnlineOnlyFlag: 0,
          MsgBody: [TEXT('red packet')],
        },
      },
      {
        variant: 'image-and-relay',
        description:
          'Several MsgBody element types (1047/33527): text, an image in three sizes and merged forwarded messages',
        body: {
          ...GROUP_SEND_BEFORE_NO_TOPIC,
          Type: 'Public',
          Random: 654321,
          OnlineOnlyFlag: 0,
          MsgBody: [TEXT('look at this'), IMAGE, RELAY],
          CloudCustomData: '',
        },
      },
    ],
  },
  {
    command: 'Group.CallbackAfterSendMsg',
    module: 'Group',
    title: 'a group message was sent',
    phase: 'after',
    verified: true,
    docs: [cn(2661), intl(34375)],
    request: requestSchema(
      'Group.CallbackAfterSendMsg',
      {
        ...GROUP_MESSAGE,
        MsgSeq: int('message sequence number, unique in the group (the ordering key)'),
        MsgTime: int('send time, Unix seconds'),
        MsgId: str('the unique ID of the message on the client (CN-intl and TRTC editions)'),
        GroupAtInfo: arr(
          obj({
            GroupAtAllFlag: oneOf([0, 1], '1 for @all'),
            GroupAt_Account: str('the mentioned member'),
          }),
          'mentions (SDK model only; in no doc version)',
        ),
      },
      ['GroupId', 'Type', 'From_Account', 'MsgBody'],
    ),
    errorCodes: AFTER_CODES,
    summary: MESSAGE_SUMMARY,
    show: ['GroupId', 'Type', 'From_Account', 'MsgSeq', 'MsgBody|text'],
    key: ['GroupId', 'MsgSeq'],
    samples: [
      {
        variant: null,
        description: 'A text message in a Public group (the documented example, 1047/34375)',
        body: GROUP_SEND_AFTER,
      },
      {
        variant: 'cn-edition',
        description: 'The Chinese edition (CN 269/2661): no MsgId',
        body: GROUP_SEND_AFTER_CN,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/34375 prints it',
        body: withStringTime(GROUP_SEND_AFTER),
      },
      {
        variant: 'media-elements',
        description:
          'Several MsgBody element types (1047/33527): a voice message, a file and a video',
        body: {
          ...GROUP_SEND_AFTER,
          MsgId: '144115233406643804-1727580301-1876543210',
          Random: 765432,
          MsgSeq: 124,
          MsgTime: 1490686230,
          OnlineOnlyFlag: 0,
          MsgBody: MEDIA,
          CloudCustomData: '',
        },
      },
      {
        variant: 'topic-message',
        description: 'A message in a Community topic: with TopicId (1047/34375)',
        body: {
          ...GROUP_SEND_AFTER,
          GroupId: COMMUNITY,
          Type: 'Community',
          TopicId: TOPIC,
        },
      },
    ],
  },
  {
    command: 'Group.CallbackAfterGroupFull',
    module: 'Group',
    title: 'a join filled a group, or failed because it was full',
    phase: 'after',
    verified: true,
    docs: [cn(1669), intl(34376)],
    request: requestSchema(
      'Group.CallbackAfterGroupFull',
      {
        GroupId: GROUP_ID,
        TopicId: str('the full topic; private topics only'),
        EventTime: eventTime(),
      },
      ['GroupId'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{GroupId} is full[ (topic {TopicId})]',
    show: ['GroupId', 'TopicId'],
    key: ['GroupId', 'EventTime'],
    samples: [
      { variant: null, description: 'The documented example (CN 269/1669)', body: GROUP_FULL },
      {
        variant: 'private-topic',
        description: 'A private topic of a Community is full: with TopicId (CN 269/1669)',
        body: { ...GROUP_FULL, GroupId: COMMUNITY, TopicId: TOPIC },
      },
    ],
  },
  GROUP_DESTROYED_ENTRY,
  {
    command: 'Group.CallbackAfterGroupInfoChanged',
    module: 'Group',
    title: "a group's name, introduction, notice or face URL changed",
    phase: 'after',
    verified: true,
    docs: [cn(2930), intl(34378)],
    request: requestSchema(
      'Group.CallbackAfterGroupInfoChanged',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Operator_Account: str('who changed it'),
        Name: str('the new name (only when it changed)'),
        Introduction: str('the new introduction (only when it changed)'),
        Notification: str('the new notice (only when it changed)'),
        FaceUrl: str('the new face URL (only when it changed)'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'Operator_Account'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId} ({Type}) by {Operator_Account}[, name "{Name}"][, introduction "{Introduction}"][, notice "{Notification}"][, face {FaceUrl}]',
    show: ['GroupId', 'Operator_Account', 'Name', 'Introduction', 'Notification', 'FaceUrl'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'The notice changed (the documented example, CN 269/2930)',
        body: INFO_CHANGED,
      },
      {
        variant: 'all-fields',
        description:
          'Name, introduction, notice and face URL changed at once: each changed field is sent (CN 269/2930)',
        body: {
          ...INFO_CHANGED,
          Name: 'MyRenamedGroup',
          Introduction: 'NewIntroduction',
          FaceUrl: 'http://this.is.face.url',
        },
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the English-site examples print it',
        body: withStringTime(INFO_CHANGED),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterRecallMsg',
    module: 'Group',
    title: 'group messages were recalled',
    phase: 'after',
    verified: true,
    docs: [cn(73141), intl(46979)],
    request: requestSchema(
      'Group.CallbackAfterRecallMsg',
      {
        Operator_Account: str('who recalled them'),
        Type: GROUP_TYPE,
        GroupId: GROUP_ID,
        MsgSeqList: arr(
          obj(
            {
              MsgSeq: int('sequence number of the recalled message'),
              MsgId: str('its client ID (CN edition, 2025)'),
            },
            ['MsgSeq'],
          ),
          'the recalled messages',
        ),
        TopicId: TOPIC_ID,
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'MsgSeqList'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{Operator_Account} recalled messages {MsgSeqList|list} in {GroupId}[, topic {TopicId}]',
    show: ['GroupId', 'Type', 'Operator_Account', 'TopicId', 'MsgSeqList|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'One message recalled in a Community topic (the documented example, CN 269/73141)',
        body: RECALL,
      },
      {
        variant: 'en-edition',
        description:
          'The English edition (1047/46979): MsgSeqList items without MsgId, EventTime as a string of digits',
        body: { ...RECALL, MsgSeqList: [{ MsgSeq: 130 }], EventTime: TIME_STRING },
      },
      {
        variant: 'not-a-topic',
        description: 'Two messages recalled in a Public group: no TopicId (CN 269/73141)',
        body: {
          CallbackCommand: 'Group.CallbackAfterRecallMsg',
          Operator_Account: 'leckie',
          Type: 'Public',
          GroupId: GROUP,
          MsgSeqList: [
            { MsgSeq: 131, MsgId: '144115213033478435-1739361400-1029384756' },
            { MsgSeq: 132, MsgId: '144115213033478435-1739361410-5647382910' },
          ],
          EventTime: TIME,
        },
      },
    ],
  },
  {
    command: 'Group.CallbackOnMemberStateChange',
    module: 'Group',
    title: 'AVChatRoom members went offline or came back (heartbeat)',
    phase: 'after',
    verified: true,
    docs: [intl(48734), 'https://trtc.io/document/48734'],
    request: requestSchema(
      'Group.CallbackOnMemberStateChange',
      {
        GroupId: GROUP_ID,
        Type: oneOf(['AVChatRoom'], 'always AVChatRoom (SDK model only)'),
        EventType: oneOf(['Offline', 'Online'], 'Offline (disconnected) or Online (reconnected)'),
        EventCause: oneOf(
          ['HeartbeatInterrupt', 'HeartbeatRecover', 'Join', 'Quit'],
          'why: heartbeat lost or back, first entry, last exit (in the field table only)',
        ),
        MemberList: memberList('the members concerned'),
        EventTime: eventTime(),
      },
      ['GroupId', 'EventType', 'MemberList'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{MemberList|list} {EventType} in {GroupId}[ ({EventCause})]',
    show: ['GroupId', 'EventType', 'EventCause', 'MemberList|list'],
    key: ['GroupId', 'EventType', 'EventTime'],
    queryOmits: ['ClientIP', 'OptPlatform'],
    samples: [
      {
        variant: null,
        description: 'Two members went offline (the documented example, 1047/48734)',
        body: MEMBER_STATE,
      },
      {
        variant: 'event-cause',
        description:
          'With EventCause, which the field table lists and the example shows only as a comment (1047/48734)',
        body: {
          ...MEMBER_STATE,
          EventType: 'Online',
          EventCause: 'HeartbeatRecover',
          MemberList: members('jared'),
        },
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/48734 prints it',
        body: withStringTime(MEMBER_STATE),
      },
      {
        variant: 'sdk-model',
        description:
          'As the doocs SDK model has it: Type AVChatRoom, no EventTime (in no doc version)',
        body: {
          CallbackCommand: 'Group.CallbackOnMemberStateChange',
          GroupId: GROUP,
          Type: 'AVChatRoom',
          EventType: 'Offline',
          MemberList: members('jared'),
        },
      },
    ],
  },
  {
    command: 'Group.CallbackSendMsgException',
    module: 'Group',
    title: 'a group message failed to send (e.g. rate limit, error 10023)',
    phase: 'after',
    verified: true,
    docs: [intl(49462)],
    request: requestSchema(
      'Group.CallbackSendMsgException',
      {
        ...GROUP_MESSAGE,
        ErrorCode: int('why the message failed: a group error code, e.g. 10023 (not the answer)'),
        ErrorInfo: str('the error in words (not the answer)'),
      },
      ['GroupId', 'From_Account', 'ErrorCode'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{From_Account} → {GroupId} failed: {ErrorCode}[ "{ErrorInfo}"]',
    show: ['GroupId', 'From_Account', 'ErrorCode', 'ErrorInfo', 'MsgBody|text'],
    key: ['GroupId', 'From_Account', 'Random'],
    // The CN-intl page's URL table has no ClientIP (1047/49462).
    queryOmits: ['ClientIP'],
    samples: [
      {
        variant: null,
        description:
          'A text message refused by the rate limit (the documented example, 1047/49462)',
        body: SEND_EXCEPTION,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/49462 prints it',
        body: withStringTime(SEND_EXCEPTION),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterMemberFieldChanged',
    module: 'Group',
    title: "a member's role or group name card changed",
    phase: 'after',
    verified: true,
    docs: [cn(105353), intl(60393), 'https://trtc.io/document/60393'],
    request: requestSchema(
      'Group.CallbackAfterMemberFieldChanged',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Operator_Account: str('who changed it'),
        Modified_Account: str('the member changed (CN edition and the doocs model)'),
        Member_Account: str('the member changed (English and CN-intl editions)'),
        Role: oneOf(['Admin', 'Member'], 'the new role: Admin (made admin) or Member (unmade)'),
        NameCard: str('the new group name card'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'Operator_Account'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId}: member [{Modified_Account}][{Member_Account}] changed by {Operator_Account}[, role {Role}][, name card "{NameCard}"]',
    show: ['GroupId', 'Operator_Account', 'Modified_Account', 'Member_Account', 'Role', 'NameCard'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'Made admin with a new name card (the documented example, CN 269/105353): Modified_Account',
        body: MEMBER_FIELD,
      },
      {
        variant: 'en-edition',
        description:
          'The English and CN-intl editions (1047/60393) name the member Member_Account, not Modified_Account',
        body: {
          CallbackCommand: 'Group.CallbackAfterMemberFieldChanged',
          GroupId: '@TGS#xxxx',
          Type: 'Community',
          Operator_Account: 'admin',
          Member_Account: '123456',
          Role: 'Admin',
          NameCard: 'jacky',
          EventTime: TIME,
        },
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on CN 269/105353 prints it',
        body: withStringTime(MEMBER_FIELD),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterGroupAttrChanged',
    module: 'Group',
    title: "a group's custom attributes were set, modified, cleared or deleted",
    phase: 'after',
    verified: true,
    docs: [cn(105354), intl(60394)],
    request: requestSchema(
      'Group.CallbackAfterGroupAttrChanged',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Operator_Account: str('who changed them'),
        OptionType: oneOf(
          ['set', 'modify', 'clear', 'delete'],
          'set (reset), modify, clear or delete (in the example only)',
        ),
        GroupAttr: arr(
          obj({ key: str('attribute name (lower-case key)'), value: str('attribute value') }, [
            'key',
          ]),
          'the attributes: lower-case key and value',
        ),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'OptionType'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{GroupId} attributes {OptionType} by {Operator_Account}[: {GroupAttr|list}]',
    show: ['GroupId', 'Operator_Account', 'OptionType', 'GroupAttr|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'Two attributes reset (the documented example, CN 269/105354)',
        body: ATTR,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on CN 269/105354 prints it',
        body: withStringTime(ATTR),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterReadReceipt',
    module: 'Group',
    title: 'group messages were read (read receipts)',
    phase: 'after',
    verified: true,
    docs: [intl(60395)],
    request: requestSchema(
      'Group.CallbackAfterReadReceipt',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        GroupMsgReceiptList: arr(
          obj(
            {
              MsgSeq: int('the message'),
              ReadNum: int('members who read it'),
              UnreadNum: int('members who have not'),
              ReadReceiptMembers: memberList('who read it'),
            },
            ['MsgSeq'],
          ),
          'one item per message',
        ),
        EventTime: eventTime(),
      },
      ['GroupId', 'GroupMsgReceiptList'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{GroupId}: read receipts for messages {GroupMsgReceiptList|list}',
    show: ['GroupId', 'Type', 'GroupMsgReceiptList|list'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'Receipts for two messages (the documented example, 1047/60395, with its missing comma added)',
        body: RECEIPT,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/60395 prints it',
        body: withStringTime(RECEIPT),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterChangeGroupOwner',
    module: 'Group',
    title: 'group ownership was transferred',
    phase: 'after',
    verified: true,
    docs: [intl(60396), 'https://trtc.io/document/60396'],
    request: requestSchema(
      'Group.CallbackAfterChangeGroupOwner',
      {
        GroupId: GROUP_ID,
        Type: GROUP_TYPE,
        Operator_Account: str('who transferred it'),
        OldOwner_Account: str('the previous owner'),
        NewOwner_Account: str('the new owner'),
        EventTime: eventTime(),
      },
      ['GroupId', 'Type', 'NewOwner_Account'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId} ({Type}) owner {OldOwner_Account} → {NewOwner_Account}[ by {Operator_Account}]',
    show: ['GroupId', 'Type', 'OldOwner_Account', 'NewOwner_Account', 'Operator_Account'],
    key: ['GroupId', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'Ownership moved from user1 to user2 (the documented example, 1047/60396)',
        body: OWNER,
      },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/60396 prints it',
        body: withStringTime(OWNER),
      },
    ],
  },
  {
    command: 'Group.CallbackOnDailyGroupQuotaAlarm',
    module: 'Group',
    title: "the app's daily quota of new groups is nearly used up",
    phase: 'alarm',
    verified: true,
    docs: [intl(57455)],
    request: requestSchema(
      'Group.CallbackOnDailyGroupQuotaAlarm',
      {
        QuotaUsed: int('groups created today'),
        Quota: int('the daily limit of new groups'),
        EventTime: eventTime(),
      },
      ['QuotaUsed', 'Quota'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{QuotaUsed} of {Quota} new groups used today',
    show: ['QuotaUsed', 'Quota'],
    key: ['EventTime'],
    samples: [
      { variant: null, description: 'The documented example (1047/57455)', body: QUOTA },
      {
        variant: 'eventtime-string',
        description: 'EventTime as a string of digits, as the example on 1047/57455 prints it',
        body: withStringTime(QUOTA),
      },
    ],
  },
  {
    command: 'Group.CallbackAfterGroupMsgExtension',
    module: 'Group',
    title: "a group message's extension key-values were set, deleted or cleared",
    phase: 'after',
    verified: true,
    docs: [cn(126476), 'https://trtc.io/document/76007'],
    request: requestSchema(
      'Group.CallbackAfterGroupMsgExtension',
      {
        GroupId: GROUP_ID,
        MsgSeq: int('the message'),
        OperateType: oneOf([1, 2, 3], '1 set, 2 delete, 3 clear'),
        ExtensionList: arr(
          obj({ Key: str('key'), Value: str('value'), Seq: int('version of this key-value') }, [
            'Key',
          ]),
          'the key-values concerned',
        ),
        Seq: int("the message's latest extension version"),
        EventTime: eventTime(),
      },
      ['GroupId', 'MsgSeq', 'OperateType'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId} message {MsgSeq}: extension operation {OperateType}[ on {ExtensionList|list}]',
    show: ['GroupId', 'MsgSeq', 'OperateType', 'ExtensionList|list', 'Seq'],
    key: ['GroupId', 'MsgSeq', 'Seq'],
    samples: [
      {
        variant: null,
        description: 'Two key-values set (the first documented example, CN 269/126476)',
        body: EXTENSION,
      },
    ],
  },
  {
    command: 'Group.CallbackAfterModifyMsg',
    module: 'Group',
    title: 'a group message was edited',
    phase: 'after',
    verified: true,
    docs: [cn(129193)],
    request: requestSchema(
      'Group.CallbackAfterModifyMsg',
      {
        MsgBody: MSG_BODY,
        Operator_Account: str('who edited it'),
        GroupId: GROUP_ID,
        TopicId: str('the topic; "" when the message is not in one'),
        MsgSeq: int('the edited message'),
        EventTime: eventTime(),
      },
      ['GroupId', 'MsgSeq', 'MsgBody'],
    ),
    errorCodes: { 0: 'acknowledged', 1: 'error (Tencent ignores it)' },
    summary: '{Operator_Account} edited message {MsgSeq} in {GroupId}: {MsgBody|text}',
    show: ['GroupId', 'Operator_Account', 'MsgSeq', 'MsgBody|text'],
    key: ['GroupId', 'MsgSeq', 'EventTime'],
    samples: [
      {
        variant: null,
        description: 'A text message edited (the documented example, CN 269/129193)',
        body: MODIFY,
      },
    ],
  },
];
