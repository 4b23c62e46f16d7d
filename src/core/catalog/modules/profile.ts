import { arr, eventTime, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry } from '../types.js';

const COMMAND = 'Profile.CallbackPortraitSet';

export const PROFILE_ENTRIES: readonly CatalogEntry[] = [
  {
    command: COMMAND,
    module: 'Profile',
    title: "a user's profile was updated (client or REST portrait_set)",
    phase: 'after',
    verified: true,
    docs: ['https://www.tencentcloud.com/document/product/1047/48733'],
    request: requestSchema(
      COMMAND,
      {
        Operator_Account: str('who made the update (an admin or the user)'),
        From_Account: str('whose profile changed'),
        EventTime: eventTime(),
        ProfileItem: arr(
          obj(
            {
              Tag: str('e.g. Tag_Profile_IM_Nick, Tag_Profile_Custom_<Name>'),
              Value: {
                type: ['string', 'integer'],
                description:
                  'the new value; its type depends on the tag (Nick a string, Level an integer)',
              },
            },
            ['Tag', 'Value'],
          ),
          'the fields that were updated',
        ),
      },
      ['From_Account', 'ProfileItem'],
    ),
    errorCodes: { 0: 'acknowledged' },
    summary: '{From_Account}: {ProfileItem|list}[ (by {Operator_Account})]',
    show: ['From_Account', 'Operator_Account', 'ProfileItem|list'],
    key: ['From_Account', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A user sets nick, gender, add-friend policy and a custom field (the documented example, tencentcloud 1047/48733)',
        body: {
          CallbackCommand: COMMAND,
          Operator_Account: 'id1',
          From_Account: 'id1',
          EventTime: 1656921052497,
          ProfileItem: [
            { Tag: 'Tag_Profile_IM_Nick', Value: 'nick1' },
            { Tag: 'Tag_Profile_IM_Gender', Value: 'Gender_Type_Male' },
            { Tag: 'Tag_Profile_IM_AllowType', Value: 'AllowType_Type_NeedConfirm' },
            { Tag: 'Tag_Profile_Custom_Data', Value: 'your custom data' },
          ],
        },
      },
      {
        variant: 'admin-integer-value',
        description:
          "An admin sets another user's level through REST portrait_set: an integer Value (the field table says Level/Role values are integers, tencentcloud 1047/48733)",
        body: {
          CallbackCommand: COMMAND,
          Operator_Account: 'administrator',
          From_Account: 'id2',
          EventTime: 1656921088123,
          ProfileItem: [{ Tag: 'Tag_Profile_IM_Level', Value: 3 }],
        },
      },
    ],
  },
];
