import { answerKind, refusalLabel } from './answer-kind.js';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_UNREACHABLE, type ExitCode } from './exit-codes.js';
import { checkAnswer } from './response-check.js';

/**
 * Load-mode statistics. Latencies are kept as raw samples and summarised exactly (nearest rank
 * over the sorted samples), so every reported percentile is a latency that really happened.
 * Why not a histogram library: a run records at most a few million answers (8 bytes each), one
 * sort at the end costs milliseconds, and hdr-histogram-js's entry point loads a WebAssembly
 * build that costs ~100 ms of start-up. Past MAX_EXACT_SAMPLES, reservoir sampling (Algorithm R)
 * keeps memory bounded on long --duration runs; max and min stay exact.
 */

export const MAX_EXACT_SAMPLES = 1 << 22;

export interface LatencySummary {
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface LoadSummary {
  /** Requests that finished: answered or failed on the network. */
  requests: number;
  answered: number;
  /** Answers that were a 200 with a well-formed OK packet. */
  accepted: number;
  durationMs: number;
  requestsPerSecond: number;
  /** Over answered requests only; null when nothing answered. */
  latencyMs: LatencySummary | null;
  byStatus: Record<string, number>;
  /** OK, FAIL, or none (no readable ActionStatus). */
  byActionStatus: Record<string, number>;
  /** Refusals: a 401 or 403, or a well-formed FAIL packet (answer-kind.ts). */
  rejected: number;
  /** Refusals by how they came: `HTTP 403`, `FAIL`, `FAIL (HTTP 400)`. */
  rejectedBy: Record<string, number>;
  /** Answers whose body breaks the packet format: not a JSON object, a field missing or mistyped. */
  malformed: number;
  /** How many malformed answers failed each check, by check name. */
  malformedByCheck: Record<string, number>;
  /** Other misses: a well-formed packet with a status other than 200, or a late answer. */
  failed: number;
  /** How many of those failed each check, by check name. */
  failedByCheck: Record<string, number>;
  /** Requests with no answer, by kind (refused, dns, tls, timeout, reset, other). */
  errors: Record<string, number>;
}

export interface AnswerRecord {
  latencyMs: number;
  status: number;
  actionStatus: 'OK' | 'FAIL' | undefined;
  /** Names of the protocol checks this answer failed; empty when well-formed. */
  failedChecks: readonly string[];
}

export interface LoadStats {
  recordAnswer(answer: AnswerRecord): void;
  recordError(kind: string): void;
  /** Finished requests so far (for a progress display). */
  readonly finished: number;
  /** Finished requests that were not a well-formed OK answer. */
  readonly failures: number;
  summarize(durationMs: number): LoadSummary;
}

export interface LoadStatsOptions {
  maxSamples?: number;
  /** A uniform random number in [0, 1), for reservoir sampling: injected by the edge. */
  random: () => number;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Latencies: every one kept up to maxSamples, then a uniform sample of them (reservoir sampling,
 * Algorithm R); count, sum, min and max stay exact.
 */
function createLatencySamples(maxSamples: number, random: () => number) {
  let samples = new Float64Array(Math.min(1024, maxSamples));
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;
  return {
    add(latency: number): void {
      count++;
      sum += latency;
      if (latency < min) min = latency;
      if (latency > max) max = latency;
      if (count <= maxSamples) {
        if (count > samples.length) {
          const grown = new Float64Array(Math.min(samples.length * 2, maxSamples));
          grown.set(samples);
          samples = grown;
        }
        samples[count - 1] = latency;
        return;
      }
      const slot = Math.floor(random() * count);
      if (slot < maxSamples) samples[slot] = latency;
    },
    summary(): LatencySummary | null {
      if (count === 0) return null;
      const kept = samples.subarray(0, Math.min(count, maxSamples)).slice().sort();
      return {
        min: round(min),
        mean: round(sum / count),
        p50: round(percentile(kept, 50)),
        p90: round(percentile(kept, 90)),
        p99: round(percentile(kept, 99)),
        max: round(max),
      };
    },
  };
}

export function createLoadStats(options: LoadStatsOptions): LoadStats {
  const latencies = createLatencySamples(options.maxSamples ?? MAX_EXACT_SAMPLES, options.random);
  let answered = 0;
  let accepted = 0;
  let errorCount = 0;
  let rejected = 0;
  let malformed = 0;
  let failed = 0;
  // Counted in Maps keyed as recorded (no string conversion per answer), turned into records once.
  const byStatus = new Map<number, number>();
  const byActionStatus = new Map<string, number>();
  const rejectedBy: Record<string, number> = {};
  const malformedByCheck: Record<string, number> = {};
  const failedByCheck: Record<string, number> = {};
  const errors: Record<string, number> = {};

  return {
    recordAnswer(answer) {
      answered++;
      latencies.add(answer.latencyMs);
      byStatus.set(answer.status, (byStatus.get(answer.status) ?? 0) + 1);
      const action = answer.actionStatus ?? 'none';
      byActionStatus.set(action, (byActionStatus.get(action) ?? 0) + 1);
      // Each answer is counted in exactly one of accepted, rejected, malformed and failed.
      const kind = answerKind(answer.status, answer.actionStatus, answer.failedChecks);
      if (kind === 'accepted') {
        accepted++;
      } else if (kind === 'rejected') {
        rejected++;
        bump(rejectedBy, refusalLabel(answer.status));
      } else if (kind === 'malformed') {
        malformed++;
        for (const name of answer.failedChecks) bump(malformedByCheck, name);
      } else {
        failed++;
        for (const name of answer.failedChecks) bump(failedByCheck, name);
      }
    },
    recordError(kind) {
      errorCount++;
      bump(errors, kind);
    },
    get finished() {
      return answered + errorCount;
    },
    get failures() {
      return answered + errorCount - accepted;
    },
    summarize(durationMs) {
      const requests = answered + errorCount;
      return {
        requests,
        answered,
        accepted,
        durationMs: round(durationMs),
        requestsPerSecond: durationMs > 0 ? round((requests * 1000) / durationMs) : 0,
        latencyMs: latencies.summary(),
        byStatus: Object.fromEntries(byStatus),
        byActionStatus: Object.fromEntries(byActionStatus),
        rejected,
        rejectedBy,
        malformed,
        malformedByCheck,
        failed,
        failedByCheck,
        errors,
      };
    },
  };
}

/** Nearest-rank percentile of ascending samples: the smallest value with p % at or below it. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(Math.max(rank, 1), sorted.length) - 1] as number;
}

export interface AnswerOutcome {
  actionStatus: 'OK' | 'FAIL' | undefined;
  failedChecks: readonly string[];
}

const CACHED_ANSWERS = 64;
/** Longer bodies are judged afresh each time: the cache stays under 64 × 4 KiB whatever comes. */
const CACHED_BODY_CHARS = 4096;

/**
 * checkAnswer for a stream of answers that are nearly always the same few bytes: the verdict
 * for a status and body is computed once and reused, and only the in-time check (the one part
 * that depends on latency) is applied per answer. An answer cut at --max-answer (cutAtBytes) is
 * judged on its own.
 */
export function createAnswerClassifier(
  timeoutMs: number,
): (status: number, body: string, latencyMs: number, cutAtBytes?: number) => AnswerOutcome {
  const cache = new Map<string, AnswerOutcome>();
  const late = new Map<AnswerOutcome, AnswerOutcome>();
  let lastStatus = 0;
  let lastBody = '';
  let lastOutcome: AnswerOutcome | undefined;
  return (status, body, latencyMs, cutAtBytes) => {
    if (cutAtBytes !== undefined) {
      const result = checkAnswer({ status, body, latencyMs, timeoutMs, cutAtBytes });
      return {
        actionStatus: result.actionStatus,
        failedChecks: result.checks.filter((c) => !c.ok).map((c) => c.name),
      };
    }
    let outcome =
      status === lastStatus && body === lastBody ? lastOutcome : cache.get(`${status} ${body}`);
    if (outcome === undefined) {
      const result = checkAnswer({ status, body, latencyMs: 0, timeoutMs, contentType: 'json' });
      outcome = {
        actionStatus: result.actionStatus,
        failedChecks: result.checks.filter((c) => !c.ok).map((c) => c.name),
      };
      if (cache.size < CACHED_ANSWERS && body.length <= CACHED_BODY_CHARS) {
        cache.set(`${status} ${body}`, outcome);
      }
    }
    lastStatus = status;
    lastBody = body;
    lastOutcome = outcome;
    if (latencyMs <= timeoutMs) return outcome;
    let slow = late.get(outcome);
    if (slow === undefined) {
      slow = { ...outcome, failedChecks: [...outcome.failedChecks, 'in-time'] };
      late.set(outcome, slow);
    }
    return slow;
  };
}

/** 0 when every request got a well-formed OK; 3 when nothing answered; 1 otherwise. */
export function exitCodeForLoad(summary: LoadSummary): ExitCode {
  if (summary.answered === 0) return EXIT_UNREACHABLE;
  return summary.accepted === summary.requests ? EXIT_OK : EXIT_CHECK_FAILED;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
