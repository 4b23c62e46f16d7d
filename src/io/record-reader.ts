import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../core/errors.js';
import { describeFileError } from './files.js';

export interface RawRecordLine {
  /** 1-based line number in the file. */
  number: number;
  text: string;
}

/**
 * Streams the lines of a `listen --record` file, so a long recording is never held in memory
 * whole. A file that cannot be read is a usage error (2), raised before the first line.
 */
export async function* readRecordFile(path: string): AsyncGenerator<RawRecordLine> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch (error) {
    throw new UsageError(
      `cannot read record file "${path}": ${describeFileError(error)}`,
      'give a file written by tim-callback listen --record',
    );
  }
  if (!isFile) {
    throw new UsageError(
      `cannot read record file "${path}": not a file`,
      'give a file written by tim-callback listen --record',
    );
  }
  const stream = createReadStream(path, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let number = 0;
  try {
    for await (const text of lines) {
      number += 1;
      yield { number, text };
    }
  } catch (error) {
    throw new UsageError(
      `cannot read record file "${path}": ${describeFileError(error)}`,
      'check the file permissions',
    );
  } finally {
    lines.close();
    stream.destroy();
  }
}
