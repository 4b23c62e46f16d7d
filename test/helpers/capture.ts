import { Writable } from 'node:stream';
import { createOutput, type Output } from '../../src/io/output.js';

/** An Output whose stdout and stderr are collected as text, colour off, not a TTY. */
export function captureOutput(json = false): {
  out: Output;
  stdout: () => string;
  stderr: () => string;
} {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const out = createOutput({
    json,
    stdout: sink((t) => (stdout += t)),
    stderr: sink((t) => (stderr += t)),
    env: { NO_COLOR: '1' },
  });
  return { out, stdout: () => stdout, stderr: () => stderr };
}
