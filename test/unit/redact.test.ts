import { describe, expect, it } from 'vitest';
import { maskUrlPasswords } from '../../src/core/redact.js';

describe('maskUrlPasswords', () => {
  it('masks the password of every URL in a text, keeping the user', () => {
    expect(maskUrlPasswords('https://ops:s3cr%40t@staging.example.com/cb?Sign=1')).toBe(
      'https://ops:***@staging.example.com/cb?Sign=1',
    );
    expect(maskUrlPasswords('<url> "ftp://a:b@h/x" is not an http(s) URL; from http://c:d@e')).toBe(
      '<url> "ftp://a:***@h/x" is not an http(s) URL; from http://c:***@e',
    );
    // A raw, unencoded @ in the password: the last @ before the host ends it.
    expect(maskUrlPasswords('http://u:p@ss@host/')).toBe('http://u:***@host/');
    expect(maskUrlPasswords('http://host/path?next=http://x:y@z')).toBe(
      'http://host/path?next=http://x:***@z',
    );
  });

  it('leaves alone what has no password', () => {
    for (const text of [
      'http://127.0.0.1:8080/im/callback?x=a@b',
      'https://user@host/',
      'mail me: a@b.c',
    ]) {
      expect(maskUrlPasswords(text)).toBe(text);
    }
  });
});
