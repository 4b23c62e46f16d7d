/** Exit codes shared by every command (DESIGN.md, "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_CHECK_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_UNREACHABLE = 3;

/** An expected failure: printed as one line (plus an optional hint), never with a stack. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly hint: string | undefined;

  constructor(message: string, exitCode: number, hint?: string) {
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
