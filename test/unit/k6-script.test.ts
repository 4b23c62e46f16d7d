import { describe, expect, it } from 'vitest';
import { k6Scenario, urlParts } from '../../src/core/k6-script.js';

describe('k6Scenario: send load flags as a k6 scenario', () => {
  it('one send is one iteration on one VU', () => {
    expect(k6Scenario({ count: 1, concurrency: 10 })).toEqual({
      executor: 'shared-iterations',
      vus: 1,
      iterations: 1,
    });
  });

  it('--count n over --concurrency VUs; with --duration, whichever ends first', () => {
    expect(k6Scenario({ count: 1000, concurrency: 50 })).toEqual({
      executor: 'shared-iterations',
      vus: 50,
      iterations: 1000,
    });
    expect(k6Scenario({ count: 1000, concurrency: 50, durationSeconds: 30 })).toMatchObject({
      executor: 'shared-iterations',
      iterations: 1000,
      maxDuration: '30s',
    });
  });

  it('--duration alone: constant VUs for that time', () => {
    expect(k6Scenario({ count: 1, concurrency: 8, durationSeconds: 1.5 })).toEqual({
      executor: 'constant-vus',
      vus: 8,
      duration: '1.5s',
    });
  });

  it('--rate: a constant arrival rate in whole requests per unit, --concurrency VUs at most', () => {
    expect(k6Scenario({ count: 1, concurrency: 10, durationSeconds: 60, rate: 200 })).toEqual({
      executor: 'constant-arrival-rate',
      rate: 200,
      timeUnit: '1s',
      duration: '60000ms',
      preAllocatedVUs: 10,
      maxVUs: 10,
    });
    // 0.5/s is 30 a minute; 100 requests at that rate take 200 s.
    expect(k6Scenario({ count: 100, concurrency: 4, rate: 0.5 })).toMatchObject({
      rate: 30,
      timeUnit: '1m',
      duration: '200000ms',
    });
  });
});

describe('urlParts', () => {
  it("keeps the target's own query, replaces IM's parameters, drops the fragment", () => {
    const parts = urlParts({
      target: 'https://example.com/cb?team=a&Sign=old&RequestTime=1#frag',
      command: 'State.StateChange',
      platform: 'Web',
    } as Parameters<typeof urlParts>[0]);
    expect(parts.head).toBe('https://example.com/cb?team=a&');
    expect(parts.tail).toBe(
      'CallbackCommand=State.StateChange&contenttype=json&ClientIP=127.0.0.1&OptPlatform=Web',
    );
    expect(parts.passwordAt).toBeUndefined();
  });

  it('leaves a password out of the URL, and says where it goes back (after the user name)', () => {
    const parts = urlParts({
      target: 'https://op%40s:pa%3Ass@example.com/cb',
      command: 'State.StateChange',
    } as Parameters<typeof urlParts>[0]);
    expect(parts.head).toBe('https://op%40s@example.com/cb?');
    expect(parts.head.slice(0, parts.passwordAt)).toBe('https://op%40s');
  });
});
