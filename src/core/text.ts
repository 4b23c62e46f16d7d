/** "1 line", "3 lines": a count with its noun, singular for exactly one. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
