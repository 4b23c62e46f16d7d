import { describe, expect, it } from 'vitest';
import {
  callbackCheck,
  clockCheck,
  doctorExitCode,
  proxyCheck,
  type TlsFacts,
  tlsCheck,
  tokenFileCheck,
  urlChecks,
} from '../../src/core/doctor.js';
import { proxyFor, proxyVariablesSet } from '../../src/core/proxy.js';

const NOW = Date.parse('2026-12-02T05:00:00Z');

describe('clockCheck', () => {
  const at = (offsetMs: number) => new Date(NOW + offsetMs).toUTCString();

  it('a second either way is in step (a Date header has whole seconds)', () => {
    expect(clockCheck(at(-1000), NOW)).toMatchObject({
      status: 'ok',
      message: "in step with the endpoint's Date header",
    });
  });

  it('within ±60 s passes, naming the skew; beyond it fails with the NTP hint', () => {
    expect(clockCheck(at(-45_000), NOW)).toMatchObject({
      status: 'ok',
      message: "this machine is 45 s ahead of the endpoint's Date header (Sign tolerates ±60 s)",
    });
    const behind = clockCheck(at(90_000), NOW);
    expect(behind.status).toBe('failed');
    expect(behind.message).toMatch(
      /^this machine is 90 s behind the endpoint's Date header; Sign tolerates ±60 s/,
    );
    expect(behind.hint).toMatch(/NTP/);
  });

  it('no Date header, or one that does not parse, is a note: nothing compared', () => {
    expect(clockCheck(undefined, NOW).status).toBe('note');
    expect(clockCheck('yesterday-ish', NOW)).toMatchObject({
      status: 'note',
      message: /does not parse/,
    });
  });
});

describe('tlsCheck', () => {
  const facts: TlsFacts = {
    authorized: true,
    validFrom: 'Jan  1 00:00:00 2026 GMT',
    validTo: 'Dec 10 00:00:00 2026 GMT',
    customCa: false,
  };

  it('valid: the end date and the days left, and "renew soon" within 14 days', () => {
    expect(tlsCheck('a.example', facts, NOW).message).toBe(
      'certificate valid for a.example until 2026-12-10 (7 days, renew it soon)',
    );
  });

  it('not yet valid, wrong name, untrusted: each its own failure', () => {
    expect(
      tlsCheck('a.example', { ...facts, validFrom: 'Dec 5 00:00:00 2026 GMT' }, NOW).message,
    ).toBe('certificate is not valid until 2026-12-05');
    expect(
      tlsCheck(
        'a.example',
        { ...facts, nameError: "Host: a.example. is not in the cert's altnames" },
        NOW,
      ),
    ).toMatchObject({
      status: 'failed',
      hint: 'serve a certificate whose names include a.example',
    });
    expect(
      tlsCheck(
        'a.example',
        { ...facts, authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' },
        NOW,
      ).message,
    ).toBe('certificate not trusted: UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});

describe('tokenFileCheck', () => {
  it('group-readable and world-readable files fail; 600 passes; Windows has no modes to judge', () => {
    expect(
      tokenFileCheck('t.txt', { readable: true, mode: 0o100640, empty: false, windows: false })
        .message,
    ).toBe('t.txt is readable by its group (mode 640)');
    expect(
      tokenFileCheck('t.txt', { readable: true, mode: 0o100604, empty: false, windows: false })
        .message,
    ).toBe('t.txt is readable by everyone (mode 604)');
    expect(
      tokenFileCheck('t.txt', { readable: true, mode: 0o100600, empty: false, windows: false })
        .status,
    ).toBe('ok');
    expect(
      tokenFileCheck('t.txt', { readable: true, mode: 0o100666, empty: false, windows: true })
        .status,
    ).toBe('ok');
  });

  it('a file that cannot be read or is empty fails', () => {
    expect(tokenFileCheck('t.txt', { readable: false, error: 'no such file' }).message).toBe(
      'cannot read t.txt: no such file',
    );
    expect(
      tokenFileCheck('t.txt', { readable: true, mode: 0o600, empty: true, windows: false }).message,
    ).toBe('t.txt is empty');
  });
});

describe('callbackCheck', () => {
  const answer = {
    status: 200,
    contentType: 'application/json',
    latencyMs: 12,
    body: '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}',
  };

  it('an unsigned refusal points at the token; an unreachable endpoint is exit 3', () => {
    const refused = callbackCheck({ ...answer, status: 401, body: '' }, false);
    expect(refused.hint).toMatch(/no token was given/);
    const none = callbackCheck(
      { kind: 'refused', message: 'connection refused by 127.0.0.1:9' },
      true,
    );
    expect(none).toMatchObject({ status: 'failed', unreachable: true });
    expect(doctorExitCode([none])).toBe(3);
  });

  it('a FAIL packet with HTTP 200 is a refusal', () => {
    const check = callbackCheck(
      { ...answer, body: '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"no"}' },
      true,
    );
    expect(check.message).toMatch(
      /refused: ActionStatus is "FAIL", expected "OK" \(ErrorInfo "no"\)$/,
    );
  });
});

describe('doctorExitCode', () => {
  it('notes and skipped checks do not fail a run', () => {
    expect(doctorExitCode(urlChecks('http://a.example/cb'))).toBe(0);
    expect(doctorExitCode([{ name: 'x', status: 'skipped', message: '' }])).toBe(0);
    expect(doctorExitCode([{ name: 'x', status: 'failed', message: '' }])).toBe(1);
  });
});

describe('proxyFor: the rules of undici EnvHttpProxyAgent', () => {
  const env = { HTTP_PROXY: 'http://proxy:3128', NO_PROXY: '.internal.example, localhost:8080' };

  it('HTTPS falls back to HTTP_PROXY; lower case wins', () => {
    expect(proxyFor('https://api.example/cb', env)).toBe('http://proxy:3128');
    expect(proxyFor('http://api.example/cb', { ...env, http_proxy: 'http://lower:1' })).toBe(
      'http://lower:1',
    );
  });

  it('NO_PROXY: the domain and its subdomains, a port when given, * for all', () => {
    expect(proxyFor('http://a.internal.example/cb', env)).toBeUndefined();
    expect(proxyFor('http://internal.example/cb', env)).toBeUndefined();
    expect(proxyFor('http://localhost:8080/cb', env)).toBeUndefined();
    expect(proxyFor('http://localhost:9090/cb', env)).toBe('http://proxy:3128');
    expect(proxyFor('http://anything/cb', { ...env, NO_PROXY: '*' })).toBeUndefined();
  });

  it('variables are listed with passwords masked; a proxy that is not a URL fails', () => {
    expect(proxyVariablesSet({ HTTPS_PROXY: 'http://u:pw@p:1' })).toEqual([
      'HTTPS_PROXY=http://u:***@p:1',
    ]);
    expect(proxyCheck('http://a.example/', { HTTP_PROXY: 'not a url' }).status).toBe('failed');
  });
});
