import { reportAnswer } from '../../core/contract-answer.js';
import type { CaseResult, SuiteReport } from '../../core/contract-verdict.js';

export const REPORT_SCHEMA_VERSION = 1;

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

function control(r: CaseResult) {
  if (r.control === undefined) return {};
  const accepted = r.checks.find((k) => k.name === 'control')?.ok ?? false;
  const error = r.control.kind === 'error' ? { error: r.control.message } : {};
  return { control: { accepted, answer: reportAnswer(r.control), ...error } };
}

/** The `--reporter json` document (DESIGN.md, "Output contracts"); fields may be added, not renamed. */
export function buildJsonReport(report: SuiteReport) {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    target: report.target,
    startedAt: report.startedAt,
    durationMs: round(report.durationMs),
    timeoutMs: report.timeoutMs,
    summary: report.summary,
    interrupted: report.interrupted ?? null,
    hints: report.hints,
    cases: report.results.map((r) => ({
      id: r.id,
      ...(r.command !== undefined ? { command: r.command } : {}),
      description: r.description,
      expect: r.expect,
      status: r.status,
      latencyMs: r.latencyMs === null ? null : round(r.latencyMs),
      checks: r.checks.map((k) => ({ name: k.name, ok: k.ok, message: k.message })),
      warnings: r.warnings,
      answer: reportAnswer(r.reply),
      ...control(r),
      ...(r.skipReason !== undefined ? { skipReason: r.skipReason } : {}),
    })),
  };
}

export function renderJson(report: SuiteReport): string {
  return `${JSON.stringify(buildJsonReport(report), null, 2)}\n`;
}
