import type { ChalkInstance } from 'chalk';
import type { Check } from '../core/response-check.js';

/** `✔ HTTP 200` in green or `✖ ErrorInfo is missing` in red: one check, one line. */
export function formatCheck(c: ChalkInstance, check: Check): string {
  return check.ok ? `${c.green('✔')} ${check.message}` : `${c.red('✖')} ${c.red(check.message)}`;
}

/** `! latency 1200 ms is above half the 2000 ms timeout` in yellow. */
export function formatWarning(c: ChalkInstance, warning: string): string {
  return `${c.yellow('!')} ${c.yellow(warning)}`;
}
