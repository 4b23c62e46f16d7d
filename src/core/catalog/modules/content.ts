import { arr, int, obj, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry } from '../types.js';

const COMMAND = 'ContentCallback.ResultNotify';

/** ContentCallback.ResultNotify (catalogue §3.9): fields from the doocs SDK model only. */
export const CONTENT_ENTRIES: readonly CatalogEntry[] = [
  {
    command: COMMAND,
    module: 'Content',
    title: 'a cloud content-moderation verdict (fields from one SDK model; no doc page retrieved)',
    phase: 'after',
    verified: false,
    docs: ['https://cloud.tencent.com/document/product/269/1523'],
    request: requestSchema(COMMAND, {
      Scene: str(
        'what was moderated: C2C, C2CCustom, Group, GroupCustom, GroupInfo, GroupMemberInfo, RelationChain, UserInfo',
      ),
      From_Account: str('submitter'),
      ContactItem: obj(
        {
          Type: int('recipient type (values not documented)'),
          ToGroupId: str('recipient group, for a group message'),
          To_Account: str('recipient user, for a one-to-one message'),
        },
        [],
        'the recipient of a moderated message',
      ),
      ContentType: str('Text, Image, Audio or Video'),
      TextContent: arr({ type: 'string' }, 'the text(s), when ContentType is Text'),
      FileURL: str('the media URL, when ContentType is not Text'),
      MsgID: str('C2C: the MsgKey; group: the MsgSeq; empty when blocked and not delivered'),
      CtxcbResult: int('1 intercepted, 0 passed'),
      CtxcbRequestId: str('moderation request id'),
      CtxcbKeywords: arr({ type: 'string' }, 'the words that hit'),
      CtxcbSuggestion: str('Block, Review or Normal'),
      CtxcbLabel: str('Normal, Illegal, Abuse, Polity, Ad, Porn, Sexy, Terror or Composite'),
      CloudCustomData: str('the message custom data, echoed for message moderation'),
    }),
    errorCodes: { 0: 'acknowledged; the answer is not used' },
    summary:
      '{Scene} {ContentType} from {From_Account}: {CtxcbSuggestion} {CtxcbLabel}[ ({CtxcbKeywords|list})]',
    show: [
      'Scene',
      'From_Account',
      'ContentType',
      'CtxcbSuggestion',
      'CtxcbLabel',
      'CtxcbKeywords|list',
      'MsgID',
    ],
    key: ['CtxcbRequestId'],
    samples: [
      {
        variant: null,
        description:
          'A one-to-one text message blocked by moderation (built from the doocs model; the doocs model has no CallbackCommand, the tool sends it in the query and in the body as for every command)',
        body: {
          CallbackCommand: COMMAND,
          Scene: 'C2C',
          From_Account: 'jared',
          ContactItem: { Type: 1, ToGroupId: '', To_Account: 'John' },
          ContentType: 'Text',
          TextContent: ['buy cheap followers here'],
          FileURL: '',
          MsgID: '',
          CtxcbResult: 1,
          CtxcbRequestId: '2b7c5e1a-3f0d-4c8e-9a41-6d2f8e0b7c13',
          CtxcbKeywords: ['cheap followers'],
          CtxcbSuggestion: 'Block',
          CtxcbLabel: 'Ad',
          CloudCustomData: 'your cloud custom data',
        },
      },
      {
        variant: 'group-image',
        description:
          'A group image sent for review (ContentType Image: FileURL instead of TextContent; MsgID is the MsgSeq)',
        body: {
          CallbackCommand: COMMAND,
          Scene: 'Group',
          From_Account: 'jared',
          ContactItem: { Type: 2, ToGroupId: '@TGS#2J4SZEAEL', To_Account: '' },
          ContentType: 'Image',
          FileURL: 'https://example.com/im/1853095_D61040894AC3DE44CDFFFB3EC7EB720F.jpg',
          MsgID: '123',
          CtxcbResult: 0,
          CtxcbRequestId: '8e1f4a2b-6c3d-4b7e-a5f9-0c2d1e3f4a5b',
          CtxcbSuggestion: 'Review',
          CtxcbLabel: 'Sexy',
          CloudCustomData: '',
        },
      },
    ],
  },
];
