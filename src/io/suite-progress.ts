/** A progress line for a run of cases; silent unless the stream is a terminal. */
export interface SuiteProgress {
  /** The case about to run. */
  begin(caseId: string): void;
  /** Clears the line; the report is printed after it. */
  stop(): void;
}

const SILENT: SuiteProgress = { begin: () => {}, stop: () => {} };

export async function createSuiteProgress(
  total: number,
  stream: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<SuiteProgress> {
  if (!stream.isTTY || total === 0) return SILENT;
  // Loaded only on a terminal: CI logs and piped reports pay nothing for it.
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar(
    {
      stream,
      format: 'validating {bar} {value}/{total} {case}',
      barsize: 20,
      clearOnComplete: true,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let done = -1;
  return {
    begin(caseId) {
      done += 1;
      if (done === 0) bar.start(total, 0, { case: caseId });
      else bar.update(done, { case: caseId });
    },
    stop() {
      if (done >= 0) {
        bar.update(done + 1, { case: '' });
        bar.stop();
      }
    },
  };
}
