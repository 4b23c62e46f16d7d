import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSuiteProgress } from '../../src/io/suite-progress.js';

function stream(isTTY: boolean) {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  sink.isTTY = isTTY;
  sink.columns = 100;
  return { sink, text: () => text };
}

describe('the suite progress line', () => {
  it('draws on a terminal, naming the running case, and clears itself', async () => {
    const tty = stream(true);
    const progress = await createSuiteProgress(3, tty.sink);
    progress.begin('documented-example');
    progress.begin('large-group');
    progress.stop();
    expect(tty.text()).toContain('validating');
    expect(tty.text()).toContain('documented-example');
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
