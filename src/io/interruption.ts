import type { StopSignal } from '../core/exit-codes.js';

/** SIGINT or SIGTERM while a command runs: it stops what it does and reports what it finished. */
export interface Interruption {
  /** The signal received, once one was. */
  readonly signal: StopSignal | undefined;
  /** Settles with the signal when one arrives; never rejects. */
  readonly received: Promise<StopSignal>;
  /** Removes the handlers: signals act as before again. */
  dispose(): void;
}

const WATCHED: readonly StopSignal[] = ['SIGINT', 'SIGTERM'];

/** Catches SIGINT and SIGTERM until disposed; a second one is ignored while the first is handled. */
export function watchInterruption(): Interruption {
  let signal: StopSignal | undefined;
  let settle: (value: StopSignal) => void = () => {};
  const received = new Promise<StopSignal>((resolve) => {
    settle = resolve;
  });
  const onSignal = (name: StopSignal) => {
    signal ??= name;
    settle(signal);
  };
  for (const name of WATCHED) process.on(name, onSignal);
  return {
    get signal() {
      return signal;
    },
    received,
    dispose() {
      for (const name of WATCHED) process.off(name, onSignal);
    },
  };
}
