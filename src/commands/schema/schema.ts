import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { requestSchema, responseSchema } from '../../core/schemas/index.js';
import type { Output } from '../../io/output.js';

export function runSchema(which: 'request' | 'response', out: Output): ExitCode {
  out.document(which === 'request' ? requestSchema : responseSchema);
  return EXIT_OK;
}
