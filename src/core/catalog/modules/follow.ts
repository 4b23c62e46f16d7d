import { arr, eventTime, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry } from '../types.js';

export const FOLLOW_ENTRIES: readonly CatalogEntry[] = [
  {
    command: 'Follow.CallbackAfterFollowAdd',
    module: 'Follow',
    title: 'a user followed others (client or REST)',
    phase: 'after',
    verified: true,
    docs: [
      'https://cloud.tencent.com/document/product/269/118915',
      'https://www.tencentcloud.com/document/product/1047/70355',
      'https://trtc.io/document/70355',
    ],
    request: requestSchema(
      'Follow.CallbackAfterFollowAdd',
      {
        From_Account: str('the follower'),
        FollowList: arr(
          obj({ To_Account: str('a user now followed') }, ['To_Account']),
          'the users followed',
        ),
        EventTime: eventTime(),
      },
      ['From_Account', 'FollowList'],
    ),
    errorCodes: { 0: 'acknowledged', 1: 'the backend failed to handle it (any non-zero code)' },
    summary: '{From_Account} follows {FollowList|list}',
    show: ['From_Account', 'FollowList|list'],
    key: ['From_Account', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A user follows two others (the documented example, CN 269/118915 and tencentcloud 1047/70355)',
        body: {
          CallbackCommand: 'Follow.CallbackAfterFollowAdd',
          From_Account: 'UserID_001',
          FollowList: [{ To_Account: 'UserID_002' }, { To_Account: 'UserID_003' }],
          EventTime: 1702018343678,
        },
      },
    ],
  },
  {
    command: 'Follow.CallbackAfterFollowDelete',
    module: 'Follow',
    title: 'a user unfollowed others',
    phase: 'after',
    verified: true,
    docs: ['https://www.tencentcloud.com/document/product/1047/70356'],
    request: requestSchema(
      'Follow.CallbackAfterFollowDelete',
      {
        From_Account: str('who unfollowed'),
        To_Account: arr(
          {
            anyOf: [{ type: 'string' }, { type: 'object' }],
            description:
              'a UserID (the example); the table calls them user objects, so an object is tolerated',
          },
          'the users no longer followed',
        ),
        EventTime: eventTime(),
      },
      ['From_Account', 'To_Account'],
    ),
    errorCodes: { 0: 'acknowledged' },
    summary: '{From_Account} unfollows {To_Account|list}',
    show: ['From_Account', 'To_Account|list'],
    key: ['From_Account', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A user unfollows two others; To_Account is an array of UserIDs, unlike FollowList in the add callback (the documented example, tencentcloud 1047/70356)',
        body: {
          CallbackCommand: 'Follow.CallbackAfterFollowDelete',
          From_Account: 'UserID_001',
          To_Account: ['UserID_002', 'UserID_003'],
          EventTime: 1702018343678,
        },
      },
    ],
  },
];
