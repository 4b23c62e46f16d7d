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

/** The commands the catalogue ranks most used (§5.1), first. */
const MOST_USED: readonly CatalogEntry[] = [
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
      '{NewMemberList|list} joined {GroupId} ({Type})[ by {JoinType}][, operator {Operator_Account}]',
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
    summary: '{Operator_Account} recalled {MsgSeqList|list} in {GroupId}[ topic {TopicId}]',
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
];

export const GROUP_ENTRIES: readonly CatalogEntry[] = [...MOST_USED];
