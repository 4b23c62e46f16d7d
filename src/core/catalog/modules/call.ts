import { arr, eventTime, int, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, Schema } from '../types.js';

/**
 * TUICallKit callbacks (catalogue §3.13), configured through the REST callback-config API rather
 * than the IM console. Only the start-call body is documented; the end-call and member-changed
 * bodies were not retrieved, so those two ship unverified with the start-call fields, all optional.
 */

const ACK = { 0: 'acknowledged; Tencent ignores the answer' } as const;
const START = 'Call.CallbackAfterStartCall';
const END = 'Call.CallbackAfterEndCall';
const MEMBER = 'Call.CallbackAfterMemberChanged';

const DOCS = [
  'https://www.tencentcloud.com/document/product/647/68934',
  'https://cloud.tencent.com/document/product/269/129102',
];

const CALL_INFO: Schema = obj(
  {
    CallId: str('call ID'),
    CallMediaType: str('Audio or Video (the name in the example)'),
    MediaType: str('Audio or Video (the name in the field table)'),
    ChatGroupId: str('the IM group of a group call, else empty'),
    RoomId: str('room ID (empty in the example)'),
    RoomIdType: int('room ID type'),
  },
  [],
  'the call',
);

/** UserIDs are strings in IM; the example prints them as bare 18-digit numbers, so both pass. */
const USER_LIST: Schema = arr(
  obj(
    {
      User_Account: {
        type: ['string', 'integer'],
        description: 'UserID (the docs example prints it as a bare number)',
      },
      Status: str('member status, e.g. Calling, Waiting'),
    },
    ['User_Account'],
  ),
  'the call members',
);

const CALL_FIELDS = { CallInfo: CALL_INFO, UserList: USER_LIST, EventTime: eventTime() };

const SUMMARY_TAIL = '[ ({CallInfo.CallMediaType})][ ({CallInfo.MediaType})]: {UserList|list}';
const SHOW = ['CallInfo.CallId', 'CallInfo.CallMediaType', 'CallInfo.MediaType', 'UserList|list'];
const KEY = ['CallInfo.CallId', 'EventTime'];

const callInfo = (id: string) => ({
  CallId: id,
  CallMediaType: 'Audio',
  ChatGroupId: '',
  RoomId: '',
  RoomIdType: 1,
});

const startCall: CatalogEntry = {
  command: START,
  module: 'Call',
  title: 'a call started',
  phase: 'after',
  verified: true,
  docs: DOCS,
  request: requestSchema(
    START,
    { ...CALL_FIELDS, CallInfo: { ...CALL_INFO, required: ['CallId'] } },
    ['CallInfo'],
  ),
  errorCodes: ACK,
  summary: `call {CallInfo.CallId} started${SUMMARY_TAIL}`,
  show: SHOW,
  key: KEY,
  samples: [
    {
      variant: null,
      description:
        'An audio call between two users (the documented example, with User_Account quoted: the page prints bare 18-digit numbers, which JavaScript cannot hold exactly)',
      body: {
        CallbackCommand: START,
        CallInfo: callInfo('055662e1-bc8a-469c-a334-1126c8c17d58'),
        UserList: [
          { User_Account: '144115212830834855', Status: 'Calling' },
          { User_Account: '144115212948889925', Status: 'Waiting' },
        ],
        EventTime: 1740464128807,
      },
    },
    {
      variant: 'numeric-user-account',
      description:
        'User_Account as a bare JSON number, as the docs example prints it (its 18-digit values exceed 2^53; safe numbers here so the bytes sent are the ones shown)',
      body: {
        CallbackCommand: START,
        CallInfo: callInfo('055662e1-bc8a-469c-a334-1126c8c17d58'),
        UserList: [
          { User_Account: 100001, Status: 'Calling' },
          { User_Account: 100002, Status: 'Waiting' },
        ],
        EventTime: 1740464128807,
      },
    },
    {
      variant: 'media-type-key',
      description:
        'CallInfo.MediaType instead of CallMediaType: the field table names it MediaType, the example CallMediaType',
      body: {
        CallbackCommand: START,
        CallInfo: {
          CallId: '8b0e3f52-7d4a-4c19-b6e2-5a9f1c3d7e80',
          MediaType: 'Video',
          ChatGroupId: '',
          RoomId: '',
          RoomIdType: 1,
        },
        UserList: [
          { User_Account: 'jared', Status: 'Calling' },
          { User_Account: 'John', Status: 'Waiting' },
        ],
        EventTime: 1740464200112,
      },
    },
  ],
};

const UNDOCUMENTED =
  'the body is not documented: built from the start-call fields (CallInfo, UserList, EventTime)';

const endCall: CatalogEntry = {
  command: END,
  module: 'Call',
  title: 'a call ended (body not documented)',
  phase: 'after',
  verified: false,
  docs: DOCS,
  request: requestSchema(END, CALL_FIELDS),
  errorCodes: ACK,
  summary: `call {CallInfo.CallId} ended${SUMMARY_TAIL}`,
  show: SHOW,
  key: KEY,
  samples: [
    {
      variant: null,
      description: `The audio call of the start-call example, ended (${UNDOCUMENTED})`,
      body: {
        CallbackCommand: END,
        CallInfo: callInfo('055662e1-bc8a-469c-a334-1126c8c17d58'),
        UserList: [{ User_Account: '144115212830834855' }, { User_Account: '144115212948889925' }],
        EventTime: 1740464188807,
      },
    },
  ],
};

const memberChanged: CatalogEntry = {
  command: MEMBER,
  module: 'Call',
  title: 'the status of a call member changed (body not documented)',
  phase: 'after',
  verified: false,
  docs: DOCS,
  request: requestSchema(MEMBER, CALL_FIELDS),
  errorCodes: ACK,
  summary: `call {CallInfo.CallId} members changed${SUMMARY_TAIL}`,
  show: SHOW,
  key: KEY,
  samples: [
    {
      variant: null,
      description: `A member of the start-call example's call changing status (${UNDOCUMENTED})`,
      body: {
        CallbackCommand: MEMBER,
        CallInfo: callInfo('055662e1-bc8a-469c-a334-1126c8c17d58'),
        UserList: [
          { User_Account: '144115212830834855', Status: 'Calling' },
          { User_Account: '144115212948889925', Status: 'Calling' },
        ],
        EventTime: 1740464131207,
      },
    },
  ],
};

export const CALL_ENTRIES: readonly CatalogEntry[] = [startCall, endCall, memberChanged];
