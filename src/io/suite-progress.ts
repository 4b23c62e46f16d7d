/** A progress line for a run of cases; silent unless the stream is a terminal. */
export interface SuiteProgress {
  /** The case about to run. */
  begin(caseId: string): void;
  /** Clears the line and gives the terminal back (cursor shown, line wrap on); idempotent. */
  stop(): void;
}

const SILENT: SuiteProgress = { begin: () => {}, stop: () => {} };

// Show the cursor, turn line wrap back on: what cli-progress turns off while it draws.
const RESTORE_TERMINAL = '\x1b[?25h\x1b[?7h';

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
  // Whatever ends the process while the bar is drawn (an uncaught error, process.exit
  // elsewhere), the terminal must not be left without a cursor or line wrap.
  const restoreOnExit = () => void stream.write(RESTORE_TERMINAL);
  let done = -1;
  let stopped = false;
  return {
    begin(caseId) {
      if (stopped) return;
      done += 1;
      if (done === 0) {
        process.once('exit', restoreOnExit);
        bar.start(total, 0, { case: caseId });
      } else bar.update(done, { case: caseId });
    },
    stop() {
      if (stopped || done < 0) return;
      stopped = true;
      bar.update(done + 1, { case: '' });
      bar.stop();
      process.off('exit', restoreOnExit);
    },
  };
}
