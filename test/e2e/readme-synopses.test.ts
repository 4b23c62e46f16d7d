import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The synopsis lines of a command: `tim-callback <command> …` in a code block, with continuations. */
function synopsis(command: string): string {
  const blocks = README.split('```').filter((_, i) => i % 2 === 1);
  const lines: string[] = [];
  for (const block of blocks) {
    let inside = false;
    for (const line of block.split('\n')) {
      if (new RegExp(`^tim-callback ${command}\\b`).test(line)) inside = true;
      else if (!/^\s/.test(line)) inside = false;
      if (inside) lines.push(line);
    }
  }
  return lines.join('\n');
}

function optionsOf(text: string): Set<string> {
  return new Set(text.match(/(?<![\w-])--?[a-z][a-z-]*/g) ?? []);
}

describe('the README synopses', () => {
  for (const command of [
    'listen',
    'send',
    'validate',
    'replay',
    'sign',
    'verify',
    'fixtures',
    'schema',
    'config',
    'doctor',
  ]) {
    it(`tim-callback ${command}: lists every option --help shows`, async () => {
      const help = await runBin([command, '--help']);
      const options = [
        ...optionsOf(help.stdout.split('\nOptions:\n')[1]?.split('\n\n')[0] ?? ''),
      ].filter((o) => o !== '-h' && o !== '--help' && o !== '--interactive');
      expect(options.length).toBeGreaterThan(0);
      const listed = optionsOf(synopsis(command));
      expect(options.filter((o) => !listed.has(o))).toEqual([]);
    });
  }
});
