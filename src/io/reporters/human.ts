import type { ChalkInstance } from 'chalk';
import { describeOutcome } from '../../core/contract-answer.js';
import type { CaseResult, SuiteReport } from '../../core/contract-verdict.js';
import { formatMs } from '../../core/response-check.js';
import { formatCheck, formatWarning } from '../render.js';

/** One line a case with ✔/✖/?/-, what broke and what the backend said under it; then a summary. */
export function renderHuman(report: SuiteReport, c: ChalkInstance): string {
  const width = caseWidth(report.results);
  const lines = [renderHeader(report.target, report.results.length, report.timeoutMs, c)];
  for (const result of report.results) lines.push(...renderCase(result, width, c));
  return `${lines.join('\n')}\n${renderFooter(report, c)}`;
}

/** The width case ids are padded to, so that latencies line up. */
export function caseWidth(results: readonly { id: string }[]): number {
  return Math.max(...results.map((r) => r.id.length), 0);
}

export function renderHeader(
  target: string,
  count: number,
  timeoutMs: number,
  c: ChalkInstance,
): string {
  return c.bold(
    `tim-callback validate ${target}: ${count} case${count === 1 ? '' : 's'}, timeout ${timeoutMs} ms`,
  );
}

export function renderCase(result: CaseResult, width: number, c: ChalkInstance): string[] {
  const id = result.id.padEnd(width);
  if (result.status === 'skipped' || result.status === 'interrupted') {
    const why = result.status === 'skipped' ? `skipped: ${result.skipReason ?? ''}` : 'interrupted';
    return [`${c.dim('-')} ${c.dim(id)}  ${c.dim(why)}`];
  }
  const latency = (result.latencyMs === null ? '-' : formatMs(result.latencyMs)).padStart(8);
  const mark = { passed: c.green('✔'), failed: c.red('✖'), inconclusive: c.yellow('?') }[
    result.status
  ];
  const lines = [`${mark} ${id}  ${latency}  ${c.dim(result.description)}`];
  for (const check of result.checks) {
    if (check.ok) continue;
    const inconclusive = result.status === 'inconclusive' && check.name === 'control';
    lines.push(
      inconclusive
        ? `    ${c.yellow('?')} ${c.yellow(check.message)}`
        : `    ${formatCheck(c, check)}`,
    );
  }
  if (result.status !== 'passed' && result.reply?.kind === 'answer') {
    lines.push(`    ${c.dim(`answer: ${describeOutcome(result.reply)}`)}`);
  }
  for (const warning of result.warnings) lines.push(`    ${formatWarning(c, warning)}`);
  return lines;
}

/** The summary line and the hints; printed after the cases. */
export function renderFooter(report: SuiteReport, c: ChalkInstance): string {
  const lines = ['', renderSummary(report, c)];
  for (const hint of report.hints) lines.push(c.dim(`hint: ${hint}`));
  return `${lines.join('\n')}\n`;
}

function renderSummary(report: SuiteReport, c: ChalkInstance): string {
  const { passed, failed, inconclusive, skipped, interrupted, total } = report.summary;
  const parts = [`${passed} passed`, `${failed} failed`];
  if (inconclusive > 0) parts.push(`${inconclusive} inconclusive`);
  parts.push(`${skipped} skipped`);
  if (interrupted > 0) parts.push(`${interrupted} interrupted`);
  const head = report.interrupted ? `interrupted by ${report.interrupted}: ` : '';
  const text = `${head}${parts.join(', ')} (${total} case${total === 1 ? '' : 's'} in ${formatMs(report.durationMs)})`;
  const bad = failed + inconclusive > 0 || report.interrupted !== undefined;
  return bad ? c.red(`✖ ${text}`) : c.green(`✔ ${text}`);
}
