import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import {
  createAnswerClassifier,
  createLoadStats,
  type LoadStats,
  type LoadSummary,
} from '../core/load-stats.js';
import { createPacer } from '../core/pacing.js';
import type { RequestFactory } from '../core/send-request.js';
import { createLoadPoster, NetworkError } from './http-client.js';

export interface LoadRunOptions {
  dispatcher: Dispatcher;
  prepare: RequestFactory;
  /** Each request's deadline, its answer body included. */
  timeoutMs: number;
  /** How much of each answer body is read; DEFAULT_MAX_ANSWER_BYTES when not given. */
  maxAnswerBytes?: number | undefined;
  concurrency: number;
  count?: number | undefined;
  durationMs?: number | undefined;
  rate?: number | undefined;
  /** Wall clock for EventTime and RequestTime; injectable for tests. */
  now?: () => number;
}

export interface LoadRun {
  stats: LoadStats;
  /** Starts nothing new, not even requests already waiting for their --rate slot. */
  stop(): void;
  /** Resolves with the summary once every started request has finished. */
  done: Promise<LoadSummary>;
  /** Milliseconds since the run started. */
  elapsedMs(): number;
}

/**
 * Keeps `concurrency` requests in flight until the pacer says stop. Each worker awaits its own
 * answer before claiming the next slot; nothing is printed per request.
 */
export function startLoad(options: LoadRunOptions): LoadRun {
  const now = options.now ?? Date.now;
  const stats = createLoadStats({ random: Math.random });
  const started = performance.now();
  const pacer = createPacer(
    { count: options.count, durationMs: options.durationMs, rate: options.rate },
    started,
  );
  const poster = createLoadPoster(options.dispatcher, options.timeoutMs, options.maxAnswerBytes);
  const classify = createAnswerClassifier(options.timeoutMs);
  const stopping = new AbortController();

  async function worker(): Promise<void> {
    for (;;) {
      const decision = pacer.next(performance.now());
      if (decision.action === 'stop') return;
      if (decision.delayMs > 0) {
        try {
          await sleep(decision.delayMs, undefined, { signal: stopping.signal });
        } catch {
          return;
        }
      }
      const request = options.prepare(decision.index, now());
      try {
        const answer = await poster.post(request.url, request.body);
        const outcome = classify(answer.status, answer.body, answer.latencyMs, answer.cutAtBytes);
        stats.recordAnswer({
          latencyMs: answer.latencyMs,
          status: answer.status,
          actionStatus: outcome.actionStatus,
          failedChecks: outcome.failedChecks,
        });
      } catch (error) {
        stats.recordError(error instanceof NetworkError ? error.kind : 'other');
      }
    }
  }

  const workers = Array.from({ length: options.concurrency }, worker);
  const done = Promise.all(workers).then(() => {
    poster.close();
    return stats.summarize(performance.now() - started);
  });
  const stop = () => {
    pacer.stop();
    stopping.abort();
  };
  return { stats, stop, done, elapsedMs: () => performance.now() - started };
}
