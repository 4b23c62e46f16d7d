import { describe, expect, it } from 'vitest';
import { createPacer } from '../../src/core/pacing.js';

describe('createPacer', () => {
  it('stops after --count', () => {
    const pacer = createPacer({ count: 3 }, 0);
    expect([pacer.next(0), pacer.next(0), pacer.next(0), pacer.next(0)]).toEqual([
      { action: 'start', index: 0, delayMs: 0 },
      { action: 'start', index: 1, delayMs: 0 },
      { action: 'start', index: 2, delayMs: 0 },
      { action: 'stop' },
    ]);
    expect(pacer.started).toBe(3);
  });

  it('spaces starts 1/rate apart from the start, not from the last claim', () => {
    const pacer = createPacer({ rate: 4 }, 1000);
    expect(pacer.next(1000)).toEqual({ action: 'start', index: 0, delayMs: 0 });
    expect(pacer.next(1000)).toEqual({ action: 'start', index: 1, delayMs: 250 });
    expect(pacer.next(1100)).toEqual({ action: 'start', index: 2, delayMs: 400 });
    // Behind schedule: start at once, never in the past.
    expect(pacer.next(2000)).toEqual({ action: 'start', index: 3, delayMs: 0 });
  });

  it('starts nothing at or after the end of --duration', () => {
    const pacer = createPacer({ durationMs: 1000 }, 0);
    expect(pacer.next(999).action).toBe('start');
    expect(pacer.next(1000)).toEqual({ action: 'stop' });
    const paced = createPacer({ durationMs: 1000, rate: 2 }, 0);
    expect(paced.next(0)).toMatchObject({ index: 0, delayMs: 0 });
    expect(paced.next(0)).toMatchObject({ index: 1, delayMs: 500 });
    // The third would be due at 1000 ms, when the time is up.
    expect(paced.next(0)).toEqual({ action: 'stop' });
  });

  it('stops whichever of --count and --duration comes first, and on stop()', () => {
    const pacer = createPacer({ count: 10, durationMs: 1000 }, 0);
    expect(pacer.next(10).action).toBe('start');
    pacer.stop();
    expect(pacer.next(20)).toEqual({ action: 'stop' });
  });
});
