import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { correctBackend, startBackend } from '../helpers/backends.js';
import { BIN } from '../helpers/bin.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const SDKAPPID = '1400054321';
const TOKEN = 'e2e-SECRET-signal-token';
const tmp = tempDirForFile('tim-callback-validate-signals-');

/**
 * Runs `validate` on the built bin against a backend that answers the first two requests and
 * holds the third; the signal is sent when that third request arrives, so the run is mid-case.
 */
async function interruptAtThirdRequest(signal: NodeJS.Signals, report: string) {
  const correct = correctBackend({ sdkAppId: SDKAPPID, token: TOKEN });
  let requests = 0;
  let child: ReturnType<typeof spawn> | undefined;
  const backend = await startBackend((request) => {
    requests += 1;
    if (requests !== 3) return correct(request);
    child?.kill(signal);
    return { ...correct(request), delayMs: 60_000 };
  });
  try {
    const args = [BIN, 'validate', backend.url, '--sdkappid', SDKAPPID];
    args.push('--cases', 'documented-example,private-group,public-group,wrong-sign');
    args.push('--reporter', 'junit', '--output', report);
    const env = { ...process.env, NO_COLOR: '1', TIM_CALLBACK_TOKEN: TOKEN };
    const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A run that ignored the signal would hang on the held answer: stop it after 20 s.
    const guard = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => proc.on('close', resolve));
    clearTimeout(guard);
    return { code, stdout, stderr };
  } finally {
    await backend.close();
  }
}

describe('tim-callback validate: SIGINT and SIGTERM', () => {
  for (const [signal, exit] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal}: writes the report with what finished, prints the summary, exits ${exit}`, async () => {
      const report = join(tmp, `${signal}.xml`);
      const r = await interruptAtThirdRequest(signal, report);
      expect(r.code).toBe(exit);
      // The finished cases were printed as they finished (stdout is a pipe here), then the summary.
      expect(r.stdout).toMatch(/^✔ documented-example .*\n✔ private-group /m);
      expect(r.stdout).toMatch(
        new RegExp(
          `^✖ interrupted by ${signal}: 2 passed, 0 failed, 0 skipped, 2 interrupted`,
          'm',
        ),
      );
      expect(r.stderr).toContain(`junit report written to ${report}`);
      const xml = readFileSync(report, 'utf8');
      expect(xml).toMatch(/<testsuite [^>]*tests="4" failures="0" errors="2"/);
      expect(xml).toContain(`<error message="interrupted by ${signal} before it finished"`);
      expect(xml + r.stdout + r.stderr).not.toContain(TOKEN);
    });
  }
});
