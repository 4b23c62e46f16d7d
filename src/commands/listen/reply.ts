import { UsageError } from '../../core/errors.js';
import { describeJsonSyntax } from '../../core/json-syntax.js';
import { type ReplyPacket, readReplyPacket } from '../../core/listen-options.js';

/**
 * `--reply ok|fail`, or the text of a reply file. A file that is not JSON is a usage error; one
 * that is JSON but not a well-formed packet is answered as is and reported at start-up.
 */
export function parseReply(spec: string, fileText?: string): ReplyPacket {
  if (spec === 'ok' || spec === 'fail') return readReplyPacket(spec);
  const text = fileText ?? '';
  const packet = readReplyPacket(spec, text);
  if (packet !== null) return packet;
  throw new UsageError(
    `--reply file "${spec}" is not JSON: ${describeJsonSyntax(text)}`,
    'use --reply ok, --reply fail, or a JSON file like {"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}',
  );
}
