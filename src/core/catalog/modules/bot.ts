import { MSG_BODY } from '../msg-body.js';
import { accounts, eventTime, GROUP_TYPE, int, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonValue, Schema } from '../types.js';

const ACK = { 0: 'acknowledged; Tencent ignores the answer' } as const;

/** The C2C message fields Bot.OnC2CMessage reuses (catalogue §3.6, §3.10). */
const C2C_MESSAGE: Record<string, Schema> = {
  From_Account: str('sender'),
  To_Account: str('the bot (bot UserIDs look like @RBT#001)'),
  MsgSeq: int('message sequence number (32-bit unsigned)'),
  MsgRandom: int('message random number (32-bit unsigned)'),
  MsgTime: int('send time, Unix seconds'),
  MsgKey: str('unique key "<MsgSeq>_<MsgRandom>_<MsgTime>", used by the REST recall'),
  MsgId: str('client-side unique message id (newer docs only)'),
  OnlineOnlyFlag: int('1 for an online-only message, else 0'),
  MsgBody: MSG_BODY,
  CloudCustomData: str('per-message custom data stored in the cloud'),
};

const BOT_C2C = 'Bot.OnC2CMessage';
const BOT_GROUP = 'Bot.OnGroupMessage';
const SIGNAL = 'Chatbot.OnC2CSignalMessage';

const text = (value: string): JsonValue => [
  { MsgType: 'TIMTextElem', MsgContent: { Text: value } },
];

const URL_BASE = 'https://example.com/im/3200490432214177468_144115198371610486';

/** Text, image, file, sound and video in one message: a user sends the bot media. */
const MEDIA_BODY: JsonValue = [
  { MsgType: 'TIMTextElem', MsgContent: { Text: 'please summarise these' } },
  {
    MsgType: 'TIMImageElem',
    MsgContent: {
      UUID: '1853095_D61040894AC3DE44CDFFFB3EC7EB720F',
      ImageFormat: 1,
      ImageInfoArray: [
        { Type: 1, Size: 1853095, Width: 2448, Height: 3264, URL: `${URL_BASE}_D610/0` },
        { Type: 2, Size: 2565240, Width: 0, Height: 0, URL: `${URL_BASE}_D610/720` },
        { Type: 3, Size: 12535, Width: 0, Height: 0, URL: `${URL_BASE}_D610/198` },
      ],
    },
  },
  {
    MsgType: 'TIMFileElem',
    MsgContent: {
      Url: `${URL_BASE}_report.pdf`,
      UUID: 'file_5b2e9c1d7a',
      FileSize: 409600,
      FileName: 'report.pdf',
      Download_Flag: 2,
    },
  },
  {
    MsgType: 'TIMSoundElem',
    MsgContent: {
      Url: `${URL_BASE}_voice.m4a`,
      UUID: 'sound_7f3a2c9e41',
      Size: 62353,
      Second: 9,
      Download_Flag: 2,
    },
  },
  {
    MsgType: 'TIMVideoFileElem',
    MsgContent: {
      VideoUrl: `${URL_BASE}_clip.mp4`,
      VideoUUID: 'video_a1b2c3d4e5',
      VideoSize: 1442232,
      VideoSecond: 12,
      VideoFormat: 'mp4',
      VideoDownloadFlag: 2,
      ThumbUrl: `${URL_BASE}_clip.jpg`,
      ThumbUUID: 'thumb_a1b2c3d4e5',
      ThumbSize: 13907,
      ThumbWidth: 720,
      ThumbHeight: 1280,
      ThumbFormat: 'JPG',
      ThumbDownloadFlag: 2,
    },
  },
];

const botC2c: CatalogEntry = {
  command: BOT_C2C,
  module: 'Bot',
  title: 'a user sent a one-to-one message to a bot',
  phase: 'after',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/68952'],
  request: requestSchema(
    BOT_C2C,
    {
      ...C2C_MESSAGE,
      SendMsgResult: int('delivery result: 0 delivered, else an error code'),
      ErrorInfo: str('"send msg succeed", or why delivery failed'),
      UnreadMsgNum: int("the bot's total unread one-to-one messages (doocs model only)"),
      EventTime: eventTime(),
    },
    ['From_Account', 'To_Account', 'MsgBody'],
  ),
  errorCodes: ACK,
  summary: '{From_Account} → bot {To_Account}: {MsgBody|text}',
  show: ['From_Account', 'To_Account', 'MsgKey', 'MsgBody|text'],
  key: ['MsgKey'],
  samples: [
    {
      variant: null,
      description: 'A text message to a bot (the documented example, CN-intl 1047/68952)',
      body: {
        CallbackCommand: BOT_C2C,
        From_Account: 'jared',
        To_Account: 'Jonh',
        MsgSeq: 48374,
        MsgRandom: 2837546,
        MsgTime: 1557481126,
        MsgKey: '48374_2837546_1557481126',
        OnlineOnlyFlag: 1,
        SendMsgResult: 0,
        ErrorInfo: 'send msg succeed',
        MsgBody: text('red packet'),
        CloudCustomData: 'your cloud custom data',
        EventTime: 1670574414123,
      },
    },
    {
      variant: 'media-elements',
      description: 'Text, an image, a file, a voice clip and a video sent to bot @RBT#001',
      body: {
        CallbackCommand: BOT_C2C,
        From_Account: 'jared',
        To_Account: '@RBT#001',
        MsgSeq: 48380,
        MsgRandom: 2837560,
        MsgTime: 1557481300,
        MsgKey: '48380_2837560_1557481300',
        OnlineOnlyFlag: 0,
        SendMsgResult: 0,
        ErrorInfo: 'send msg succeed',
        MsgBody: MEDIA_BODY,
        CloudCustomData: '',
        EventTime: 1670574414456,
      },
    },
    {
      variant: 'doocs-model',
      description:
        'The doocs SDK model (BotOnC2cMessageCallback): UnreadMsgNum added, no EventTime (catalogue §3.10)',
      body: {
        CallbackCommand: BOT_C2C,
        From_Account: 'jared',
        To_Account: '@RBT#001',
        MsgSeq: 48374,
        MsgRandom: 2837546,
        MsgTime: 1557481126,
        MsgKey: '48374_2837546_1557481126',
        OnlineOnlyFlag: 1,
        SendMsgResult: 0,
        ErrorInfo: 'send msg succeed',
        UnreadMsgNum: 3,
        MsgBody: text('red packet'),
        CloudCustomData: 'your cloud custom data',
      },
    },
  ],
};

const botGroup: CatalogEntry = {
  command: BOT_GROUP,
  module: 'Bot',
  title: 'someone @-mentioned a bot in a group (not @all)',
  phase: 'after',
  verified: true,
  docs: [
    'https://cloud.tencent.com/document/product/269/89994',
    'https://www.tencentcloud.com/document/product/1047/68953',
  ],
  request: requestSchema(
    BOT_GROUP,
    {
      GroupId: str('group ID'),
      Type: GROUP_TYPE,
      From_Account: str('sender'),
      Operator_Account: str('who made the request'),
      Random: int('message random number'),
      MsgSeq: int('message sequence number'),
      MsgTime: int('send time, Unix seconds'),
      OnlineOnlyFlag: int('1 for an online-only message, else 0 (always 0 in an AVChatRoom)'),
      MsgBody: MSG_BODY,
      AtRobots_Account: accounts('the bots mentioned (a user may @ several)'),
      AtRobotAccount: accounts('doocs spelling of AtRobots_Account (not in the docs)'),
      MsgRandom: int('doocs model only, described there as a timestamp'),
      IsPlaceMsg: str('doocs model only, described there as a topic id'),
      CloudCustomData: str('per-message custom data stored in the cloud'),
      EventTime: eventTime(),
    },
    ['GroupId', 'From_Account', 'MsgBody'],
  ),
  errorCodes: ACK,
  summary:
    '{From_Account} in {GroupId}[ @ {AtRobots_Account|list}][ @ {AtRobotAccount|list}]: {MsgBody|text}',
  show: ['GroupId', 'From_Account', 'AtRobots_Account|list', 'MsgSeq', 'MsgBody|text'],
  key: ['GroupId', 'MsgSeq'],
  samples: [
    {
      variant: null,
      description: 'A bot mentioned in a public group (the documented example, CN 269/89994)',
      body: {
        CallbackCommand: BOT_GROUP,
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        From_Account: 'jared',
        Operator_Account: 'admin',
        Random: 123456,
        MsgSeq: 123,
        MsgTime: 1490686222,
        OnlineOnlyFlag: 1,
        MsgBody: text('@@RBT#001 hello'),
        AtRobots_Account: ['@RBT#001'],
        CloudCustomData: 'your cloud custom data',
        EventTime: 1670574414123,
      },
    },
    {
      variant: 'doocs-at-robot-account',
      description:
        'The doocs SDK model (OnGroupMessageBotCallback): AtRobotAccount instead of AtRobots_Account, MsgRandom and IsPlaceMsg added, no MsgTime (catalogue §3.10, §5.2 item 4)',
      body: {
        CallbackCommand: BOT_GROUP,
        GroupId: '@TGS#2J4SZEAEL',
        Type: 'Public',
        From_Account: 'jared',
        Operator_Account: 'admin',
        Random: 123456,
        MsgSeq: 124,
        MsgRandom: 1490686230,
        IsPlaceMsg: '',
        OnlineOnlyFlag: 1,
        MsgBody: text('@@RBT#001 @@RBT#002 what is the weather'),
        AtRobotAccount: ['@RBT#001', '@RBT#002'],
        CloudCustomData: '',
        EventTime: 1670574414789,
      },
    },
  ],
};

const chatbotSignal: CatalogEntry = {
  command: SIGNAL,
  module: 'Bot',
  title: 'a custom signal payload sent to a smart chatbot (fields from one SDK model)',
  phase: 'after',
  verified: false,
  docs: [],
  request: requestSchema(SIGNAL, {
    From_Account: str('sender'),
    To_Account: str('the chatbot'),
    MsgSeq: int('message sequence number'),
    MsgRandom: int('message random number'),
    MsgKey: str('unique message key'),
    EventTime: eventTime(),
    Data: str('the data field of the custom pass-through (signal) protocol'),
  }),
  errorCodes: ACK,
  summary: '{From_Account} → chatbot {To_Account}: signal {Data}',
  show: ['From_Account', 'To_Account', 'MsgKey', 'Data'],
  key: ['MsgKey'],
  samples: [
    {
      variant: null,
      description:
        'A signal to a chatbot (built from the doocs model ChatBotOnC2cSignalMessageCallback)',
      body: {
        CallbackCommand: SIGNAL,
        From_Account: 'jared',
        To_Account: '@RBT#001',
        MsgSeq: 48390,
        MsgRandom: 2837590,
        MsgKey: '48390_2837590_1557481500',
        EventTime: 1670574415000,
        Data: '{"action":"stop_generating"}',
      },
    },
  ],
};

export const BOT_ENTRIES: readonly CatalogEntry[] = [botC2c, botGroup, chatbotSignal];
