import { Writable } from 'node:stream';
import { createOutput, type Output } from '../../src/io/output.js';

export interface CapturedOutput {
  out: Output;
  stdout(): string;
  stderr(): string;
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** An Output whose stdout and stderr are strings, colour off. */
export function captureOutput(json = false): CapturedOutput {
  const stdout = sink();
  const stderr = sink();
  const out = createOutput({ json, stdout: stdout.stream, stderr: stderr.stream, env: {} });
  return { out, stdout: stdout.text, stderr: stderr.text };
}
