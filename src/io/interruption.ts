import { constants } from 'node:os';

/** SIGINT or SIGTERM while a command runs: it stops what it does and reports what it finished. */
export interface Interruption {
  /** The signal received, once one was. */
  readonly signal: NodeJS.Signals | undefined;
  /** Settles with the signal when one arrives; never rejects. */
  readonly received: Promise<NodeJS.Signals>;
  /** Removes the handlers: signals act as before again. */
  dispose(): void;
}

const WATCHED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Catches SIGINT and SIGTERM until disposed; a second one is ignored while the first is handled. */
export function watchInterruption(): Interruption {
  let signal: NodeJS.Signals | undefined;
  let settle: (value: NodeJS.Signals) => void = () => {};
  const received = new Promise<NodeJS.Signals>((resolve) => {
    settle = resolve;
  });
  const onSignal = (name: NodeJS.Signals) => {
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

/** The shell's exit code for a death by signal: 128 + its number (130 SIGINT, 143 SIGTERM). */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}
