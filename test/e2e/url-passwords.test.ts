import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';
import { portOf, post, spawnListen } from '../helpers/listen.js';
import { recordLine, SPACED_BODY } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

const PASSWORD = 'hunter2-Pa55';
const tmp = tempDirForFile('tim-callback-url-passwords-');

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});

/** The capture server's URL with a user and password in it. */
const withPassword = (path: string) => `http://ops:${PASSWORD}@127.0.0.1:${server.port}${path}`;

function expectMasked(text: string): void {
  expect(text).not.toContain(PASSWORD);
  expect(text).toContain('ops:***@');
}

describe('a password in a URL is masked in every printed line', () => {
  it('send: the request line, --dry-run, --json, load mode and the unreachable line', async () => {
    const runs = [
      ['--token', 't'],
      ['--dry-run'],
      ['--dry-run', '--json'],
      ['--json', '--token', 't'],
      ['--count', '5', '--concurrency', '2'],
      ['--count', '5', '--json'],
    ];
    for (const extra of runs) {
      const r = await runBin(['send', withPassword('/cb'), ...extra]);
      expect(r.code, extra.join(' ')).toBe(0);
      expectMasked(r.stdout + r.stderr);
    }
    const down = await runBin(['send', `http://ops:${PASSWORD}@127.0.0.1:1/cb`, '--token', 't']);
    expect(down.code).toBe(3);
    expectMasked(down.stdout);
    expect(down.stderr).not.toContain(PASSWORD);
    const notHttp = await runBin(['send', `ftp://ops:${PASSWORD}@127.0.0.1/cb`]);
    expect(notHttp.code).toBe(2);
    expectMasked(notHttp.stderr);
  });

  it('sign --url, in both output modes', async () => {
    for (const extra of [[], ['--json']]) {
      const r = await runBin(['sign', '--token', 't', '--url', withPassword('/cb'), ...extra]);
      expect(r.code).toBe(0);
      expectMasked(r.stdout);
    }
  });

  it('replay: --json lines and the could-not-reach line', async () => {
    const file = join(tmp, 'calls.jsonl');
    writeFileSync(file, `${JSON.stringify(recordLine({ body: SPACED_BODY }))}\n`);
    const r = await runBin(['replay', file, withPassword('/cb'), '--json']);
    expect(r.code).toBe(0);
    expectMasked(r.stdout);
    const down = await runBin(['replay', file, `http://ops:${PASSWORD}@127.0.0.1:1/cb`]);
    expect(down.code).toBe(3);
    expectMasked(down.stderr);
  });

  it('listen --forward-to: the banner, each relayed callback and its record line', async () => {
    for (const json of [false, true]) {
      const l = spawnListen([
        '--port',
        '0',
        '--forward-to',
        withPassword('/backend'),
        ...(json ? ['--json'] : []),
      ]);
      const port = portOf(await l.firstLine);
      const answer = await post(`http://127.0.0.1:${port}/?CallbackCommand=x`);
      expect(answer.status).toBe(200);
      const { code, stdout, stderr } = await l.stop();
      expect(code).toBe(0);
      expectMasked(stdout + stderr);
      if (json) expect(JSON.parse(stdout).forward.url).toMatch(/^http:\/\/ops:\*\*\*@127\.0\.0\.1/);
    }
  });
});
