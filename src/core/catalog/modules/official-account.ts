import { MSG_BODY } from '../msg-body.js';
import { arr, eventTime, int, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonBody, Schema } from '../types.js';

/**
 * Official Account (公众号) callbacks (catalogue §3.11). Only CallbackBeforeSendMsg is documented
 * (CN-intl 1047/60803); the other ten rest on the doocs SDK models only, so they ship unverified
 * and require nothing beyond CallbackCommand.
 */

const ACK = { 0: 'acknowledged; Tencent ignores the answer' } as const;
const MODULE = 'OfficialAccount';
const OA_ID = '@TOA#_2J4SZEAEL';
const T0 = 1670574414123;

const F = {
  Official_Account: str('official account ID (looks like @TOA#_…)'),
  Operator_Account: str('who made the request'),
  Owner_Account: str('owner of the official account'),
  Name: str('official account name'),
  EventTime: eventTime(),
  SubscribeAccountList: arr(
    obj({ Subscriber_Account: str('subscriber UserID') }, ['Subscriber_Account']),
    'the subscribers',
  ),
  OnlineOnlyFlag: int('1 for an online-only message, else 0'),
  MsgBody: MSG_BODY,
  CloudCustomData: str('per-message custom data stored in the cloud'),
} satisfies Record<string, Schema>;

const UNVERIFIED = 'built from the doocs SDK model; no doc page retrieved';

/** An unverified entry: the doocs fields, nothing required beyond CallbackCommand. */
function doocsEntry(
  command: string,
  parts: Omit<CatalogEntry, 'command' | 'module' | 'verified' | 'docs' | 'request' | 'samples'> & {
    fields: Record<string, Schema>;
    body: Omit<JsonBody, 'CallbackCommand'>;
    sample: string;
  },
): CatalogEntry {
  const { fields, body, sample, ...rest } = parts;
  return {
    command,
    module: MODULE,
    verified: false,
    docs: [],
    request: requestSchema(command, fields),
    ...rest,
    samples: [
      {
        variant: null,
        description: `${sample} (${UNVERIFIED})`,
        body: { CallbackCommand: command, ...body },
      },
    ],
  };
}

const subscribers = (...ids: string[]) => ids.map((id) => ({ Subscriber_Account: id }));

const SUBSCRIBER_FIELDS = {
  Official_Account: F.Official_Account,
  Operator_Account: F.Operator_Account,
  SubscribeAccountList: F.SubscribeAccountList,
  EventTime: F.EventTime,
};

const SUBSCRIBER_SHOW = ['Official_Account', 'Operator_Account', 'SubscribeAccountList|list'];

const BEFORE_SEND = `${MODULE}.CallbackBeforeSendMsg`;

const beforeSend: CatalogEntry = {
  command: BEFORE_SEND,
  module: MODULE,
  title: 'an official account message, before it is sent to the subscribers',
  phase: 'before',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/60803'],
  request: requestSchema(
    BEFORE_SEND,
    {
      Official_Account: F.Official_Account,
      OnlineOnlyFlag: F.OnlineOnlyFlag,
      MsgBody: F.MsgBody,
      CloudCustomData: F.CloudCustomData,
      EventTime: F.EventTime,
    },
    ['Official_Account', 'MsgBody'],
  ),
  answerFields: {
    MsgBody: { ...MSG_BODY, description: 'the message as the backend rewrote it (ErrorCode 0)' },
  },
  errorCodes: {
    0: 'allow: the message is sent (rewritten if MsgBody is returned)',
    1: 'deny: the message is not sent and the caller gets error 10016',
    2: 'discard: the message is dropped silently; the caller sees success',
  },
  summary: '{Official_Account}: {MsgBody|text}',
  show: ['Official_Account', 'OnlineOnlyFlag', 'MsgBody|text'],
  key: ['Official_Account', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'A text message from an official account (the documented example, CN-intl 1047/60803)',
      body: {
        CallbackCommand: BEFORE_SEND,
        Official_Account: OA_ID,
        OnlineOnlyFlag: 1,
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }],
        CloudCustomData: 'your cloud custom data',
        EventTime: T0,
      },
    },
  ],
};

export const OFFICIAL_ACCOUNT_ENTRIES: readonly CatalogEntry[] = [
  doocsEntry('OfficialAccount.CallbackBeforeCreateOfficialAccount', {
    title: 'an official account, before it is created (fields from one SDK model)',
    phase: 'before',
    fields: {
      Operator_Account: F.Operator_Account,
      Owner_Account: F.Owner_Account,
      Name: F.Name,
      EventTime: F.EventTime,
    },
    errorCodes: {
      0: 'allow (presumed): the official account is created',
      1: 'deny (presumed): the creation is refused',
    },
    summary: '{Operator_Account} creates "{Name}" for {Owner_Account}',
    show: ['Operator_Account', 'Owner_Account', 'Name'],
    key: ['Owner_Account', 'Name', 'EventTime'],
    sample: 'An administrator creating an official account',
    body: { Operator_Account: 'admin', Owner_Account: 'jared', Name: 'Daily News', EventTime: T0 },
  }),
  doocsEntry('OfficialAccount.CallbackAfterCreateOfficialAccount', {
    title: 'an official account was created (fields from one SDK model)',
    phase: 'after',
    fields: {
      Operator_Account: F.Operator_Account,
      Official_Account: F.Official_Account,
      Owner_Account: F.Owner_Account,
      Name: F.Name,
      EventTime: F.EventTime,
    },
    errorCodes: ACK,
    summary: '{Official_Account} "{Name}" created by {Operator_Account} for {Owner_Account}',
    show: ['Official_Account', 'Name', 'Owner_Account', 'Operator_Account'],
    key: ['Official_Account', 'EventTime'],
    sample: 'An official account created',
    body: {
      Operator_Account: 'admin',
      Official_Account: OA_ID,
      Owner_Account: 'jared',
      Name: 'Daily News',
      EventTime: T0 + 112,
    },
  }),
  doocsEntry('OfficialAccount.CallbackAfterOfficialAccountInfoChanged', {
    title: "an official account's profile changed (fields from one SDK model)",
    phase: 'after',
    fields: {
      Official_Account: F.Official_Account,
      Operator_Account: F.Operator_Account,
      Introduction: str('new introduction, when changed'),
      Name: str('new name, when changed'),
      FaceUrl: str('new avatar URL, when changed'),
      Organization: str('new organization, when changed'),
      EventTime: F.EventTime,
    },
    errorCodes: ACK,
    summary: '{Official_Account} profile changed by {Operator_Account}[: name "{Name}"]',
    show: [
      'Official_Account',
      'Operator_Account',
      'Name',
      'Introduction',
      'FaceUrl',
      'Organization',
    ],
    key: ['Official_Account', 'EventTime'],
    sample: 'An official account renamed, with a new introduction',
    body: {
      Official_Account: OA_ID,
      Operator_Account: 'jared',
      Introduction: 'Headlines every morning',
      Name: 'Morning News',
      EventTime: T0 + 3600000,
    },
  }),
  doocsEntry('OfficialAccount.CallbackAfterOfficialAccountDestroyed', {
    title: 'an official account was destroyed (fields from one SDK model)',
    phase: 'after',
    fields: {
      Official_Account: F.Official_Account,
      Owner_Account: F.Owner_Account,
      Name: F.Name,
      EventTime: F.EventTime,
    },
    errorCodes: ACK,
    summary: '{Official_Account} "{Name}" destroyed (owner {Owner_Account})',
    show: ['Official_Account', 'Name', 'Owner_Account'],
    key: ['Official_Account', 'EventTime'],
    sample: 'An official account destroyed',
    body: {
      Official_Account: OA_ID,
      Owner_Account: 'jared',
      Name: 'Morning News',
      EventTime: T0 + 86400000,
    },
  }),
  doocsEntry('OfficialAccount.CallbackBeforeAddSubscriber', {
    title: 'users are about to subscribe to an official account (fields from one SDK model)',
    phase: 'before',
    fields: SUBSCRIBER_FIELDS,
    errorCodes: {
      0: 'allow (presumed): the users subscribe',
      1: 'deny (presumed): the subscription is refused',
    },
    summary: '{SubscribeAccountList|list} subscribing to {Official_Account}',
    show: SUBSCRIBER_SHOW,
    key: ['Official_Account', 'EventTime'],
    sample: 'Two users asking to subscribe',
    body: {
      Official_Account: OA_ID,
      Operator_Account: 'jared',
      SubscribeAccountList: subscribers('jared', 'John'),
      EventTime: T0 + 200,
    },
  }),
  doocsEntry('OfficialAccount.CallbackAfterAddSubscriber', {
    title: 'users subscribed to an official account (fields from one SDK model)',
    phase: 'after',
    fields: SUBSCRIBER_FIELDS,
    errorCodes: ACK,
    summary: '{SubscribeAccountList|list} subscribed to {Official_Account}',
    show: SUBSCRIBER_SHOW,
    key: ['Official_Account', 'EventTime'],
    sample: 'Two users subscribed',
    body: {
      Official_Account: OA_ID,
      Operator_Account: 'jared',
      SubscribeAccountList: subscribers('jared', 'John'),
      EventTime: T0 + 300,
    },
  }),
  doocsEntry('OfficialAccount.CallbackAfterOfficialAccountFull', {
    title: 'an official account reached its subscriber limit (fields from one SDK model)',
    phase: 'after',
    fields: { Official_Account: F.Official_Account, EventTime: F.EventTime },
    errorCodes: ACK,
    summary: '{Official_Account} is full',
    show: ['Official_Account'],
    key: ['Official_Account', 'EventTime'],
    sample: 'An official account that has reached its subscriber limit',
    body: { Official_Account: OA_ID, EventTime: T0 + 400 },
  }),
  doocsEntry('OfficialAccount.CallbackAfterDeleteSubscriber', {
    title: 'subscribers were removed from an official account (fields from one SDK model)',
    phase: 'after',
    fields: SUBSCRIBER_FIELDS,
    errorCodes: ACK,
    summary: '{SubscribeAccountList|list} unsubscribed from {Official_Account}',
    show: SUBSCRIBER_SHOW,
    key: ['Official_Account', 'EventTime'],
    sample: 'One subscriber removed',
    body: {
      Official_Account: OA_ID,
      Operator_Account: 'John',
      SubscribeAccountList: subscribers('John'),
      EventTime: T0 + 500,
    },
  }),
  beforeSend,
  doocsEntry('OfficialAccount.CallbackAfterSendMsg', {
    title: 'an official account message was sent (fields from one SDK model)',
    phase: 'after',
    fields: {
      Official_Account: F.Official_Account,
      MsgKey: str('unique message key'),
      MsgTime: int('send time, Unix seconds'),
      OnlineOnlyFlag: F.OnlineOnlyFlag,
      MsgBody: F.MsgBody,
      CloudCustomData: F.CloudCustomData,
      EventTime: F.EventTime,
    },
    errorCodes: ACK,
    summary: '{Official_Account}: {MsgBody|text}',
    show: ['Official_Account', 'MsgKey', 'MsgBody|text'],
    key: ['Official_Account', 'MsgKey'],
    sample: 'A text and image message sent by an official account',
    body: {
      Official_Account: OA_ID,
      MsgKey: '1_2837546_1670574414',
      MsgTime: 1670574414,
      OnlineOnlyFlag: 0,
      MsgBody: [
        { MsgType: 'TIMTextElem', MsgContent: { Text: "Today's headlines" } },
        {
          MsgType: 'TIMImageElem',
          MsgContent: {
            UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
            ImageFormat: 3,
            ImageInfoArray: [
              {
                Type: 1,
                Size: 1853095,
                Width: 2448,
                Height: 3264,
                URL: 'https://example.com/im/headlines.png',
              },
            ],
          },
        },
      ],
      CloudCustomData: '',
      EventTime: T0 + 600,
    },
  }),
  doocsEntry('OfficialAccount.CallbackAfterMsgWithDraw', {
    title: 'official account messages were recalled (fields from one SDK model)',
    phase: 'after',
    fields: {
      Official_Account: F.Official_Account,
      WithdrawMsgList: arr(
        obj({ MsgKey: str('key of a recalled message') }, ['MsgKey']),
        'the recalled messages',
      ),
      EventTime: F.EventTime,
    },
    errorCodes: ACK,
    summary: '{Official_Account} recalled {WithdrawMsgList|list}',
    show: ['Official_Account', 'WithdrawMsgList|list'],
    key: ['Official_Account', 'EventTime'],
    sample: 'One message recalled by an official account',
    body: {
      Official_Account: OA_ID,
      WithdrawMsgList: [{ MsgKey: '1_2837546_1670574414' }],
      EventTime: T0 + 700,
    },
  }),
];
