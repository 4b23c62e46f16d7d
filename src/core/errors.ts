import {
  EXIT_UNREACHABLE,
  EXIT_USAGE,
  type ExitCode,
  exitCodeForSignal,
  type StopSignal,
} from './exit-codes.js';

/** An expected failure: printed as one line (plus an optional hint), never with a stack. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** The user asked for something that cannot be done as asked: a bad flag, value or file. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT_USAGE, hint);
  }
}

/** Nothing came back from the target: refused, DNS, TLS, or (for send) a timeout. */
export class UnreachableError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT_UNREACHABLE, hint);
  }
}

/** SIGINT or SIGTERM (Ctrl+C, also at a prompt) stopped the command before it could report. */
export class InterruptedError extends CliError {
  readonly signal: StopSignal;

  constructor(signal: StopSignal, message: string, hint?: string) {
    super(message, exitCodeForSignal(signal), hint);
    this.signal = signal;
  }
}
