import type { ChalkInstance } from 'chalk';
import { describeOutcome } from '../../core/contract-answer.js';
import type { CaseResult, SuiteReport } from '../../core/contract-verdict.js';
import { renderHuman } from './human.js';

// Workflow command escaping: docs.github.com/actions/reference/workflow-commands-for-github-actions
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error title=<title>::<message>`: GitHub Actions shows it on the run and the pull request. */
export function annotation(title: string, message: string): string {
  return `::error title=${escapeProperty(title)}::${escapeData(message)}`;
}

function caseMessage(result: CaseResult): string {
  const broken = result.checks.filter((c) => !c.ok).map((c) => c.message);
  const said =
    result.reply?.kind === 'answer'
      ? [`the backend answered ${describeOutcome(result.reply)}`]
      : [];
  return [...broken, ...said].join('\n');
}

/** The annotations alone: one per failed or inconclusive case. */
export function renderAnnotations(report: SuiteReport): string[] {
  return report.results
    .filter((r) => r.status === 'failed' || r.status === 'inconclusive')
    .map((r) =>
      annotation(r.command === undefined ? r.id : `${r.id} (${r.command})`, caseMessage(r)),
    );
}

/** The human report followed by one annotation per failed or inconclusive case. */
export function renderGithub(report: SuiteReport, c: ChalkInstance): string {
  const notes = renderAnnotations(report);
  return `${renderHuman(report, c)}${notes.map((n) => `${n}\n`).join('')}`;
}
