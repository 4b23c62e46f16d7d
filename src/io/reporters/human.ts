import type { ChalkInstance } from 'chalk';
import { PLACEHOLDER_SDKAPPID } from '../../core/contract-cases.js';
import type { CaseResult, SuiteReport } from '../../core/contract-verdict.js';
import { formatMs } from '../../core/response-check.js';
import { formatCheck, formatWarning } from '../render.js';

/** One line a case with ✔/✖/skip and its latency; failed checks and warnings indented under it. */
export function renderHuman(report: SuiteReport, c: ChalkInstance): string {
  const width = Math.max(...report.results.map((r) => r.id.length), 0);
  const lines = [
    c.bold(
      `tim-callback validate ${report.target}: ${report.results.length} case${report.results.length === 1 ? '' : 's'}, timeout ${report.timeoutMs} ms`,
    ),
  ];
  for (const result of report.results) lines.push(...renderCase(result, width, c));
  lines.push('', renderSummary(report, c));
  for (const hint of hintsFor(report)) lines.push(c.dim(`hint: ${hint}`));
  return `${lines.join('\n')}\n`;
}

function renderCase(result: CaseResult, width: number, c: ChalkInstance): string[] {
  const id = result.id.padEnd(width);
  if (result.status === 'skipped') {
    return [`${c.dim('-')} ${c.dim(id)}  ${c.dim(`skipped: ${result.skipReason ?? ''}`)}`];
  }
  const latency = (result.latencyMs === null ? '-' : formatMs(result.latencyMs)).padStart(8);
  const mark = result.status === 'passed' ? c.green('✔') : c.red('✖');
  const lines = [`${mark} ${id}  ${latency}  ${c.dim(result.description)}`];
  for (const check of result.checks) {
    if (!check.ok) lines.push(`    ${formatCheck(c, check)}`);
  }
  for (const warning of result.warnings) lines.push(`    ${formatWarning(c, warning)}`);
  return lines;
}

function renderSummary(report: SuiteReport, c: ChalkInstance): string {
  const { passed, failed, skipped, total } = report.summary;
  const text = `${passed} passed, ${failed} failed, ${skipped} skipped (${total} case${total === 1 ? '' : 's'} in ${formatMs(report.durationMs)})`;
  return failed > 0 ? c.red(`✖ ${text}`) : c.green(`✔ ${text}`);
}

/** Pointers for the commonest surprises: flags that would enable or fix cases. */
function hintsFor(report: SuiteReport): string[] {
  const hints: string[] = [];
  const skipped = report.results.filter((r) => r.status === 'skipped');
  if (skipped.length > 0) {
    const flags = [...new Set(skipped.map((r) => r.skipReason?.replace(/^needs /, '') ?? ''))];
    hints.push(
      `${skipped.length} case${skipped.length === 1 ? '' : 's'} skipped: pass ${flags.join(' and ')} to run ${skipped.length === 1 ? 'it' : 'them'}`,
    );
  }
  const refused = report.results.some(
    (r) =>
      r.expect === 'accept' &&
      r.checks.some((k) => k.name === 'status' && /^HTTP 40[13]\b/.test(k.message)),
  );
  if (refused && report.placeholderSdkAppId) {
    hints.push(
      `valid callbacks were refused: they carried SdkAppid ${PLACEHOLDER_SDKAPPID} because no --sdkappid was given`,
    );
  }
  return hints;
}
