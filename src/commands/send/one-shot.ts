import type { ExitCode } from '../../core/exit-codes.js';
import type { HttpAnswer } from '../../io/http-client.js';
import { watchInterruption } from '../../io/interruption.js';
import type { Output } from '../../io/output.js';
import { interrupted, printAnswer, printRequest, unreachable } from './render.js';
import type { PreparedSend, SendDeps } from './request.js';

// One request and its checked answer. Kept lean for start-up: it loads undici's client when it
// sends, and never the load runner, the progress bar or the prompts.

export async function sendOnce(sent: PreparedSend, out: Output, deps: SendDeps): Promise<ExitCode> {
  const { opts, request } = sent;
  const http = await import('../../io/http-client.js');
  http.preferQuickExit();
  const dispatcher =
    deps.dispatcher ?? http.createDispatcher({ insecure: opts.insecure, ca: opts.ca });
  // SIGINT/SIGTERM: the request is cut short.
  const interruption = watchInterruption();
  let cut = false;
  try {
    // The request line first, so a slow backend is seen waited for.
    if (!out.json) printRequest(sent, out);
    const answering = http.postCallback({
      url: request.url,
      body: request.body,
      timeoutMs: opts.timeoutMs,
      dispatcher,
      maxAnswerBytes: opts.maxAnswerBytes,
    });
    let outcome: HttpAnswer | NodeJS.Signals;
    try {
      outcome = await Promise.race([answering, interruption.received]);
    } catch (error) {
      if (error instanceof http.NetworkError) throw unreachable(error, sent, out);
      throw error;
    }
    if (typeof outcome === 'string') {
      cut = true;
      throw interrupted(outcome, sent, out);
    }
    return printAnswer(sent, outcome, out);
  } finally {
    interruption.dispose();
    // A cut request is not waited for: destroy() aborts it, close() would wait for its answer.
    if (deps.dispatcher === undefined) await (cut ? dispatcher.destroy() : dispatcher.close());
  }
}
