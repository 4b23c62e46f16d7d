import { existsSync, lstatSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { startCaptureServer } from '../helpers/capture-server.js';
import { tempDirForTest } from '../helpers/temp-dir.js';

const TOKEN = 'tok-export-S3CRET-55aa';
const URL = 'http://127.0.0.1:9/im/callback';

describe('send --export k6', () => {
  it('prints the script on stdout, sends nothing, and never writes the token', async () => {
    const server = await startCaptureServer();
    try {
      const result = await runBin(
        ['send', `${server.url}/cb`, '--count', '500', '--concurrency', '20', '--export', 'k6'],
        { env: { TIM_CALLBACK_TOKEN: TOKEN } },
      );
      expect(result.code).toBe(0);
      expect(server.requests).toHaveLength(0);
      expect(result.stdout).toMatch(/^import http from 'k6\/http';$/m);
      expect(result.stdout).toMatch(/"http_req_duration": \[\s*"max<=2000"\s*\]/);
      expect(result.stdout).toMatch(/"iterations": 500/);
      expect(result.stdout).toContain('__ENV.TIM_CALLBACK_TOKEN');
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    } finally {
      await server.close();
    }
  });

  it('--output writes a new file; an existing one needs --force', async () => {
    const dir = tempDirForTest('tim-callback-export-');
    const file = join(dir, 'load.js');
    const first = await runBin(['send', URL, '--export', 'k6', '--output', file], {
      env: { TIM_CALLBACK_TOKEN: TOKEN },
    });
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toMatch(/export default function/);
    expect(readFileSync(file, 'utf8')).not.toContain(TOKEN);

    writeFileSync(file, 'mine');
    const again = await runBin(['send', URL, '--export', 'k6', '--output', file]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; add --force/);
    expect(readFileSync(file, 'utf8')).toBe('mine');

    const forced = await runBin(['send', URL, '--export', 'k6', '--output', file, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/export default function/);
  });

  it('never writes through a symbolic link, even with --force', async () => {
    const dir = tempDirForTest('tim-callback-export-');
    const target = join(dir, 'elsewhere.txt');
    writeFileSync(target, 'keep');
    const link = join(dir, 'link.js');
    symlinkSync(target, link);
    const result = await runBin(['send', URL, '--export', 'k6', '--output', link, '--force']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/it is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it('usage errors: an unknown format, --output without --export, with --dry-run', async () => {
    const dir = tempDirForTest('tim-callback-export-');
    const unknown = await runBin(['send', URL, '--export', 'jmeter']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/k6/);
    const file = join(dir, 'x.js');
    const noExport = await runBin(['send', URL, '--output', file]);
    expect(noExport.code).toBe(2);
    expect(noExport.stderr).toMatch(/--output goes with --export k6/);
    expect(existsSync(file)).toBe(false);
    const dry = await runBin(['send', URL, '--export', 'k6', '--dry-run']);
    expect(dry.code).toBe(2);
  });
});
