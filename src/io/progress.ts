/** What a progress display needs to know at each tick. */
export interface ProgressState {
  finished: number;
  failures: number;
  elapsedMs: number;
}

export interface Progress {
  update(state: ProgressState): void;
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** --count: the bar counts requests. */
  count?: number | undefined;
  /** --duration: the bar counts seconds. */
  durationMs?: number | undefined;
}

/**
 * A cli-progress bar on a terminal, nothing when the stream is piped; cli-progress is loaded
 * only when a bar is drawn.
 */
export async function createProgress(options: ProgressOptions): Promise<Progress | undefined> {
  if (!options.stream.isTTY) return undefined;
  const { SingleBar } = (await import('cli-progress')).default;
  const bySeconds = options.durationMs !== undefined;
  const total = bySeconds ? Math.ceil((options.durationMs as number) / 1000) : (options.count ?? 1);
  const bar = new SingleBar({
    stream: options.stream,
    format: bySeconds
      ? '{bar} {value}/{total} s | {finished} requests | {rps} req/s | {failures} failed'
      : '{bar} {value}/{total} | {rps} req/s | {failures} failed',
    hideCursor: true,
    clearOnComplete: true,
    barsize: 30,
  });
  bar.start(total, 0, { finished: 0, rps: 0, failures: 0 });
  return {
    update(state) {
      const seconds = state.elapsedMs / 1000;
      const value = bySeconds ? Math.min(Math.floor(seconds), total) : state.finished;
      bar.update(value, {
        finished: state.finished,
        rps: seconds > 0 ? Math.round(state.finished / seconds) : 0,
        failures: state.failures,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
