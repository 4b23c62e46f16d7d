import { describe, expect, it } from 'vitest';
import {
  validateCallbackBody,
  validateGroupDestroyed,
  validateResponsePacket,
  validateText,
} from '../../src/core/validation.js';

const example = () => ({
  CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
  GroupId: '@TGS#2J4SZEAEL',
  Type: 'Public',
  Owner_Account: 'leckie',
  Name: 'MyFirstGroup',
  MemberList: [{ Member_Account: 'leckie' }, { Member_Account: 'peter' }],
  EventTime: 1670574414123,
});

describe('validateGroupDestroyed', () => {
  it('finds nothing wrong with the documented example', () => {
    expect(validateGroupDestroyed(example())).toEqual({ problems: [], warnings: [] });
  });

  it('names missing fields and wrong types by path', () => {
    const body: Record<string, unknown> = example();
    delete body.GroupId;
    (body.MemberList as unknown[])[1] = { Member_Account: 42 };
    const { problems } = validateGroupDestroyed(body);
    expect(problems).toContain('/GroupId: is required');
    expect(problems).toContain('/MemberList/1/Member_Account: must be string');
  });

  it('requires MemberList except on Community groups', () => {
    const body: Record<string, unknown> = example();
    delete body.MemberList;
    expect(validateGroupDestroyed(body).problems).toEqual(['/MemberList: is required']);
    expect(validateGroupDestroyed({ ...body, Type: 'Community' }).problems).toEqual([]);
  });

  it('rejects an unknown group type and a wrong command', () => {
    const { problems } = validateGroupDestroyed({
      ...example(),
      Type: 'Team',
      CallbackCommand: 'X',
    });
    expect(problems.some((p) => p.startsWith('/Type: must be one of'))).toBe(true);
    expect(problems.some((p) => p.startsWith('/CallbackCommand: must be one of'))).toBe(true);
  });

  it('rejects EventTime that is neither an integer nor digits, with one line', () => {
    const { problems } = validateGroupDestroyed({ ...example(), EventTime: 'yesterday' });
    expect(problems).toEqual([
      '/EventTime: must be an integer (Unix milliseconds) or a string of digits',
    ]);
  });

  it('warns about tolerated drift without failing', () => {
    const body: Record<string, unknown> = {
      ...example(),
      EventTime: '1670574414123',
      Type: 'Work',
      Extra: 1,
    };
    const result = validateGroupDestroyed(body);
    expect(result.problems).toEqual([]);
    expect(result.warnings).toHaveLength(3);
    expect(result.warnings.join('\n')).toMatch(/EventTime is a string/);
    expect(result.warnings.join('\n')).toMatch(/"Work" is the newer SDK name.*"Private"/);
    expect(result.warnings.join('\n')).toMatch(/unknown field "Extra"/);
    const noTime: Record<string, unknown> = example();
    delete noTime.EventTime;
    expect(validateGroupDestroyed(noTime).warnings[0]).toMatch(/EventTime is missing/);
  });

  it('says what is wrong with a body that is not an object', () => {
    expect(validateGroupDestroyed([1]).problems).toEqual(['/: must be object']);
  });
});

describe('validateCallbackBody', () => {
  it('checks other commands only for shape', () => {
    expect(
      validateCallbackBody(
        { CallbackCommand: 'Group.CallbackAfterNewMemberJoin' },
        'Group.CallbackAfterNewMemberJoin',
      ).problems,
    ).toEqual([]);
    expect(validateCallbackBody('x', 'C2C.CallbackAfterSendMsg').problems).toEqual([
      '/: must be object',
    ]);
  });
});

describe('validateResponsePacket', () => {
  it('accepts OK and FAIL packets', () => {
    expect(
      validateResponsePacket({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 }).problems,
    ).toEqual([]);
    expect(
      validateResponsePacket({ ActionStatus: 'FAIL', ErrorInfo: 'no', ErrorCode: 1 }).problems,
    ).toEqual([]);
  });

  it('names each broken field', () => {
    const { problems } = validateResponsePacket({ ActionStatus: 'ok', ErrorCode: '0' });
    expect(problems).toEqual([
      '/ErrorInfo: is required',
      '/ActionStatus: must be one of "OK", "FAIL"',
      '/ErrorCode: must be integer',
    ]);
    expect(
      validateResponsePacket({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 1.5 }).problems,
    ).toEqual(['/ErrorCode: must be integer']);
  });

  it('warns about OK with a non-zero ErrorCode', () => {
    expect(
      validateResponsePacket({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 7 }).warnings,
    ).toHaveLength(1);
  });
});

describe('validateText', () => {
  it('calls content that is not JSON a problem', () => {
    expect(validateText('<html>', 'response').problems[0]).toMatch(/^not JSON/);
    expect(validateText('', 'request').problems[0]).toMatch(/^not JSON/);
  });
});
