import { parseCallbackUrl } from '../../core/callback-url.js';
import { EXIT_CHECK_FAILED, EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { verifySign } from '../../core/sign.js';
import type { Output } from '../../io/output.js';

export interface VerifyOptions {
  url: string;
  token: string;
  now: number;
  tolerance: number;
}

export function runVerify(options: VerifyOptions, out: Output): ExitCode {
  const { query } = parseCallbackUrl(options.url);
  const result = verifySign({
    token: options.token,
    sign: query.sign,
    requestTime: query.requestTime,
    now: options.now,
    toleranceSeconds: options.tolerance,
  });
  const valid = result.outcome === 'ok';
  if (out.json) {
    out.document({
      valid,
      outcome: result.outcome,
      reason: result.reason,
      hashed: query.requestTime === undefined ? null : `<token>${query.requestTime}`,
      expected: result.expected ?? null,
      received: query.sign ?? null,
      requestTime: query.requestTime === undefined ? null : Number(query.requestTime),
      now: options.now,
      skewSeconds: result.skewSeconds ?? null,
      toleranceSeconds: options.tolerance,
    });
    return valid ? EXIT_OK : EXIT_CHECK_FAILED;
  }
  const { c } = out;
  const dash = c.dim('(none)');
  out.line(`hashed      SHA-256( ${c.dim('<token>')} + "${query.requestTime ?? ''}" )`);
  out.line(`expected    ${result.expected ?? dash}`);
  out.line(`received    ${query.sign ?? dash}`);
  if (result.skewSeconds !== undefined) {
    const age =
      result.skewSeconds >= 0 ? `${result.skewSeconds} s old` : `${-result.skewSeconds} s ahead`;
    out.line(
      `RequestTime ${query.requestTime} (${age}; now ${options.now}, tolerance ±${options.tolerance} s)`,
    );
  }
  out.line(
    valid ? c.green(`✔ valid: ${result.reason}`) : c.red(`✖ ${result.outcome}: ${result.reason}`),
  );
  return valid ? EXIT_OK : EXIT_CHECK_FAILED;
}
