import { buildCallbackUrl, parseCallbackUrl, resignCallbackUrl } from '../../core/callback-url.js';
import { EXIT_OK, type ExitCode } from '../../core/exit-codes.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { sign } from '../../core/sign.js';
import type { Output } from '../../io/output.js';

export interface SignOptions {
  token: string;
  requestTime: number;
  url?: string | undefined;
  sdkAppId?: string | undefined;
}

export function runSign(options: SignOptions, out: Output): ExitCode {
  const signature = sign(options.token, options.requestTime);
  let url: string | undefined;
  if (options.url !== undefined) {
    const { query } = parseCallbackUrl(options.url);
    // A URL that already carries the callback parameters is re-signed; a bare backend URL gets them all.
    url =
      query.command !== undefined
        ? resignCallbackUrl(options.url, options.token, options.requestTime)
        : buildCallbackUrl({
            target: options.url,
            command: 'Group.CallbackAfterGroupDestroyed',
            sdkAppId: options.sdkAppId,
            token: options.token,
            requestTime: options.requestTime,
          });
  }
  // A password in the URL is masked like everywhere else: this output lands in logs too.
  if (url !== undefined) url = maskUrlPasswords(url);
  if (out.json) {
    out.document({ sign: signature, requestTime: options.requestTime, ...(url ? { url } : {}) });
    return EXIT_OK;
  }
  if (url !== undefined) {
    out.line(url);
    return EXIT_OK;
  }
  out.line(`Sign        ${signature}`);
  out.line(`RequestTime ${options.requestTime}`);
  return EXIT_OK;
}
