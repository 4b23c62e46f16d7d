/**
 * Decides when the next load-mode request may start: stops at --count or when --duration is
 * up, and spaces starts 1/rate seconds apart overall when --rate caps the throughput. The clock
 * is passed in, so the decisions are testable without waiting.
 */

export interface PaceOptions {
  /** Stop after this many requests. */
  count?: number | undefined;
  /** Start nothing at or after start + durationMs. */
  durationMs?: number | undefined;
  /** Requests per second, overall. */
  rate?: number | undefined;
}

export type PaceDecision = { action: 'start'; index: number; delayMs: number } | { action: 'stop' };

export interface Pacer {
  /** Claims the next request slot: start now, start after a delay, or stop. */
  next(nowMs: number): PaceDecision;
  /** No more slots after this (Ctrl+C). */
  stop(): void;
  readonly started: number;
}

export function createPacer(options: PaceOptions, startMs: number): Pacer {
  const interval = options.rate !== undefined ? 1000 / options.rate : 0;
  const endMs = options.durationMs !== undefined ? startMs + options.durationMs : undefined;
  let started = 0;
  let stopped = false;
  return {
    next(nowMs) {
      if (stopped) return { action: 'stop' };
      if (options.count !== undefined && started >= options.count) return { action: 'stop' };
      const due = interval > 0 ? Math.max(nowMs, startMs + started * interval) : nowMs;
      if (endMs !== undefined && due >= endMs) return { action: 'stop' };
      const index = started++;
      return { action: 'start', index, delayMs: due - nowMs };
    },
    stop() {
      stopped = true;
    },
    get started() {
      return started;
    },
  };
}
