import { requestSchema, responseSchema } from '../core/schemas/index.js';
import type { Output } from '../io/output.js';

export function runSchema(which: 'request' | 'response', out: Output): number {
  out.document(which === 'request' ? requestSchema : responseSchema);
  return 0;
}
