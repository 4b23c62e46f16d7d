import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSuiteProgress } from '../../src/io/suite-progress.js';

function stream(isTTY: boolean) {
  let text = '';
  let waiters: { pattern: string; resolve: () => void }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      for (const w of waiters) if (text.includes(w.pattern)) w.resolve();
      waiters = waiters.filter((w) => !text.includes(w.pattern));
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  sink.isTTY = isTTY;
  sink.columns = 100;
  /** Resolves once `pattern` has been written (the bar redraws on its own timer). */
  const written = (pattern: string) =>
    new Promise<void>((resolve) => {
      if (text.includes(pattern)) resolve();
      else waiters.push({ pattern, resolve });
    });
  return { sink, text: () => text, written };
}

describe('the suite progress line', () => {
  it('draws on a terminal, naming the running case, and clears itself', async () => {
    const tty = stream(true);
    const progress = await createSuiteProgress(3, tty.sink);
    progress.begin('documented-example');
    expect(tty.text()).toContain('validating');
    expect(tty.text()).toContain('0/3 documented-example');
    progress.begin('large-group');
    await tty.written('1/3 large-group');
    progress.stop();
    const text = tty.text();
    // The last thing written erases the line; the cursor it hid is shown again.
    expect(text.endsWith('\u001b[2K')).toBe(true);
    expect(text.slice(text.lastIndexOf('large-group'))).toContain('\u001b[?25h');
  });

  it('writes nothing when the stream is not a terminal (CI logs, pipes)', async () => {
    const pipe = stream(false);
    const progress = await createSuiteProgress(3, pipe.sink);
    progress.begin('documented-example');
    progress.stop();
    expect(pipe.text()).toBe('');
  });
});

describe('the terminal after the progress line', () => {
  it('gets its cursor and line wrap back on stop, and on exit while the bar is drawn', async () => {
    const tty = stream(true);
    const before = process.listenerCount('exit');
    const progress = await createSuiteProgress(3, tty.sink);
    progress.begin('documented-example');
    expect(tty.text()).toContain('\x1b[?25l');
    expect(tty.text()).toContain('\x1b[?7l');
    // A process that ends now (an uncaught error, an exit elsewhere) restores the terminal.
    expect(process.listenerCount('exit')).toBe(before + 1);
    progress.stop();
    progress.stop();
    expect(tty.text()).toContain('\x1b[?25h');
    expect(tty.text()).toContain('\x1b[?7h');
    expect(process.listenerCount('exit')).toBe(before);
  });
});
