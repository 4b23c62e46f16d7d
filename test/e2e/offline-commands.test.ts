import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { KNOWN_SIGN as KNOWN, KNOWN_TIME, KNOWN_TOKEN } from '../helpers/known-answer.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const TIME = String(KNOWN_TIME);
const tmp = tempDirForFile('tim-callback-e2e-');

describe('tim-callback sign', () => {
  it('prints the documented known answer', async () => {
    const r = await runBin(['sign', '--token', KNOWN_TOKEN, '--request-time', TIME]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(KNOWN);
    expect(r.stdout).toContain(TIME);
    expect(r.stdout).not.toContain(KNOWN_TOKEN);
  });

  it('--json gives sign and requestTime, and url with --url', async () => {
    const r = await runBin([
      'sign',
      '--token',
      KNOWN_TOKEN,
      '--request-time',
      TIME,
      '--json',
      '--url',
      'https://example.com/cb?x=1',
      '--sdkappid',
      '1400000000',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sign).toBe(KNOWN);
    expect(doc.requestTime).toBe(KNOWN_TIME);
    const url = new URL(doc.url);
    expect(url.searchParams.get('x')).toBe('1');
    expect(url.searchParams.get('Sign')).toBe(KNOWN);
    expect(url.searchParams.get('SdkAppid')).toBe('1400000000');
    expect(r.stdout).not.toContain(KNOWN_TOKEN);
  });

  it('takes the token from TIM_CALLBACK_TOKEN and --token-file', async () => {
    const file = join(tmp, 'token.txt');
    writeFileSync(file, `${KNOWN_TOKEN}\n`);
    const fromEnv = await runBin(['sign', '--request-time', TIME], {
      env: { TIM_CALLBACK_TOKEN: KNOWN_TOKEN },
    });
    const fromFile = await runBin(['sign', '--request-time', TIME, '--token-file', file]);
    expect(fromEnv.stdout).toContain(KNOWN);
    expect(fromFile.stdout).toContain(KNOWN);
  });

  it('trims TIM_CALLBACK_TOKEN as it trims a token file', async () => {
    for (const value of [`${KNOWN_TOKEN}\n`, ` ${KNOWN_TOKEN} `, `${KNOWN_TOKEN}\r\n`]) {
      const r = await runBin(['sign', '--request-time', TIME], {
        env: { TIM_CALLBACK_TOKEN: value },
      });
      expect(r.stdout, JSON.stringify(value)).toContain(KNOWN);
    }
  });

  it('is a usage error without a token or with a bad time', async () => {
    const none = await runBin(['sign']);
    expect(none.code).toBe(2);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/no token.*--token/);
    const bad = await runBin(['sign', '--token', 'secret-token', '--request-time', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--request-time "soon" is not a whole number/);
    expect(bad.stderr).not.toContain('secret-token');
    expect(bad.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('tim-callback verify', () => {
  const url = `https://example.com/cb?SdkAppid=1&Sign=${KNOWN}&RequestTime=${TIME}`;

  it('explains a valid signature with exit 0, the token masked', async () => {
    const r = await runBin([
      'verify',
      url,
      '--token',
      KNOWN_TOKEN,
      '--now',
      String(KNOWN_TIME + 18),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('<token>');
    expect(r.stdout).toContain('18 s old');
    expect(r.stdout).toMatch(/valid/);
    expect(r.stdout).not.toContain(KNOWN_TOKEN);
  });

  it('exits 1 for a stale, future or wrong signature, saying which', async () => {
    const stale = await runBin([
      'verify',
      url,
      '--token',
      KNOWN_TOKEN,
      '--now',
      String(KNOWN_TIME + 88),
    ]);
    expect(stale.code).toBe(1);
    expect(stale.stdout).toMatch(/stale/);
    const future = await runBin([
      'verify',
      url,
      '--token',
      KNOWN_TOKEN,
      '--now',
      String(KNOWN_TIME - 112),
      '--json',
    ]);
    expect(future.code).toBe(1);
    expect(JSON.parse(future.stdout)).toMatchObject({
      valid: false,
      outcome: 'future',
      skewSeconds: -112,
    });
    const wrong = await runBin(['verify', url, '--token', 'nope', '--now', TIME]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/bad/);
  });

  it('widens the window with --tolerance', async () => {
    const r = await runBin([
      'verify',
      url,
      '--token',
      KNOWN_TOKEN,
      '--now',
      String(KNOWN_TIME + 88),
      '--tolerance',
      '120',
    ]);
    expect(r.code).toBe(0);
  });
});

describe('tim-callback fixtures and schema', () => {
  it('lists fixtures, in --json too', async () => {
    const r = await runBin(['fixtures', '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { name: string; kind: string; legacyName?: string }[];
    // Listed under its catalogue name once the entry holds it, under its own name until then.
    expect(
      list.find((f) => f.name === 'group-destroyed' || f.legacyName === 'group-destroyed'),
    ).toMatchObject({ kind: 'callback' });
    expect(list.find((f) => f.name === 'ok')).toMatchObject({ kind: 'response' });
  });

  it('shows one fixture, and lists the real ones for a wrong name', async () => {
    const r = await runBin(['fixtures', 'show', 'cn-edition']);
    expect(JSON.parse(r.stdout).Operator_Account).toBe('administrator');
    const missing = await runBin(['fixtures', 'show', 'group-destroy']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('did you mean group-destroyed');
    const unnamed = await runBin(['fixtures', 'show']);
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr.trim().split('\n')).toHaveLength(1);
    expect(unnamed.stderr).toMatch(
      /needs a name; .*run tim-callback fixtures to list every sample/,
    );
  });

  it('prints self-contained schemas with required at the top', async () => {
    const request = JSON.parse((await runBin(['schema', 'request'])).stdout);
    expect(request.required).toEqual(['CallbackCommand', 'GroupId', 'Type', 'Owner_Account']);
    const response = JSON.parse((await runBin(['schema', 'response'])).stdout);
    expect(response.required).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    const bad = await runBin(['schema', 'both']);
    expect(bad.code).toBe(2);
  });
});

describe('tim-callback validate --request/--response', () => {
  it('exits 0 for a valid packet and shows warnings', async () => {
    const r = await runBin(['validate', '--request', 'fixtures/callbacks/eventtime-string.json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning.*EventTime is a string/);
  });

  it('exits 1 with every problem on its own line', async () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, '{"ActionStatus":"ok","ErrorCode":"0"}');
    const r = await runBin(['validate', '--response', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('/ErrorInfo: is required');
    expect(r.stdout).toContain('/ErrorCode: must be integer');
    expect(r.stdout).toContain('/ActionStatus: must be one of "OK", "FAIL"');
  });

  it('calls content that is not JSON a problem (1), reads stdin with -', async () => {
    const r = await runBin(['validate', '--response', '-'], { input: '<html>oops</html>' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/not JSON/);
    const good = await runBin(['validate', '--response', '-', '--json'], {
      input: '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}',
    });
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ valid: true, problems: [] });
  });

  it('exits 2 for a file that cannot be read', async () => {
    const r = await runBin(['validate', '--request', join(tmp, 'missing.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*no such file/);
  });
});

describe('usage errors', () => {
  it('exit 2 with one line for an unknown command or option', async () => {
    for (const args of [['bogus'], ['sign', '--tokn', 'x'], ['fixtures', 'show']]) {
      const r = await runBin(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
  });

  it("ends each sentence with one period, also after the parser's own messages", async () => {
    for (const args of [
      ['send', 'http://127.0.0.1:1/', 'group-destroyed', 'extra'],
      ['validate', '--reporter', 'xml'],
      ['schema', 'nope'],
    ]) {
      const r = await runBin(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).not.toContain('..');
      expect(r.stderr).toMatch(/[^.]\. Run 'tim-callback --help' for usage\.\n$/);
    }
  });

  it('--token with --token-file is a usage error, for every command that takes a token', async () => {
    const file = join(tmp, 'token-both.txt');
    writeFileSync(file, 'from-file\n');
    for (const command of [['sign'], ['send', 'http://127.0.0.1:1/'], ['listen']]) {
      const r = await runBin([...command, '--token', 'x', '--token-file', file]);
      expect(r.code, command[0]).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(
        /'--token-file <path>' cannot be used with option '--token <token>'/,
      );
    }
  });

  it('--help shows examples and exits 0', async () => {
    const r = await runBin(['sign', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
  });

  it('the top-level --help shows examples, the exit codes and the environment variables', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nExamples:\n  $ tim-callback listen');
    expect(r.stdout).toMatch(
      /^Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 .*\n {2}130\/143 /m,
    );
    for (const name of ['TIM_CALLBACK_TOKEN', 'TIM_SDKAPPID', 'HTTPS_PROXY', 'NO_COLOR']) {
      expect(r.stdout).toContain(name);
    }
  });

  it('send --help says what [sample] is and where to list them', async () => {
    const r = await runBin(['send', '--help']);
    expect(r.stdout).toMatch(/^ {2}sample +the callback body to send/m);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('list them with tim-callback fixtures');
  });
});

describe('a reader that goes away', () => {
  it('ends quietly when stdout is closed early (| head)', async () => {
    const { spawn } = await import('node:child_process');
    const { BIN } = await import('../helpers/bin.js');
    // 20,000 problem lines: far more than a pipe holds, so writes go on after the reader left.
    const members = Array.from({ length: 20_000 }, (_, i) => ({ Member_Account: i }));
    const body = JSON.stringify({
      CallbackCommand: 'Group.CallbackAfterGroupDestroyed',
      GroupId: 'g',
      Type: 'Public',
      Owner_Account: 'o',
      MemberList: members,
    });
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'validate', '--request', '-'], {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
      child.stdin.end(body);
    });
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.code).toBe(1);
  });
});
