/**
 * Every exit code tim-callback ends with, and the one way each is signalled:
 *
 * - a run function returns the code of what it finished and reported itself: OK, CHECK_FAILED,
 *   and, after a report that says so, UNREACHABLE (validate, replay, a load run) or a signal's code
 *   (validate's and a load run's summary);
 * - anything that stops a command before it reports is thrown as a `CliError` (`UsageError`,
 *   `UnreachableError`, `InterruptedError`, src/core/errors.ts): the boundary in src/cli.ts prints
 *   its one line and exits with its code;
 * - any other error is a bug: the boundary prints its stack and exits INTERNAL.
 *
 * The README's "Exit codes" table lists the same codes.
 */
export const EXIT_OK = 0;
/** A check failed: a bad answer, a FAIL packet, a broken body, a wrong signature. */
export const EXIT_CHECK_FAILED = 1;
/** The command line or an input file cannot be used as given. */
export const EXIT_USAGE = 2;
/** Nothing came back from the target: refused, DNS, TLS, or (for send) a timeout. */
export const EXIT_UNREACHABLE = 3;
/** An unexpected error, a bug (sysexits' EX_SOFTWARE). */
export const EXIT_INTERNAL = 70;
/** Stopped by SIGINT (Ctrl+C): 128 + 2, as a shell reports it. */
export const EXIT_SIGINT = 130;
/** Stopped by SIGTERM: 128 + 15. */
export const EXIT_SIGTERM = 143;

export type ExitCode =
  | typeof EXIT_OK
  | typeof EXIT_CHECK_FAILED
  | typeof EXIT_USAGE
  | typeof EXIT_UNREACHABLE
  | typeof EXIT_INTERNAL
  | typeof EXIT_SIGINT
  | typeof EXIT_SIGTERM;

/** The signals a command stops on (listen: gracefully, with exit 0). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a command stopped by a signal. */
export function exitCodeForSignal(signal: StopSignal): ExitCode {
  return signal === 'SIGINT' ? EXIT_SIGINT : EXIT_SIGTERM;
}
