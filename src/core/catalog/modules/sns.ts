import { arr, eventTime, obj, oneOf, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonBody, Schema } from '../types.js';

/** Friend requests' answer: one verdict per target (tencentcloud 1047/43468, 43467). */
const RESULT_ITEM: Schema = arr(
  obj(
    {
      To_Account: str('the target this verdict is for'),
      ResultCode: {
        type: 'integer',
        description: '0 (allow) or a code in [38000, 39000] (deny)',
        anyOf: [{ const: 0 }, { minimum: 38000, maximum: 39000 }],
      },
      ResultInfo: str('the reason, passed on with a denial'),
    },
    ['To_Account', 'ResultCode'],
  ),
  'per-target verdicts (required in the answer by the docs)',
);

const BEFORE_ERROR_CODES = {
  0: 'processed: each target is allowed or denied by its ResultItem (ResultCode 0 allows)',
  1: 'failed: Tencent treats the callback as failed, which it ignores by default',
};

const PAIR = (withInitiator: boolean): Schema =>
  obj(
    {
      From_Account: str('whose list changed'),
      To_Account: str('who was added to or removed from it'),
      ...(withInitiator ? { Initiator_Account: str('who started the add') } : {}),
    },
    ['From_Account', 'To_Account'],
  );

/** The first three targets and how many pairs in all: `id1, id2, id3 (3 pairs)`. */
const PAIR_TARGETS =
  '{PairList.0.To_Account}[, {PairList.1.To_Account}][, {PairList.2.To_Account}] ({PairList|count} pairs)';

const FORCE = oneOf([0, 1], '1 forced by an admin, 0 normal');

/** The after-callbacks on a list: `{CallbackCommand, PairList:[{From_Account, To_Account}]}`. */
function pairListEntry(
  command: string,
  title: string,
  docId: string,
  verb: string,
  sampleNote: string,
): CatalogEntry {
  const body: JsonBody = {
    CallbackCommand: command,
    PairList: ['id1', 'id2', 'id3'].map((to) => ({ From_Account: 'id', To_Account: to })),
  };
  return {
    command,
    module: 'Sns',
    title,
    phase: 'after',
    verified: true,
    docs: [`https://www.tencentcloud.com/document/product/1047/${docId}`],
    request: requestSchema(
      command,
      { PairList: arr(PAIR(false), 'the pairs, From_Account first') },
      ['PairList'],
    ),
    errorCodes: { 0: 'acknowledged', 1: 'the backend failed to handle it (ignored)' },
    summary: `{PairList.0.From_Account} ${verb} ${PAIR_TARGETS}`,
    show: ['PairList.0.From_Account', 'PairList|count'],
    key: ['PairList'],
    samples: [{ variant: null, description: sampleNote, body }],
  };
}

const PREV_FRIEND_ADD: CatalogEntry = {
  command: 'Sns.CallbackPrevFriendAdd',
  module: 'Sns',
  title: 'a friend request, before it is processed',
  phase: 'before',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/43468'],
  request: requestSchema(
    'Sns.CallbackPrevFriendAdd',
    {
      Requester_Account: str('who issued the request (may be an admin)'),
      From_Account: str('the user who adds friends'),
      FriendItem: arr(
        obj(
          {
            To_Account: str('the user to add'),
            Remark: str('the remark From_Account gives To_Account'),
            GroupName: str('the friend group'),
            AddSource: str('where the request came from, e.g. AddSource_Type_Android'),
            AddWording: str('the request message'),
          },
          ['To_Account'],
        ),
        'one per user to add',
      ),
      AddType: oneOf(['Add_Type_Single', 'Add_Type_Both'], 'one-way or both ways (default)'),
      ForceAddFlags: FORCE,
      EventTime: eventTime(),
    },
    ['From_Account', 'FriendItem'],
  ),
  answerFields: { ResultItem: RESULT_ITEM },
  errorCodes: BEFORE_ERROR_CODES,
  customRange: [38000, 39000],
  summary: '{From_Account} adds {FriendItem|list}[ ({AddType})]',
  show: ['From_Account', 'Requester_Account', 'FriendItem|list', 'AddType', 'ForceAddFlags'],
  key: ['From_Account', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'A user asks to add two friends (the documented example, tencentcloud 1047/43468)',
      body: {
        CallbackCommand: 'Sns.CallbackPrevFriendAdd',
        Requester_Account: 'id',
        From_Account: 'id',
        FriendItem: [1, 2].map((n) => ({
          To_Account: `id${n}`,
          Remark: `remark${n}`,
          GroupName: 'group1',
          AddSource: 'AddSource_Type_Android',
          AddWording: `this is id${n}!`,
        })),
        AddType: 'Add_Type_Both',
        ForceAddFlags: 0,
        EventTime: 1631777344870,
      },
    },
    {
      variant: 'admin-force-single',
      description:
        'An admin force-adds one friend one way: Add_Type_Single, ForceAddFlags 1, only To_Account in the item (the other item fields are optional; tencentcloud 1047/43468)',
      body: {
        CallbackCommand: 'Sns.CallbackPrevFriendAdd',
        Requester_Account: 'administrator',
        From_Account: 'id',
        FriendItem: [{ To_Account: 'id3' }],
        AddType: 'Add_Type_Single',
        ForceAddFlags: 1,
        EventTime: 1631777350211,
      },
    },
  ],
};

const PREV_FRIEND_RESPONSE: CatalogEntry = {
  command: 'Sns.CallbackPrevFriendResponse',
  module: 'Sns',
  title: 'an answer to friend requests, before it is processed',
  phase: 'before',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/43467'],
  request: requestSchema(
    'Sns.CallbackPrevFriendResponse',
    {
      Requester_Account: str('who issued the response request'),
      From_Account: str('the user who answers'),
      ResponseFriendItem: arr(
        obj(
          {
            To_Account: str('who sent the friend request'),
            Remark: str('remark for To_Account'),
            TagName: str('the friend group (TagName here, GroupName in PrevFriendAdd)'),
            ResponseAction: oneOf(
              ['Response_Action_AgreeAndAdd', 'Response_Action_Agree', 'Response_Action_Reject'],
              'agree and add back, agree, or reject',
            ),
          },
          ['To_Account', 'ResponseAction'],
        ),
        'one per request answered',
      ),
      EventTime: eventTime(),
    },
    ['From_Account', 'ResponseFriendItem'],
  ),
  answerFields: { ResultItem: RESULT_ITEM },
  errorCodes: BEFORE_ERROR_CODES,
  customRange: [38000, 39000],
  summary: '{From_Account} answers {ResponseFriendItem|list}',
  show: ['From_Account', 'Requester_Account', 'ResponseFriendItem|list'],
  key: ['From_Account', 'EventTime'],
  samples: [
    {
      variant: null,
      description:
        'A user accepts one request and rejects another (the documented example, tencentcloud 1047/43467)',
      body: {
        CallbackCommand: 'Sns.CallbackPrevFriendResponse',
        Requester_Account: 'id',
        From_Account: 'id',
        ResponseFriendItem: [
          {
            To_Account: 'id1',
            Remark: 'remark1',
            TagName: 'group1',
            ResponseAction: 'Response_Action_AgreeAndAdd',
          },
          {
            To_Account: 'id2',
            Remark: 'remark2',
            TagName: 'group2',
            ResponseAction: 'Response_Action_Reject',
          },
        ],
        EventTime: 1631777645424,
      },
    },
    {
      variant: 'agree',
      description:
        'Agree without adding back (Response_Action_Agree, the third documented action; tencentcloud 1047/43467)',
      body: {
        CallbackCommand: 'Sns.CallbackPrevFriendResponse',
        Requester_Account: 'id',
        From_Account: 'id',
        ResponseFriendItem: [{ To_Account: 'id3', ResponseAction: 'Response_Action_Agree' }],
        EventTime: 1631777650870,
      },
    },
  ],
};

/** `Sns.CallbackFriendAdd` with the given pairs' initiator, ClientCmd and force flag. */
function friendAdd(clientCmd: string, initiator: string, admin: string, force: number): JsonBody {
  return {
    CallbackCommand: 'Sns.CallbackFriendAdd',
    PairList: ['id1', 'id2', 'id3'].map((to) => ({
      From_Account: 'id',
      To_Account: to,
      Initiator_Account: initiator === 'peer' ? to : initiator,
    })),
    ClientCmd: clientCmd,
    Admin_Account: admin,
    ForceFlag: force,
  };
}

const FRIEND_ADD: CatalogEntry = {
  command: 'Sns.CallbackFriendAdd',
  module: 'Sns',
  title: 'friends were added (not by import_friend)',
  phase: 'after',
  verified: true,
  docs: ['https://www.tencentcloud.com/document/product/1047/34359'],
  request: requestSchema(
    'Sns.CallbackFriendAdd',
    {
      PairList: arr(PAIR(true), 'the pairs added: From_Account now has To_Account'),
      ClientCmd: oneOf(
        ['friend_add', 'FriendAdd', 'friend_response', 'FriendResponse'],
        'a friend request or an answer to one (both spellings documented)',
      ),
      Admin_Account: str('the admin when REST made the change, else ""'),
      ForceFlag: FORCE,
    },
    ['PairList'],
  ),
  errorCodes: { 0: 'acknowledged', 1: 'the backend failed to handle it (ignored)' },
  summary: `{PairList.0.From_Account} befriends ${PAIR_TARGETS}[ by {ClientCmd}]`,
  show: [
    'ClientCmd',
    'Admin_Account',
    'ForceFlag',
    'PairList.0.Initiator_Account',
    'PairList|count',
  ],
  key: ['PairList', 'ClientCmd'],
  samples: [
    {
      variant: null,
      description:
        'Three friends added by a request (the documented example, tencentcloud 1047/34359)',
      body: friendAdd('friend_add', 'id', '', 1),
    },
    {
      variant: 'friend-response',
      description:
        'Friends added by answering their requests: ClientCmd friend_response, the peers initiated (tencentcloud 1047/34359)',
      body: friendAdd('friend_response', 'peer', '', 0),
    },
    {
      variant: 'camel-case-cmd',
      description:
        'ClientCmd in its other documented spelling, FriendAdd, made through REST by an admin (tencentcloud 1047/34359)',
      body: friendAdd('FriendAdd', 'id', 'administrator', 1),
    },
  ],
};

export const SNS_ENTRIES: readonly CatalogEntry[] = [
  PREV_FRIEND_ADD,
  PREV_FRIEND_RESPONSE,
  FRIEND_ADD,
  pairListEntry(
    'Sns.CallbackFriendDelete',
    'friends were deleted',
    '34360',
    'unfriends',
    'id deletes three friends; shaped like the BlackListAdd example (tencentcloud 1047/34361) with the command changed, as this page was not retrieved (tencentcloud 1047/34360)',
  ),
  pairListEntry(
    'Sns.CallbackBlackListAdd',
    'users were added to a blocklist',
    '34361',
    'blocks',
    'id blocks three users (the documented example, tencentcloud 1047/34361)',
  ),
  pairListEntry(
    'Sns.CallbackBlackListDelete',
    'users were removed from a blocklist',
    '34362',
    'unblocks',
    'id unblocks three users; shaped like the BlackListAdd example (tencentcloud 1047/34361) with the command changed, as this page was not retrieved (tencentcloud 1047/34362)',
  ),
];
