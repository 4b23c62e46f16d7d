import { arr, int, num, obj, str } from './schema-kit.js';
import type { Schema } from './types.js';

/**
 * MsgBody, shared by every message callback: an array of `{MsgType, MsgContent}` elements
 * (tencentcloud.com/document/product/1047/33527; catalogue §4.1). At most one TIMCustomElem.
 */
const ELEMENTS: Record<string, Schema> = {
  TIMTextElem: obj({ Text: str('the text') }, ['Text']),
  TIMLocationElem: obj(
    { Desc: str('place'), Latitude: num('latitude'), Longitude: num('longitude') },
    ['Latitude', 'Longitude'],
  ),
  TIMFaceElem: obj({ Index: num('face index'), Data: str('extra data') }, ['Index']),
  TIMCustomElem: obj({
    Data: str('custom data (not pushed)'),
    Desc: str('push text'),
    Ext: str('APNs ext'),
    Sound: str('APNs sound'),
  }),
  TIMSoundElem: obj({
    Url: str('download URL'),
    UUID: str('sound id'),
    Size: num('bytes'),
    Second: num('seconds'),
    Download_Flag: num('must be 2'),
  }),
  TIMImageElem: obj(
    {
      UUID: str('image id'),
      ImageFormat: num('JPG=1, GIF=2, PNG=3, BMP=4, other=255'),
      ImageInfoArray: arr(
        obj({
          Type: num('1 original, 2 large, 3 thumbnail'),
          Size: num('bytes'),
          Width: num('pixels'),
          Height: num('pixels'),
          URL: str('download URL'),
        }),
        'the image in its sizes',
      ),
    },
    ['ImageInfoArray'],
  ),
  TIMFileElem: obj({
    Url: str('download URL'),
    UUID: str('file id'),
    FileSize: num('bytes'),
    FileName: str('file name'),
    Download_Flag: num('must be 2'),
  }),
  TIMVideoFileElem: obj({
    VideoUrl: str('video URL'),
    VideoUUID: str('video id'),
    VideoSize: num('bytes'),
    VideoSecond: num('seconds'),
    VideoFormat: str('e.g. mp4'),
    VideoDownloadFlag: num('must be 2'),
    ThumbUrl: str('thumbnail URL'),
    ThumbUUID: str('thumbnail id'),
    ThumbSize: num('bytes'),
    ThumbWidth: num('pixels'),
    ThumbHeight: num('pixels'),
    ThumbFormat: str('e.g. JPG'),
    ThumbDownloadFlag: num('must be 2'),
  }),
  TIMRelayElem: obj(
    {
      Title: str('title of the merged messages'),
      MsgNum: int('how many messages'),
      CompatibleText: str('text for old clients'),
      AbstractList: arr({ type: 'string' }, 'summary lines'),
      MsgList: arr({ type: 'object' }, 'the messages (up to 12 KB)'),
      JsonMsgKey: str('key of the messages when over 12 KB'),
    },
    ['Title', 'MsgNum'],
  ),
};

export const MSG_TYPES = Object.keys(ELEMENTS);

/** One element: MsgType one of the nine, MsgContent shaped by it. */
export const MSG_ELEMENT: Schema = {
  ...obj(
    {
      MsgType: { enum: MSG_TYPES, description: 'element type' },
      MsgContent: { type: 'object', description: 'element content, shaped by MsgType' },
    },
    ['MsgType', 'MsgContent'],
  ),
  allOf: Object.entries(ELEMENTS).map(([type, content]) => ({
    if: { properties: { MsgType: { const: type } }, required: ['MsgType'] },
    // biome-ignore lint/suspicious/noThenProperty: a JSON Schema keyword, not a thenable
    then: { properties: { MsgContent: content } },
  })),
};

export const MSG_BODY: Schema = {
  ...arr(MSG_ELEMENT, 'message elements (tencentcloud.com/document/product/1047/33527)'),
  minItems: 1,
};
