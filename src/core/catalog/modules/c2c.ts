import { MSG_BODY } from '../msg-body.js';
import { arr, eventTime, int, obj, oneOf, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonBody, JsonValue, Schema } from '../types.js';

/** Fields every C2C message callback carries (catalogue §3.6). */
const C2C_MESSAGE: Record<string, Schema> = {
  From_Account: str('sender'),
  To_Account: str('recipient'),
  MsgSeq: int('message sequence number (32-bit unsigned)'),
  MsgRandom: int('message random number (32-bit unsigned)'),
  MsgTime: int('send time, Unix seconds'),
  MsgKey: str('unique key "<MsgSeq>_<MsgRandom>_<MsgTime>", used by the REST recall'),
  OnlineOnlyFlag: int('1 for an online-only message, else 0'),
  MsgBody: MSG_BODY,
  CloudCustomData: str('per-message custom data stored in the cloud'),
};

const TEXT_BODY = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }];

const ACK_OR_FAIL = { 0: 'acknowledged', 1: 'the backend failed to handle it (ignored)' };

/** MsgKey is `<MsgSeq>_<MsgRandom>_<MsgTime>` (catalogue §3.6). */
function message(seq: number, random: number, time: number): JsonBody {
  return { MsgSeq: seq, MsgRandom: random, MsgTime: time, MsgKey: `${seq}_${random}_${time}` };
}

/** A `C2C.CallbackAfterSendMsg` body from jared to Jonh (the docs' spelling) with this MsgBody. */
function afterSend(seq: number, msgBody: JsonValue[], extra: JsonBody = {}): JsonBody {
  return {
    CallbackCommand: 'C2C.CallbackAfterSendMsg',
    From_Account: 'jared',
    To_Account: 'Jonh',
    ...message(seq, 2837546, 1557481126 + seq - 48374),
    OnlineOnlyFlag: 0,
    SendMsgResult: 0,
    ErrorInfo: 'send msg succeed',
    UnreadMsgNum: 7,
    MsgBody: msgBody,
    CloudCustomData: '',
    ...extra,
  };
}

const MEDIA = 'https://media.example.com';

const IMAGE_URL =
  'http://xxx/3200490432214177468_144115198371610486_D61040894AC3DE44CDFFFB3EC7EB720F';

/** The image element of tencentcloud 1047/33527 (its three sizes). */
const IMAGE_ELEM: JsonValue = {
  MsgType: 'TIMImageElem',
  MsgContent: {
    UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
    ImageFormat: 1,
    ImageInfoArray: [
      { Type: 1, Size: 1853095, Width: 2448, Height: 3264, URL: `${IMAGE_URL}/0` },
      { Type: 2, Size: 2565240, Width: 0, Height: 0, URL: `${IMAGE_URL}/720` },
      { Type: 3, Size: 12535, Width: 0, Height: 0, URL: `${IMAGE_URL}/198` },
    ],
  },
};

const SOUND_ELEM: JsonValue = {
  MsgType: 'TIMSoundElem',
  MsgContent: {
    Url: `${MEDIA}/sound/305c0201.m4a`,
    UUID: '305c0201',
    Size: 62351,
    Second: 4,
    Download_Flag: 2,
  },
};

const FILE_ELEM: JsonValue = {
  MsgType: 'TIMFileElem',
  MsgContent: {
    Url: `${MEDIA}/file/5a1c9d.pdf`,
    UUID: '5a1c9d',
    FileSize: 1773552,
    FileName: 'contract.pdf',
    Download_Flag: 2,
  },
};

const VIDEO_ELEM: JsonValue = {
  MsgType: 'TIMVideoFileElem',
  MsgContent: {
    VideoUrl: `${MEDIA}/video/7f3e.mp4`,
    VideoUUID: '7f3e',
    VideoSize: 1178312,
    VideoSecond: 5,
    VideoFormat: 'mp4',
    VideoDownloadFlag: 2,
    ThumbUrl: `${MEDIA}/video/7f3e-thumb.jpg`,
    ThumbUUID: '7f3e-thumb',
    ThumbSize: 13907,
    ThumbWidth: 720,
    ThumbHeight: 1280,
    ThumbFormat: 'JPG',
    ThumbDownloadFlag: 2,
  },
};

/** One message inside a merged-forward element. */
function relayed(from: string, to: string, seq: number, text: string): JsonValue {
  return {
    From_Account: from,
    To_Account: to,
    MsgSeq: seq,
    MsgRandom: 5466 + seq,
    MsgTimeStamp: 1557474000 + 60 * seq,
    MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }],
    CloudCustomData: '',
  };
}

/** A merged-forward element: `MsgList` up to 12 KB, else `JsonMsgKey` (tencentcloud 1047/33527). */
function relayElem(inline: boolean): JsonValue {
  const forwarded = [
    relayed('jared', 'Jonh', 100, 'see you at 8'),
    relayed('Jonh', 'jared', 101, 'ok'),
  ];
  return {
    MsgType: 'TIMRelayElem',
    MsgContent: {
      Title: 'Chat history of jared and Jonh',
      MsgNum: 2,
      CompatibleText: 'Merged messages: upgrade your app to see them',
      AbstractList: ['jared: see you at 8', 'Jonh: ok'],
      ...(inline ? { MsgList: forwarded } : { JsonMsgKey: '2837546_relay_1557481131' }),
    },
  };
}

const AFTER_SEND_MSG: CatalogEntry = {
  command: 'C2C.CallbackAfterSendMsg',
  module: 'C2C',
  title: 'a one-to-one message was sent (also when its delivery failed)',
  phase: 'after',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/34365'],
  request: requestSchema(
    'C2C.CallbackAfterSendMsg',
    {
      ...C2C_MESSAGE,
      MsgId: str('client-side unique message id (CN-intl table only)'),
      SendMsgResult: int('0 delivered, else the error code'),
      ErrorInfo: str('"send msg succeed", or why the delivery failed'),
      UnreadMsgNum: int("To_Account's unread one-to-one messages; -1 when the delivery failed"),
    },
    ['From_Account', 'To_Account', 'MsgBody', 'SendMsgResult'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{From_Account} → {To_Account}: {MsgBody|text} (result {SendMsgResult})',
  show: ['From_Account', 'To_Account', 'MsgKey', 'MsgBody|text', 'SendMsgResult', 'UnreadMsgNum'],
  key: ['MsgKey'],
  samples: [
    {
      variant: null,
      description: 'A delivered text message (the documented example, tencentcloud 1047/34365)',
      body: afterSend(48374, [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red packet' } }], {
        OnlineOnlyFlag: 1,
        CloudCustomData: 'your cloud custom data',
      }),
    },
    {
      variant: 'delivery-failed',
      description:
        'A message that was not delivered: the callback still fires, SendMsgResult is the error (80001, a dirty-word hit, as an example) and UnreadMsgNum -1 (tencentcloud 1047/34365)',
      body: afterSend(48375, [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'a banned word' } }], {
        SendMsgResult: 80001,
        ErrorInfo: 'message contains a filtered word',
        UnreadMsgNum: -1,
      }),
    },
    {
      variant: 'msg-id',
      description:
        'With MsgId, which the CN-intl table lists and no example shows (zh tencentcloud 1047/34365)',
      body: afterSend(48376, [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'hello' } }], {
        MsgId: '144115233406643804-1557481128-2837546',
      }),
    },
    {
      variant: 'image-message',
      description: 'An image in three sizes, the element of tencentcloud 1047/33527',
      body: afterSend(48377, [IMAGE_ELEM]),
    },
    {
      variant: 'sound-message',
      description: 'A voice message with its download URL (TIMSoundElem, tencentcloud 1047/33527)',
      body: afterSend(48378, [SOUND_ELEM]),
    },
    {
      variant: 'sound-message-old-sdk',
      description:
        'A voice message from a 2.x/3.x SDK: only UUID, Size and Second (tencentcloud 1047/33527)',
      body: afterSend(48379, [
        { MsgType: 'TIMSoundElem', MsgContent: { UUID: '305c0202', Size: 40213, Second: 3 } },
      ]),
    },
    {
      variant: 'file-message',
      description: 'A file with a caption: TIMFileElem then TIMTextElem (tencentcloud 1047/33527)',
      body: afterSend(48380, [
        FILE_ELEM,
        { MsgType: 'TIMTextElem', MsgContent: { Text: 'the signed contract' } },
      ]),
    },
    {
      variant: 'video-message',
      description: 'A video with its thumbnail (TIMVideoFileElem, tencentcloud 1047/33527)',
      body: afterSend(48381, [VIDEO_ELEM]),
    },
    {
      variant: 'relay-message',
      description:
        'Merged-forward messages, listed inline in MsgList (TIMRelayElem up to 12 KB, tencentcloud 1047/33527)',
      body: afterSend(48382, [relayElem(true)]),
    },
    {
      variant: 'relay-message-large',
      description:
        'Merged-forward messages over 12 KB: JsonMsgKey instead of MsgList (TIMRelayElem, tencentcloud 1047/33527)',
      body: afterSend(48383, [relayElem(false)]),
    },
  ],
};

const AFTER_MSG_REPORT: CatalogEntry = {
  command: 'C2C.CallbackAfterMsgReport',
  module: 'C2C',
  title: 'a one-to-one conversation was marked read (client or REST admin_set_msg_read)',
  phase: 'after',
  verified: true,
  docs: [
    'https://cloud.tencent.com/document/product/269/61696',
    'https://www.tencentcloud.com/document/product/1047/43465',
  ],
  request: requestSchema(
    'C2C.CallbackAfterMsgReport',
    {
      Report_Account: str('the reader'),
      Peer_Account: str('the other side of the conversation'),
      LastReadTime: int('Unix seconds; everything before it is read'),
      UnreadMsgNum: int("Report_Account's unread one-to-one messages in all"),
      EventTime: eventTime(),
    },
    ['Report_Account', 'Peer_Account', 'LastReadTime'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{Report_Account} read {Peer_Account} up to {LastReadTime}[, {UnreadMsgNum} unread]',
  show: ['Report_Account', 'Peer_Account', 'LastReadTime', 'UnreadMsgNum'],
  key: ['Report_Account', 'Peer_Account', 'LastReadTime'],
  samples: [
    {
      variant: null,
      description:
        'A read report with EventTime and without UnreadMsgNum (the CN example, 269/61696)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgReport',
        Report_Account: 'jared',
        Peer_Account: 'Jonh',
        LastReadTime: 1614754606,
        EventTime: 1670574414123,
      },
    },
    {
      variant: 'intl-edition',
      description:
        'The CN-intl example: UnreadMsgNum and no EventTime (zh tencentcloud 1047/43465)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgReport',
        Report_Account: 'jared',
        Peer_Account: 'Jonh',
        LastReadTime: 1614754660,
        UnreadMsgNum: 7,
      },
    },
  ],
};

const AFTER_MSG_WITH_DRAW: CatalogEntry = {
  command: 'C2C.CallbackAfterMsgWithDraw',
  module: 'C2C',
  title: 'a one-to-one message was recalled',
  phase: 'after',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/43466'],
  request: requestSchema(
    'C2C.CallbackAfterMsgWithDraw',
    {
      From_Account: str('the sender'),
      To_Account: str('the recipient'),
      MsgKey: C2C_MESSAGE.MsgKey as Schema,
      UnreadMsgNum: int("To_Account's unread one-to-one messages in all"),
    },
    ['From_Account', 'To_Account', 'MsgKey'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{From_Account} → {To_Account}: recalled {MsgKey}',
  show: ['From_Account', 'To_Account', 'MsgKey', 'UnreadMsgNum'],
  key: ['MsgKey'],
  samples: [
    {
      variant: null,
      description: 'A recalled message (the documented example, zh tencentcloud 1047/43466)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgWithDraw',
        From_Account: 'jared',
        To_Account: 'Jonh',
        MsgKey: '48374_2837546_1557481126',
        UnreadMsgNum: 7,
      },
    },
  ],
};

/** An extension change on message 93847636_1287657_1764688415 from user1 to user2. */
function extensionChange(operation: number, list: JsonValue[], seq: number, at: number): JsonBody {
  return {
    CallbackCommand: 'C2C.CallbackAfterC2CMsgExtension',
    From_Account: 'user1',
    To_Account: 'user2',
    MsgKey: '93847636_1287657_1764688415',
    OperateType: operation,
    ExtensionList: list,
    Seq: seq,
    EventTime: at,
  };
}

const AFTER_MSG_EXTENSION: CatalogEntry = {
  command: 'C2C.CallbackAfterC2CMsgExtension',
  module: 'C2C',
  title: "a one-to-one message's extensions were set, deleted or cleared",
  phase: 'after',
  verified: true,
  docs: ['https://cloud.tencent.com/document/product/269/126475', 'https://trtc.io/document/76006'],
  request: requestSchema(
    'C2C.CallbackAfterC2CMsgExtension',
    {
      From_Account: str("the message's sender"),
      To_Account: str("the message's recipient"),
      MsgKey: str('the message whose extensions changed'),
      OperateType: oneOf([1, 2, 3], '1 set, 2 delete, 3 clear'),
      ExtensionList: arr(
        obj(
          {
            Key: str('extension key'),
            Value: str('its value; "" when deleted'),
            Seq: int("this key's version"),
          },
          ['Key'],
        ),
        'the changed keys (empty when cleared)',
      ),
      Seq: int("the latest version of the message's extensions"),
      EventTime: eventTime(),
    },
    ['From_Account', 'To_Account', 'MsgKey', 'OperateType'],
  ),
  errorCodes: { 0: 'acknowledged' },
  summary: '{MsgKey}: extension op {OperateType} on {ExtensionList|count} key(s), seq {Seq}',
  show: ['From_Account', 'To_Account', 'MsgKey', 'OperateType', 'ExtensionList|list', 'Seq'],
  key: ['MsgKey', 'Seq'],
  samples: [
    {
      variant: null,
      description: 'Three keys set (the first documented example, CN 269/126475)',
      body: extensionChange(
        1,
        [1, 2, 3].map((n) => ({ Key: `k${n}`, Value: `v${n}`, Seq: 1 })),
        1,
        1764688540182,
      ),
    },
    {
      variant: 'delete',
      description:
        'A key deleted: OperateType 2, its Value "" (the second example of CN 269/126475)',
      body: extensionChange(2, [{ Key: 'k1', Value: '', Seq: 2 }], 2, 1764688600311),
    },
    {
      variant: 'clear',
      description:
        'All keys cleared: OperateType 3, an empty ExtensionList (the third example of CN 269/126475)',
      body: extensionChange(3, [], 3, 1764688660457),
    },
  ],
};

const AFTER_MSG_READ_RECEIPT: CatalogEntry = {
  command: 'C2C.CallbackAfterMsgReadReceipt',
  module: 'C2C',
  title: 'read receipts were sent for one-to-one messages (client or REST)',
  phase: 'after',
  verified: true,
  docs: ['https://cloud.tencent.com/document/product/269/128223'],
  request: requestSchema(
    'C2C.CallbackAfterMsgReadReceipt',
    {
      Operator_Account: str('who sent the receipt (the reader)'),
      Peer_Account: str('the other side of the conversation'),
      C2CMsgInfo: arr(
        obj(
          {
            From_Account: str("the message's sender"),
            To_Account: str("the message's recipient"),
            MsgKey: str('the message'),
            MsgId: str('its client-side id'),
          },
          ['MsgKey'],
        ),
        'the messages receipted',
      ),
      EventTime: eventTime('when the receipt was sent, Unix milliseconds'),
    },
    ['Operator_Account', 'Peer_Account', 'C2CMsgInfo'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{Operator_Account} read {C2CMsgInfo|count} message(s) from {Peer_Account}',
  show: ['Operator_Account', 'Peer_Account', 'C2CMsgInfo.0.MsgKey', 'C2CMsgInfo|count'],
  key: ['Operator_Account', 'Peer_Account', 'EventTime'],
  samples: [
    {
      variant: null,
      description: 'A receipt for one message (the documented example, CN 269/128223)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgReadReceipt',
        Operator_Account: 'jared',
        Peer_Account: 'Jonh',
        C2CMsgInfo: [
          {
            From_Account: 'Jonh',
            To_Account: 'jared',
            MsgKey: '33973751_24064952_1769139583',
            MsgId: '144115433090395387-1769139578-24064952',
          },
        ],
        EventTime: 1769139587754,
      },
    },
  ],
};

const AFTER_MODIFY_MSG: CatalogEntry = {
  command: 'C2C.CallbackAfterModifyMsg',
  module: 'C2C',
  title: 'a one-to-one message was edited (client or REST)',
  phase: 'after',
  verified: true,
  docs: ['https://cloud.tencent.com/document/product/269/128224'],
  request: requestSchema(
    'C2C.CallbackAfterModifyMsg',
    {
      Operator_Account: str('who edited it'),
      From_Account: C2C_MESSAGE.From_Account as Schema,
      To_Account: C2C_MESSAGE.To_Account as Schema,
      MsgSeq: C2C_MESSAGE.MsgSeq as Schema,
      MsgRandom: C2C_MESSAGE.MsgRandom as Schema,
      MsgTime: C2C_MESSAGE.MsgTime as Schema,
      MsgKey: C2C_MESSAGE.MsgKey as Schema,
      MsgBody: { ...MSG_BODY, description: 'the message as edited' },
      CloudCustomData: str('the custom data as edited'),
      EventTime: eventTime(),
    },
    ['Operator_Account', 'From_Account', 'To_Account', 'MsgKey', 'MsgBody'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{From_Account} → {To_Account}, edited by {Operator_Account}: {MsgBody|text}',
  show: ['Operator_Account', 'From_Account', 'To_Account', 'MsgKey', 'MsgBody|text'],
  key: ['MsgKey', 'EventTime'],
  samples: [
    {
      variant: null,
      description: 'A text message edited by its sender (the documented example, CN 269/128224)',
      body: {
        CloudCustomData: '1769772027',
        MsgBody: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '2026-01-30T11:20:26.548Z' } }],
        CallbackCommand: 'C2C.CallbackAfterModifyMsg',
        Operator_Account: 'jared',
        From_Account: 'jared',
        To_Account: 'Jonh',
        ...message(609, 690, 1769771529),
        EventTime: 1769772027036,
      },
    },
  ],
};

const AFTER_MSG_READ_ALL: CatalogEntry = {
  command: 'C2C.CallbackAfterMsgReadAll',
  module: 'C2C',
  title: 'a user cleared all unread messages, one-to-one and group',
  phase: 'after',
  verified: true,
  docs: ['https://cloud.tencent.com/document/product/269/128225'],
  request: requestSchema(
    'C2C.CallbackAfterMsgReadAll',
    {
      Report_Account: str('who cleared them'),
      EventTime: eventTime(),
      GroupReadInfo: arr(
        obj({
          GroupId: str('the group'),
          MsgSeq: int('the group MsgSeq given in the clear request'),
        }),
        'the groups whose unread was cleared',
      ),
    },
    ['Report_Account'],
  ),
  errorCodes: ACK_OR_FAIL,
  summary: '{Report_Account} cleared all unread[, groups {GroupReadInfo|list}]',
  show: ['Report_Account', 'GroupReadInfo|list'],
  key: ['Report_Account', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'All unread cleared, one group among them (the documented example, CN 269/128225)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgReadAll',
        Report_Account: 'Jonh',
        EventTime: 1769773302575,
        GroupReadInfo: [{ GroupId: 'groupid', MsgSeq: 100 }],
      },
    },
    {
      variant: 'without-groups',
      description:
        'No GroupReadInfo: the table marks it optional, for a clear that touched no group (CN 269/128225)',
      body: {
        CallbackCommand: 'C2C.CallbackAfterMsgReadAll',
        Report_Account: 'Jonh',
        EventTime: 1769773360218,
      },
    },
  ],
};

export const C2C_ENTRIES: readonly CatalogEntry[] = [
  {
    command: 'C2C.CallbackBeforeSendMsg',
    module: 'C2C',
    title: 'a one-to-one message, before it is delivered',
    phase: 'before',
    verified: true,
    docs: ['https://www.tencentcloud.com/document/product/1047/34364'],
    request: requestSchema('C2C.CallbackBeforeSendMsg', C2C_MESSAGE, [
      'From_Account',
      'To_Account',
      'MsgBody',
    ]),
    answerFields: {
      MsgBody: { ...MSG_BODY, description: 'the message as the backend rewrote it (ErrorCode 0)' },
      CloudCustomData: str('the rewritten custom data (ErrorCode 0)'),
    },
    errorCodes: {
      0: 'allow: the message is delivered (rewritten if MsgBody is returned)',
      1: 'deny: the message is not sent and the sender gets error 20006',
      2: 'discard: the message is dropped silently; the sender sees success',
    },
    customRange: [120001, 130000],
    summary: '{From_Account} → {To_Account}: {MsgBody|text}',
    show: ['From_Account', 'To_Account', 'MsgKey', 'MsgBody|text'],
    key: ['MsgKey'],
    samples: [
      {
        variant: null,
        description: 'A text message (the documented example)',
        body: {
          CallbackCommand: 'C2C.CallbackBeforeSendMsg',
          From_Account: 'jared',
          To_Account: 'John',
          MsgSeq: 48374,
          MsgRandom: 2837546,
          MsgTime: 1557481126,
          MsgKey: '48374_2837546_1557481126',
          OnlineOnlyFlag: 1,
          MsgBody: TEXT_BODY,
          CloudCustomData: 'your cloud custom data',
        },
      },
      {
        variant: 'mixed-elements',
        description: 'Text, a face, a location and a custom element in one message',
        body: {
          CallbackCommand: 'C2C.CallbackBeforeSendMsg',
          From_Account: 'jared',
          To_Account: 'John',
          MsgSeq: 48375,
          MsgRandom: 2837547,
          MsgTime: 1557481130,
          MsgKey: '48375_2837547_1557481130',
          OnlineOnlyFlag: 0,
          MsgBody: [
            { MsgType: 'TIMTextElem', MsgContent: { Text: 'meet here' } },
            { MsgType: 'TIMFaceElem', MsgContent: { Index: 1, Data: 'smile' } },
            {
              MsgType: 'TIMLocationElem',
              MsgContent: { Desc: 'Shenzhen', Latitude: 22.54, Longitude: 113.93 },
            },
            {
              MsgType: 'TIMCustomElem',
              MsgContent: {
                Data: 'order:42',
                Desc: 'new order',
                Ext: 'url',
                Sound: 'dingdong.aiff',
              },
            },
          ],
          CloudCustomData: '',
        },
      },
    ],
  },
  AFTER_SEND_MSG,
  AFTER_MSG_REPORT,
  AFTER_MSG_WITH_DRAW,
  AFTER_MSG_EXTENSION,
  AFTER_MSG_READ_RECEIPT,
  AFTER_MODIFY_MSG,
  AFTER_MSG_READ_ALL,
];
