import { MSG_BODY } from '../msg-body.js';
import { int, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, Schema } from '../types.js';

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
];
