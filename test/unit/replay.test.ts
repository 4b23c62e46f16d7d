import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  buildReplayUrl,
  formatAge,
  matchesFilters,
  parseRecordFilter,
  recordedSignAge,
  recordField,
} from '../../src/core/replay.js';
import { sign } from '../../src/core/sign.js';
import { recordLine } from '../helpers/records.js';

const line = recordLine({ body: '{}', path: '/im/cb' });

describe('--filter', () => {
  it('parses field=value with a dotted path; the value may hold "="', () => {
    expect(parseRecordFilter('checks.sign=ok')).toMatchObject({
      path: ['checks', 'sign'],
      value: 'ok',
    });
    expect(parseRecordFilter('body=a=b').value).toBe('a=b');
    expect(parseRecordFilter('query.Name=').value).toBe('');
  });

  it('is a usage error without "=" or with an empty field', () => {
    for (const bad of ['checks.sign', '=ok', 'checks..sign=ok', '.x=1']) {
      expect(() => parseRecordFilter(bad), bad).toThrow(UsageError);
    }
  });

  it('matches record fields as text, all filters together', () => {
    expect(recordField(line, ['query', 'SdkAppid'])).toBe('1400012345');
    expect(recordField(line, ['duplicate'])).toBe('false');
    expect(recordField(line, ['response', 'status'])).toBe('200');
    expect(recordField(line, ['checks', 'problems'])).toBe('[]');
    expect(recordField(line, ['nope', 'x'])).toBeUndefined();
    expect(recordField(line, ['query', 'toString'])).toBeUndefined();
    const f = (raw: string) => parseRecordFilter(raw);
    expect(matchesFilters(line, [])).toBe(true);
    expect(matchesFilters(line, [f('path=/im/cb'), f('checks.sign=ok')])).toBe(true);
    expect(matchesFilters(line, [f('path=/im/cb'), f('checks.sign=bad')])).toBe(false);
    expect(
      matchesFilters(line, [f('query.CallbackCommand=Group.CallbackAfterGroupDestroyed')]),
    ).toBe(true);
  });
});

describe('the replay URL', () => {
  it('is the target plus the recorded query in order, the Sign kept without a token', () => {
    const url = new URL(buildReplayUrl('http://127.0.0.1:9/real/cb', line));
    expect(url.pathname).toBe('/real/cb');
    expect([...url.searchParams]).toEqual(Object.entries(line.query));
  });

  it('keeps the target query, the recorded one winning on a clash', () => {
    const url = new URL(buildReplayUrl('http://127.0.0.1:9/cb?tenant=a&SdkAppid=1', line));
    expect(url.searchParams.get('tenant')).toBe('a');
    expect(url.searchParams.getAll('SdkAppid')).toEqual(['1400012345']);
  });

  it('re-signs with a fresh RequestTime when a token is given', () => {
    const url = new URL(
      buildReplayUrl('http://127.0.0.1:9/cb', line, { token: 'tok', requestTime: 1764095016 }),
    );
    expect(url.searchParams.get('RequestTime')).toBe('1764095016');
    expect(url.searchParams.get('Sign')).toBe(sign('tok', 1764095016));
    expect(url.searchParams.get('ClientIP')).toBe('203.0.113.7');
    expect(url.toString()).not.toContain('tok&');
  });

  it('tells how old a recorded RequestTime is', () => {
    expect(recordedSignAge(line, 1669872172)).toBe(60);
    expect(recordedSignAge(recordLine({ body: '{}', query: {} }), 1)).toBeUndefined();
    expect([formatAge(61), formatAge(-600), formatAge(3 * 3600), formatAge(86_400 * 365)]).toEqual([
      '61 s',
      '10 min',
      '3 h',
      '365 days',
    ]);
  });
});
