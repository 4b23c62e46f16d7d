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

function renderTestcase(result: CaseResult): string[] {
  const open = `    <testcase${attributes({ classname: 'tim-callback.validate', name: result.id, time: seconds(result.latencyMs) })}>`;
  const lines = [open];
  if (result.status === 'skipped') {
    lines.push(`      <skipped${attributes({ message: result.skipReason ?? 'skipped' })}/>`);
  }
  const failed = result.checks.filter((c) => !c.ok);
  if (result.status === 'failed') {
    const first = failed[0]?.message ?? 'no answer was checked';
    const text = failed.map((c) => `${c.name}: ${c.message}`).join('\n');
    lines.push(
      `      <failure${attributes({ message: first, type: failed[0]?.name ?? 'failed' })}>${escapeXml(text)}</failure>`,
    );
  }
  const out = [result.description, ...result.warnings.map((w) => `warning: ${w}`)].join('\n');
  lines.push(`      <system-out>${escapeXml(out)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

/** A JUnit XML report: one testsuite, one testcase per case, failures carrying the failed checks. */
export function renderJunit(report: SuiteReport): string {
  const { failed, skipped, total } = report.summary;
  const counts = {
    tests: total,
    failures: failed,
    errors: 0,
    skipped,
    time: seconds(report.durationMs),
  };
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
  for (const result of report.results) lines.push(...renderTestcase(result));
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}
