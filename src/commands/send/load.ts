import type { Dispatcher } from 'undici';
import { EXIT_UNREACHABLE, type ExitCode, exitCodeForSignal } from '../../core/exit-codes.js';
import { exitCodeForLoad, type LoadSummary } from '../../core/load-stats.js';
import { createRequestFactory } from '../../core/send-request.js';
import { createDispatcher } from '../../io/http-client.js';
import { type Interruption, watchInterruption } from '../../io/interruption.js';
import { startLoad } from '../../io/load-runner.js';
import type { Output } from '../../io/output.js';
import { createProgress } from '../../io/progress.js';
import { loadUnreachable, printLoadHeader, printLoadReport } from './render.js';
import type { PreparedSend, SendDeps } from './request.js';

// Load mode (--count n, --duration s): many requests, each signed afresh, a progress bar on a
// terminal, one summary. Loaded only when a load run is asked for.

export async function sendLoad(sent: PreparedSend, out: Output, deps: SendDeps): Promise<ExitCode> {
  const { opts } = sent;
  const dispatcher =
    deps.dispatcher ??
    createDispatcher({ insecure: opts.insecure, ca: opts.ca, connections: opts.concurrency });
  // SIGINT/SIGTERM: the run stops and reports what finished.
  const interruption = watchInterruption();
  try {
    return await runLoad(sent, dispatcher, out, deps, interruption);
  } finally {
    interruption.dispose();
    if (deps.dispatcher === undefined) await dispatcher.close();
  }
}

async function runLoad(
  sent: PreparedSend,
  dispatcher: Dispatcher,
  out: Output,
  deps: SendDeps,
  interruption: Interruption,
): Promise<ExitCode> {
  const { opts } = sent;
  const durationMs = opts.durationSeconds !== undefined ? opts.durationSeconds * 1000 : undefined;
  // --duration alone runs until the time is up; with --count too, whichever comes first.
  const count = durationMs !== undefined && opts.count === 1 ? undefined : opts.count;
  if (!out.json) printLoadHeader(sent, count, out);
  const run = startLoad({
    dispatcher,
    prepare: createRequestFactory(sent.plan),
    timeoutMs: opts.timeoutMs,
    maxAnswerBytes: opts.maxAnswerBytes,
    concurrency: opts.concurrency,
    count,
    durationMs,
    rate: opts.rate,
    ...(deps.now ? { now: deps.now } : {}),
  });
  // A signal starts nothing new; what is in flight finishes (within --timeout), then the report.
  void interruption.received.then(() => run.stop());
  const progress = await createProgress({ stream: out.stderr, count, durationMs });
  const tick = progress
    ? setInterval(
        () =>
          progress.update({
            finished: run.stats.finished,
            failures: run.stats.failures,
            elapsedMs: run.elapsedMs(),
          }),
        100,
      )
    : undefined;
  let summary: LoadSummary;
  try {
    summary = await run.done;
  } finally {
    if (tick) clearInterval(tick);
    progress?.stop();
  }
  const code = exitCodeForLoad(summary);
  const { signal } = interruption;
  printLoadReport(sent, summary, code, signal, out);
  // The signal decides the exit code: the summary above says how the finished requests went.
  if (signal !== undefined) return exitCodeForSignal(signal);
  if (code === EXIT_UNREACHABLE) throw loadUnreachable(summary);
  return code;
}
