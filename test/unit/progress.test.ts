import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress } from '../../src/io/progress.js';

function stream(isTTY: boolean) {
  let text = '';
  const s = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  s.isTTY = isTTY;
  s.columns = 120;
  return { s, text: () => text };
}

describe('createProgress', () => {
  it('draws nothing when the stream is piped', async () => {
    const piped = stream(false);
    expect(await createProgress({ stream: piped.s, count: 10 })).toBeUndefined();
    expect(piped.text()).toBe('');
  });

  it('draws requests done, rate and failures on a terminal, and clears the line at the end', async () => {
    const tty = stream(true);
    const progress = await createProgress({ stream: tty.s, count: 500 });
    progress?.update({ finished: 250, failures: 3, elapsedMs: 500 });
    progress?.stop();
    expect(tty.text()).toContain('250/500 | 500 req/s | 3 failed');
    expect(tty.text()).toContain('\x1b[2K');
  });

  it('counts seconds with --duration', async () => {
    const tty = stream(true);
    const progress = await createProgress({ stream: tty.s, durationMs: 10_000 });
    progress?.update({ finished: 1200, failures: 0, elapsedMs: 4200 });
    progress?.stop();
    expect(tty.text()).toContain('4/10 s | 1200 requests');
  });
});
