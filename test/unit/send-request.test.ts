import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createBodyWriter,
  createRequestFactory,
  eventVariation,
  requestTimeAt,
} from '../../src/core/send-request.js';
import { KNOWN_SIGN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';

const body = {
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  GroupId: '@TGS#1',
  Type: 'Public',
  Owner_Account: 'leckie',
  MemberList: [{ Member_Account: 'leckie' }],
  EventTime: 0,
};
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('createRequestFactory', () => {
  it('signs each request with RequestTime from its own clock, re-signing when the second changes', () => {
    const prepare = createRequestFactory({
      target: 'http://127.0.0.1:1/cb?own=1',
      body,
      stampEventTime: true,
      uniqueGroupIds: true,
      token: KNOWN_TOKEN,
      sdkAppId: '1400000000',
    });
    const a = prepare(0, KNOWN_TIME * 1000);
    const b = prepare(1, KNOWN_TIME * 1000 + 999);
    const c = prepare(2, (KNOWN_TIME + 1) * 1000);
    expect(a.url).toBe(
      `http://127.0.0.1:1/cb?own=1&SdkAppid=1400000000&CallbackCommand=Group.CallbackAfterGroupDestroyed&contenttype=json&ClientIP=127.0.0.1&OptPlatform=RESTAPI&Sign=${KNOWN_SIGN}&RequestTime=${KNOWN_TIME}`,
    );
    expect(b.url).toBe(a.url);
    expect(new URL(c.url).searchParams.get('RequestTime')).toBe(String(KNOWN_TIME + 1));
    expect(new URL(c.url).searchParams.get('Sign')).toBe(sha256(`${KNOWN_TOKEN}${KNOWN_TIME + 1}`));
    expect(JSON.parse(a.body)).toMatchObject({ GroupId: '@TGS#1-1', EventTime: KNOWN_TIME * 1000 });
    expect(JSON.parse(c.body)).toMatchObject({
      GroupId: '@TGS#1-3',
      EventTime: (KNOWN_TIME + 1) * 1000,
    });
  });

  it('keeps the key order and a carried EventTime; one-shot keeps the GroupId', () => {
    const prepare = createRequestFactory({
      target: 'http://127.0.0.1:1/',
      body: { ...body, EventTime: 42 },
      stampEventTime: false,
      uniqueGroupIds: false,
    });
    const request = prepare(0, 5_000);
    expect(request.body).toBe(JSON.stringify({ ...body, EventTime: 42 }));
    expect(new URL(request.url).searchParams.has('Sign')).toBe(false);
    expect(new URL(request.url).searchParams.has('RequestTime')).toBe(false);
  });

  it('uses --request-time, or now + --skew', () => {
    expect(requestTimeAt({ requestTime: 7 }, 1_000_000)).toBe(7);
    expect(requestTimeAt({ skewSeconds: -300 }, 1_000_999)).toBe(700);
    expect(requestTimeAt({}, 1_000_999)).toBe(1000);
  });
});

describe('createBodyWriter', () => {
  const bodies = [
    body,
    // Integer-like keys come first in JSON.stringify's order; text needs escaping; nesting.
    {
      EventTime: 1,
      '10': 'ten',
      '2': 'two',
      Name: 'say "hi"\n\u2028 🙂',
      GroupId: 'g\\1',
      Nested: { GroupId: 'inner', EventTime: 'inner' },
      List: [1, null, true, { a: [] }],
    },
    { GroupId: 'only' },
    {},
  ];

  it('writes exactly what JSON.stringify writes, with the varying values replaced', () => {
    for (const sample of bodies) {
      const write = createBodyWriter(sample, {
        GroupId: (index) => JSON.stringify(`id-${index}`),
        EventTime: (_index, nowMs) => String(nowMs),
      });
      for (const [index, nowMs] of [
        [0, 5],
        [41, 1669872112_000],
      ] as const) {
        // Assigning keeps a key where it is and puts a new one last: the writer does the same.
        const expected: Record<string, unknown> = { ...sample };
        expected.GroupId = `id-${index}`;
        expected.EventTime = nowMs;
        expect(write(index, nowMs)).toBe(JSON.stringify(expected));
      }
    }
  });

  it('writes the body unchanged when nothing varies', () => {
    for (const sample of bodies) {
      expect(createBodyWriter(sample, {})(3, 4)).toBe(JSON.stringify(sample));
    }
  });
});

describe('eventVariation: one field of the event key varied per load-mode request', () => {
  const message = {
    CallbackCommand: 'C2C.CallbackAfterSendMsg',
    From_Account: 'jared',
    MsgKey: '1_2_3',
    MsgSeq: 48374,
    EventTime: 5,
    Info: { To_Account: 'bob' },
    PairList: [{ From_Account: 'a', To_Account: 'b' }],
  };

  it('picks the first key field that is not EventTime, a string or an integer, nested or in a list', () => {
    expect(eventVariation(message, ['MsgKey'])).toEqual({ path: ['MsgKey'], base: '1_2_3' });
    expect(eventVariation(message, ['EventTime', 'MsgSeq'])).toEqual({
      path: ['MsgSeq'],
      base: 48374,
    });
    expect(eventVariation(message, ['Info.To_Account', 'EventTime'])).toEqual({
      path: ['Info', 'To_Account'],
      base: 'bob',
    });
    expect(eventVariation(message, ['PairList'])).toEqual({
      path: ['PairList', 0, 'From_Account'],
      base: 'a',
    });
    expect(eventVariation(message, ['Missing', 'EventTime'])).toEqual({
      path: ['EventTime'],
      base: 5,
    });
    expect(eventVariation(message, ['Missing'])).toBeUndefined();
  });

  it('makes each request a distinct event, leaving the rest of the body as it is', () => {
    const bodies = (vary: ReturnType<typeof eventVariation>) => {
      const prepare = createRequestFactory({
        target: 'http://127.0.0.1:1/',
        body: message,
        stampEventTime: false,
        uniqueGroupIds: true,
        vary,
      });
      return [0, 1].map((i) => JSON.parse(prepare(i, 0).body));
    };
    const [a, b] = bodies(eventVariation(message, ['PairList']));
    expect(a.PairList).toEqual([{ From_Account: 'a-1', To_Account: 'b' }]);
    expect(b.PairList).toEqual([{ From_Account: 'a-2', To_Account: 'b' }]);
    expect(message.PairList[0]?.From_Account).toBe('a');
    const [c, d] = bodies(eventVariation(message, ['MsgSeq']));
    expect([c.MsgSeq, d.MsgSeq]).toEqual([48375, 48376]);
    expect({ ...d, MsgSeq: 0 }).toEqual({ ...message, MsgSeq: 0 });
  });

  it('sends the plan’s command in the query and leaves out what the command comes without', () => {
    const prepare = createRequestFactory({
      target: 'http://127.0.0.1:1/',
      body: { From_Account: 'a' },
      stampEventTime: false,
      uniqueGroupIds: false,
      command: 'ContentCallback.ResultNotify',
      queryOmits: ['ClientIP', 'SdkAppid'],
      sdkAppId: '1400000000',
    });
    const query = new URL(prepare(0, 0).url).searchParams;
    expect(query.get('CallbackCommand')).toBe('ContentCallback.ResultNotify');
    expect(query.has('ClientIP')).toBe(false);
    // SdkAppid, CallbackCommand, Sign and RequestTime always go.
    expect(query.get('SdkAppid')).toBe('1400000000');
    expect(query.get('OptPlatform')).toBe('RESTAPI');
  });
});
