import { describe, expect, it } from 'vitest';
import {
  buildPayload,
  type JsonObject,
  PayloadError,
  parsePath,
  parseValue,
  setPath,
  unsetPath,
} from '../../src/core/payload.js';

const base = (): JsonObject => ({
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  GroupId: '@TGS#1',
  Type: 'Public',
  Owner_Account: 'leckie',
  MemberList: [{ Member_Account: 'leckie' }, { Member_Account: 'peter' }],
});

describe('parsePath', () => {
  it('reads dots and brackets', () => {
    expect(parsePath('MemberList[0].Member_Account')).toEqual(['MemberList', 0, 'Member_Account']);
    expect(parsePath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(parsePath('a[2][3]')).toEqual(['a', 2, 3]);
  });

  it('refuses what is not a path', () => {
    for (const bad of ['', '.a', 'a..b', 'a[x]', 'a[1', 'a]']) {
      expect(() => parsePath(bad), bad).toThrow(PayloadError);
    }
  });
});

describe('parseValue', () => {
  it('uses JSON where the value parses, a string otherwise', () => {
    expect(parseValue('1670574414123')).toBe(1670574414123);
    expect(parseValue('"007"')).toBe('007');
    expect(parseValue('null')).toBeNull();
    expect(parseValue('[1]')).toEqual([1]);
    expect(parseValue('MyGroup')).toBe('MyGroup');
    expect(parseValue('')).toBe('');
  });
});

describe('setPath / unsetPath', () => {
  it('sets nested values and creates what is missing', () => {
    const body = base();
    setPath(body, 'MemberList[0].Member_Account', 'alice');
    setPath(body, 'Extra.deep[0]', 1);
    expect(body.MemberList).toEqual([{ Member_Account: 'alice' }, { Member_Account: 'peter' }]);
    expect(body.Extra).toEqual({ deep: [1] });
  });

  it('refuses to index into a scalar or past the end', () => {
    expect(() => setPath(base(), 'GroupId.x', 1)).toThrow(/GroupId is not an object/);
    expect(() => setPath(base(), 'MemberList[5]', 1)).toThrow(/past the end/);
    expect(() => setPath(base(), 'Type[0]', 1)).toThrow(/not an array/);
  });

  it('removes values and says when there is nothing to remove', () => {
    const body = base();
    unsetPath(body, 'MemberList[0]');
    unsetPath(body, 'Owner_Account');
    expect(body.MemberList).toEqual([{ Member_Account: 'peter' }]);
    expect('Owner_Account' in body).toBe(false);
    expect(() => unsetPath(body, 'Nope')).toThrow(PayloadError);
    expect(() => unsetPath(body, 'Nope.deeper')).toThrow(/Nope does not exist/);
  });
});

describe('buildPayload', () => {
  it('drops MemberList for a Community group', () => {
    const body = buildPayload(base(), { type: 'Community' });
    expect(body.Type).toBe('Community');
    expect('MemberList' in body).toBe(false);
  });

  it('builds n synthetic members, owner first, all distinct', () => {
    const body = buildPayload(base(), { members: 10_000 });
    const list = body.MemberList as { Member_Account: string }[];
    expect(list).toHaveLength(10_000);
    expect(list[0]).toEqual({ Member_Account: 'leckie' });
    expect(new Set(list.map((m) => m.Member_Account)).size).toBe(10_000);
  });

  it('stamps EventTime only when the body has none, and --set wins', () => {
    expect(buildPayload(base(), { nowMs: 5 }).EventTime).toBe(5);
    expect(buildPayload({ ...base(), EventTime: 1 }, { nowMs: 5 }).EventTime).toBe(1);
    expect(buildPayload(base(), { nowMs: 5, set: ['EventTime=9'] }).EventTime).toBe(9);
    expect('EventTime' in buildPayload(base(), { nowMs: 5, unset: ['EventTime'] })).toBe(false);
  });

  it('leaves the base untouched', () => {
    const original = base();
    buildPayload(original, { set: ['Name=x'], unset: ['MemberList[0]'] });
    expect(original).toEqual(base());
  });

  it('rejects a bad --type, --members or --set', () => {
    expect(() => buildPayload(base(), { type: 'Team' })).toThrow(/not a group type/);
    expect(() => buildPayload(base(), { members: -1 })).toThrow(PayloadError);
    expect(() => buildPayload(base(), { set: ['NoEquals'] })).toThrow(/path=value/);
  });
});
