import {
  DENIED_CAUSE,
  type DeliveryOutcome,
  describeOutcome,
  type GivenFlags,
  isAccepted,
  likelyCause,
} from './contract-answer.js';
import type { CaseResult } from './contract-verdict.js';

/**
 * Hints that name the real cause of a bad run, worked out from the pattern of answers to the
 * valid callbacks (acceptance cases and probe controls) and from the flags that were given.
 */
export function suiteHints(results: readonly CaseResult[], given: GivenFlags): string[] {
  return [...skipHints(results), ...refusalHints(results, given)];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function skipHints(results: readonly CaseResult[]): string[] {
  const skipped = results.filter((r) => r.skipReason?.startsWith('needs ') === true);
  if (skipped.length === 0) return [];
  const flags = [...new Set(skipped.map((r) => r.skipReason?.replace(/^needs /, '') ?? ''))];
  return [
    `${plural(skipped.length, 'case')} skipped: pass ${flags.join(' and ')} to run ${skipped.length === 1 ? 'it' : 'them'}`,
  ];
}

interface ValidAnswer {
  outcome: DeliveryOutcome;
  /** A before-callback's control answered OK but not allowed: a refusal all the same. */
  denied: 'denied' | 'did not allow' | undefined;
}

/** Every answer to a valid callback: the deliveries of acceptance cases and the probes' controls. */
function validAnswers(results: readonly CaseResult[]): ValidAnswer[] {
  return results.flatMap((r) => {
    if (r.control !== undefined) return [{ outcome: r.control, denied: r.controlDenied }];
    return r.expect === 'accept' && r.reply !== null
      ? [{ outcome: r.reply, denied: undefined }]
      : [];
  });
}

function refusalHints(results: readonly CaseResult[], given: GivenFlags): string[] {
  const valid = validAnswers(results);
  const denied = valid.find((a) => a.denied !== undefined);
  const deniedHint = denied
    ? [
        `the backend ${denied.denied} a valid callback (${describeOutcome(denied.outcome)}): ${DENIED_CAUSE}`,
      ]
    : [];
  const refused = valid.filter((a) => a.denied === undefined && !isAccepted(a.outcome));
  if (refused.length === 0) return deniedHint;
  const causes = new Map<string, DeliveryOutcome>();
  for (const { outcome } of refused) {
    const cause = likelyCause(outcome, given);
    if (!causes.has(cause)) causes.set(cause, outcome);
  }
  if (refused.length < valid.length) {
    // Some valid callbacks were taken: only a cause the answer itself names is worth a hint.
    const named = [...causes].filter(([cause]) => cause.includes('--sdkappid'));
    return [
      ...named.map(([cause, o]) => `the backend answered ${describeOutcome(o)}: ${cause}`),
      ...deniedHint,
    ];
  }
  const all =
    valid.length === 1 ? 'the valid callback was' : `all ${valid.length} valid callbacks were`;
  return [...causes].map(([cause, o]) => `${all} refused (${describeOutcome(o)}): ${cause}`);
}
