import { arr, GROUP_TYPE, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonBody } from '../types.js';

/**
 * Community topics (catalogue §3.8): four commands whose CallbackCommand starts with `Group.`.
 * None of them carries EventTime in any doc version; topic IDs look like
 * `@TGS#_<GroupId>@TOPIC#_<name>`.
 */

const intl = (id: number): string => `https://www.tencentcloud.com/document/product/1047/${id}`;

const AFTER_CODES = { 0: 'acknowledged; Tencent ignores the answer' } as const;
const GROUP_ID = str('ID of the Community group');
const TYPE = { ...GROUP_TYPE, description: 'group type: always Community for topics' };

const BEFORE_CREATE: JsonBody = {
  CallbackCommand: 'Group.CallbackBeforeCreateTopic',
  Operator_Account: 'leckie',
  Type: 'Community',
  Name: 'MyFirstTopic',
};

const AFTER_CREATE: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterCreateTopic',
  GroupId: '@TGS#2J4SZEAEL',
  TopicId: '@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_@TOPIC#cRTE3HIM62C5',
  Operator_Account: 'group_root',
  Owner_Account: 'leckie',
  Type: 'Community',
  Name: 'MyFirstTopic',
  UserDefinedDataList: [
    { Key: 'UserDefined1', Value: 'hello' },
    { Key: 'UserDefined2', Value: 'world' },
  ],
};
const { UserDefinedDataList: _userDefined, ...AFTER_CREATE_PLAIN } = AFTER_CREATE;

const DESTROYED: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterTopicDestroyed',
  GroupId: '@TGS#_@TGS#cQVLVHIM62CJ',
  Type: 'Community',
  TopicIdList: [
    '@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic',
    '@TGS#_@TGS#cQVLVHIM62CJ@TOPIC#_TestTopic_1',
  ],
};

const INFO_CHANGED: JsonBody = {
  CallbackCommand: 'Group.CallbackAfterTopicInfoChanged',
  GroupId: '@TGS#2J4SZEAEL',
  Type: 'Community',
  Operator_Account: 'leckie',
  Name: 'TestTopic',
  Introduction: 'TestIntroduction',
  Notification: 'NewNotification',
  FaceUrl: 'http://this.is.face.url',
};

export const TOPIC_ENTRIES: readonly CatalogEntry[] = [
  {
    command: 'Group.CallbackBeforeCreateTopic',
    module: 'Topic',
    title: 'a Community topic, before it is created',
    phase: 'before',
    verified: true,
    docs: ['https://cloud.tencent.com/document/product/269/78206', intl(49463)],
    request: requestSchema(
      'Group.CallbackBeforeCreateTopic',
      {
        Operator_Account: str('who asked to create the topic'),
        Type: TYPE,
        Name: str('topic name'),
      },
      ['Operator_Account', 'Name'],
    ),
    errorCodes: {
      0: 'allow: the topic is created',
      1: 'deny: the topic is not created and the caller gets error 10016',
    },
    customRange: [10100, 10200],
    // No GroupId in any doc version: the parent Community cannot be told from the body.
    summary: '{Operator_Account} creates topic "{Name}"',
    show: ['Operator_Account', 'Type', 'Name'],
    key: ['Operator_Account', 'Name'],
    samples: [
      {
        variant: null,
        description:
          'The documented example (1047/49463, CN 269/78206): no GroupId and no EventTime in any version',
        body: BEFORE_CREATE,
      },
    ],
  },
  {
    command: 'Group.CallbackAfterCreateTopic',
    module: 'Topic',
    title: 'a Community topic was created',
    phase: 'after',
    verified: true,
    docs: [intl(49464)],
    request: requestSchema(
      'Group.CallbackAfterCreateTopic',
      {
        GroupId: GROUP_ID,
        TopicId: str('the new topic'),
        Operator_Account: str('who created it'),
        Owner_Account: str('owner'),
        Type: TYPE,
        Name: str('topic name'),
        UserDefinedDataList: arr(
          obj(
            {
              Key: str('field name'),
              Value: { description: 'field value (a string in the docs)' },
            },
            ['Key'],
          ),
          'custom fields given at creation (only when enabled in the console)',
        ),
      },
      ['GroupId', 'TopicId'],
    ),
    errorCodes: AFTER_CODES,
    summary: 'topic {TopicId} "{Name}" created in {GroupId} by {Operator_Account}',
    show: ['GroupId', 'TopicId', 'Name', 'Operator_Account', 'Owner_Account'],
    key: ['TopicId'],
    samples: [
      {
        variant: null,
        description:
          'A topic with two custom fields (the documented example, 1047/49464; its GroupId is not Community-style, as printed)',
        body: AFTER_CREATE,
      },
      {
        variant: 'no-user-defined-data',
        description: 'Without UserDefinedDataList, which is sent only when enabled (1047/49464)',
        body: AFTER_CREATE_PLAIN,
      },
    ],
  },
  {
    command: 'Group.CallbackAfterTopicDestroyed',
    module: 'Topic',
    title: 'Community topics were deleted',
    phase: 'after',
    verified: true,
    docs: [intl(49465)],
    request: requestSchema(
      'Group.CallbackAfterTopicDestroyed',
      {
        GroupId: GROUP_ID,
        Type: TYPE,
        TopicIdList: arr(
          { type: 'string' },
          'the deleted topics (an array of IDs, as the example shows; the field table says String)',
        ),
      },
      ['GroupId', 'TopicIdList'],
    ),
    errorCodes: AFTER_CODES,
    summary: '{TopicIdList|count} topics deleted in {GroupId}: {TopicIdList|list}',
    show: ['GroupId', 'TopicIdList|list'],
    key: ['GroupId', 'TopicIdList'],
    samples: [
      {
        variant: null,
        description: 'Two topics deleted (the documented example, 1047/49465)',
        body: DESTROYED,
      },
    ],
  },
  {
    command: 'Group.CallbackAfterTopicInfoChanged',
    module: 'Topic',
    title: "a Community topic's name, introduction, notice or face URL changed",
    phase: 'after',
    verified: true,
    docs: [intl(49466)],
    request: requestSchema(
      'Group.CallbackAfterTopicInfoChanged',
      {
        GroupId: GROUP_ID,
        Type: TYPE,
        Operator_Account: str('who changed it'),
        TopicId: str('the changed topic: in no doc version (a documentation gap), unverified'),
        Name: str('the new topic name'),
        Introduction: str('the new introduction'),
        Notification: str('the new notice'),
        FaceUrl: str('the new face URL'),
      },
      ['GroupId', 'Operator_Account'],
    ),
    errorCodes: AFTER_CODES,
    summary:
      '{GroupId}[ topic {TopicId}] by {Operator_Account}[, name "{Name}"][, introduction "{Introduction}"][, notice "{Notification}"][, face {FaceUrl}]',
    show: [
      'GroupId',
      'TopicId',
      'Operator_Account',
      'Name',
      'Introduction',
      'Notification',
      'FaceUrl',
    ],
    key: ['GroupId', 'Name', 'Introduction', 'Notification', 'FaceUrl'],
    samples: [
      {
        variant: null,
        description:
          'Every topic field changed (the documented example, 1047/49466): no TopicId is documented, so the schema only tolerates one',
        body: INFO_CHANGED,
      },
    ],
  },
];
