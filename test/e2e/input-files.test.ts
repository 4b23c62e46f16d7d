import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunResult, runBin } from '../helpers/bin.js';

// A token file given by mistake where JSON was expected: nothing of it may reach the terminal.
const SECRET = 'Zq9xWv7Kp2Lm-SeCrEt';
const tmp = mkdtempSync(join(tmpdir(), 'tim-callback-inputs-e2e-'));
const tokenFile = join(tmp, 'token.txt');
writeFileSync(tokenFile, `${SECRET}\n`);
// JSON up to its third line, where a secret stands in for a value.
const brokenJson = join(tmp, 'broken.json');
writeFileSync(brokenJson, `{\n  "GroupId": "@TGS#1",\n  "Name": ${SECRET}\n}\n`);
const unreachable = 'http://127.0.0.1:9/';

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** No four characters in a row of the secret appear in what was printed. */
function expectNoSecret(r: RunResult): void {
  const printed = r.stdout + r.stderr;
  for (let i = 0; i + 4 <= SECRET.length; i++) {
    expect(printed, `"${SECRET.slice(i, i + 4)}" was printed`).not.toContain(
      SECRET.slice(i, i + 4),
    );
  }
}

describe('an input file that is not JSON is located, never quoted', () => {
  it.each([
    [
      ['send', unreachable, '--payload', tokenFile],
      /--payload ".*token\.txt" is not JSON: unexpected character at line 1, column 1/,
    ],
    [
      ['send', unreachable, '--payload', brokenJson, '--json'],
      /--payload ".*broken\.json" is not JSON: unexpected character at line 3, column 11/,
    ],
    [
      ['send', unreachable, '--payload', '-'],
      /--payload "-" is not JSON: unexpected character at line 1, column 1/,
    ],
    [
      ['listen', '--port', '0', '--reply', tokenFile],
      /--reply file ".*token\.txt" is not JSON: unexpected character at line 1, column 1/,
    ],
  ])('%j: exit 2, one line saying where', async (args, message) => {
    const r = await runBin(args, { input: `${SECRET}\n` });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expectNoSecret(r);
  });

  it.each([['--request'], ['--response']])(
    'validate %s: a problem saying where (exit 1)',
    async (flag) => {
      const human = await runBin(['validate', flag, tokenFile]);
      expect(human.code).toBe(1);
      expect(human.stdout).toContain('not JSON: unexpected character at line 1, column 1');
      expectNoSecret(human);
      const json = await runBin(['validate', flag, brokenJson, '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).problems).toEqual([
        'not JSON: unexpected character at line 3, column 11',
      ]);
      expectNoSecret(json);
    },
  );

  it('replay: each corrupt line is skipped with its line and column', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await runBin(['replay', tokenFile, unreachable, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /line 1 of .*token\.txt skipped: not JSON: unexpected character at column 1/,
      );
      expectNoSecret(r);
    }
  });
});
