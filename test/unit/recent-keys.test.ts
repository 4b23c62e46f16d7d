import { describe, expect, it } from 'vitest';
import { createRecentKeys } from '../../src/core/recent-keys.js';
import { DUPLICATE_KEY_LENGTH, duplicateKey } from '../../src/core/record.js';

describe('createRecentKeys', () => {
  it('remembers the most recent keys and forgets the oldest first', () => {
    const keys = createRecentKeys(3);
    for (const key of ['a', 'b', 'c', 'd']) keys.add(key);
    expect(keys.size).toBe(3);
    expect(keys.has('a')).toBe(false);
    expect(['b', 'c', 'd'].every((key) => keys.has(key))).toBe(true);
    keys.add('e');
    expect(keys.has('b')).toBe(false);
    expect(keys.has('e')).toBe(true);
  });

  it('does not count a key twice', () => {
    const keys = createRecentKeys(2);
    keys.add('a');
    keys.add('a');
    keys.add('b');
    expect(keys.size).toBe(2);
    expect(keys.has('a')).toBe(true);
  });

  it('keeps a window of the default size under a long stream of distinct callbacks', () => {
    const keys = createRecentKeys();
    for (let i = 0; i < 150_000; i++) keys.add(`k${i}`);
    expect(keys.size).toBe(100_000);
    expect(keys.has('k49999')).toBe(false);
    expect(keys.has('k50000')).toBe(true);
    expect(keys.has('k149999')).toBe(true);
  });
});

describe('duplicateKey', () => {
  it('is command, GroupId and EventTime, each telling keys apart', () => {
    const key = duplicateKey('Group.CallbackAfterGroupDestroyed', {
      GroupId: '@TGS#1',
      EventTime: 1669872112000,
    });
    expect(key).toHaveLength(DUPLICATE_KEY_LENGTH);
    expect(key).toBe(
      duplicateKey('Group.CallbackAfterGroupDestroyed', {
        GroupId: '@TGS#1',
        EventTime: 1669872112000,
      }),
    );
    expect(duplicateKey('Other', { GroupId: '@TGS#1', EventTime: 1669872112000 })).not.toBe(key);
    expect(duplicateKey('X', { GroupId: '@TGS#1', EventTime: 1 })).not.toBe(
      duplicateKey('X', { GroupId: '@TGS#1', EventTime: 2 }),
    );
    expect(duplicateKey('X', { GroupId: 'a\u0000b', EventTime: '' })).not.toBe(
      duplicateKey('X', { GroupId: 'a', EventTime: 'b' }),
    );
    expect(duplicateKey('X', { EventTime: 1 })).toBeUndefined();
  });
});

describe('duplicateKey size', () => {
  it('is the same few bytes for a megabyte GroupId as for a short one', () => {
    const huge = duplicateKey('X', { GroupId: 'g'.repeat(1024 * 1024), EventTime: 1 });
    expect(huge).toHaveLength(DUPLICATE_KEY_LENGTH);
    expect(huge).not.toBe(
      duplicateKey('X', { GroupId: `${'g'.repeat(1024 * 1024 - 1)}h`, EventTime: 1 }),
    );
  });
});
