import { type StartConcern, type StartFacts, startConcerns } from '../../core/listen-options.js';

/** The start-up warnings of `listen`, in words that name the flag to change. */
export function startWarnings(facts: StartFacts): string[] {
  return startConcerns(facts).map(wordConcern);
}

function wordConcern(concern: StartConcern): string {
  switch (concern.kind) {
    case 'open-without-token':
      return `listening on ${concern.host} without a token: anyone who reaches this port can post callbacks; pass --token-file <path> to check Sign`;
    case 'delay-beyond-timeout':
      return `--delay ${concern.delayMs} ms is beyond IM's ${concern.timeoutMs / 1000} s timeout: IM will count every answer as failed`;
    case 'reply-malformed':
      return `the --reply packet is malformed (${concern.problems.join('; ')}): IM counts such an answer as a failed callback`;
    case 'reply-not-200':
      return `answering HTTP ${concern.status}: IM counts every status but 200 as a failed callback`;
    case 'unreadable-record': {
      const n = concern.lines;
      return `${n} line${n === 1 ? '' : 's'} of ${concern.record} could not be read and ${n === 1 ? 'is' : 'are'} left out of duplicate detection`;
    }
  }
}
