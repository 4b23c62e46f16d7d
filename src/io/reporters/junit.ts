import { cutUtf8, describeOutcome, REPORT_BODY_BYTES } from '../../core/contract-answer.js';
import type { CaseResult, SuiteReport } from '../../core/contract-verdict.js';

// Characters XML 1.0 does not allow at all (control characters, lone surrogates): a backend's
// answer quoted in a message may hold them, and one of them makes the whole file unreadable.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number | null): string {
  return ((ms ?? 0) / 1000).toFixed(3);
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');
}

/**
 * Whether a case is a JUnit error rather than a failure: nothing was verified (no connection, an
 * inconclusive probe, an interrupted run), as opposed to an answer that broke a check.
 */
export function isJunitError(result: CaseResult): boolean {
  if (result.status === 'inconclusive' || result.status === 'interrupted') return true;
  return result.status === 'failed' && result.checks.some((c) => c.name === 'connection' && !c.ok);
}

/** The `<failure>` or `<error>` element of a case that did not pass, if any. */
function verdictElement(result: CaseResult, signal: string | undefined): string | undefined {
  if (result.status === 'interrupted') {
    const message = `interrupted by ${signal ?? 'a signal'} before it finished`;
    return `      <error${attributes({ message, type: 'interrupted' })}/>`;
  }
  if (result.status !== 'failed' && result.status !== 'inconclusive') return undefined;
  const failed = result.checks.filter((c) => !c.ok);
  const first = failed[0];
  const text = escapeXml(failed.map((c) => `${c.name}: ${c.message}`).join('\n'));
  const element = isJunitError(result) ? 'error' : 'failure';
  const type = result.status === 'inconclusive' ? 'inconclusive' : (first?.name ?? 'failed');
  const message = first?.message ?? 'no answer was checked';
  return `      <${element}${attributes({ message, type })}>${text}</${element}>`;
}

/** The description and warnings; for a case that did not pass, what the backend answered. */
function systemOut(result: CaseResult): string {
  const lines = [result.description, ...result.warnings.map((w) => `warning: ${w}`)];
  if (result.status === 'failed' || result.status === 'inconclusive') {
    for (const [label, outcome] of [
      ['answer', result.reply],
      ['control answer', result.control],
    ] as const) {
      if (outcome === null || outcome === undefined) continue;
      lines.push(`${label}: ${describeOutcome(outcome)}`);
      if (outcome.kind === 'answer' && outcome.body !== '') {
        lines.push(`${label} body: ${cutUtf8(outcome.body, REPORT_BODY_BYTES)}`);
      }
    }
  }
  return lines.join('\n');
}

/** `tim-callback.validate`, and for a case of --command `tim-callback.validate.<CallbackCommand>`. */
function classnameOf(result: CaseResult): string {
  return result.command === undefined
    ? 'tim-callback.validate'
    : `tim-callback.validate.${result.command}`;
}

function renderTestcase(result: CaseResult, signal: string | undefined): string[] {
  const open = `    <testcase${attributes({ classname: classnameOf(result), name: result.id, time: seconds(result.latencyMs) })}>`;
  const lines = [open];
  if (result.status === 'skipped') {
    lines.push(`      <skipped${attributes({ message: result.skipReason ?? 'skipped' })}/>`);
  }
  const verdict = verdictElement(result, signal);
  if (verdict !== undefined) lines.push(verdict);
  lines.push(`      <system-out>${escapeXml(systemOut(result))}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

/** A JUnit XML report: one testsuite, one testcase per case; failed checks are failures, the rest errors. */
export function renderJunit(report: SuiteReport): string {
  const { skipped, total } = report.summary;
  const errors = report.results.filter(isJunitError).length;
  const failures = report.results.filter((r) => r.status === 'failed' && !isJunitError(r)).length;
  const counts = { tests: total, failures, errors, skipped, time: seconds(report.durationMs) };
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'tim-callback validate', ...counts })}>`,
    `  <testsuite${attributes({
      name: `tim-callback validate ${report.target}`,
      ...counts,
      // JUnit's schema wants a local date-time without a zone.
      timestamp: report.startedAt.slice(0, 19),
    })}>`,
    '    <properties>',
    `      <property${attributes({ name: 'target', value: report.target })}/>`,
    `      <property${attributes({ name: 'timeoutMs', value: report.timeoutMs })}/>`,
    '    </properties>',
  ];
  for (const result of report.results) lines.push(...renderTestcase(result, report.interrupted));
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
