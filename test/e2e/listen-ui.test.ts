import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/bin.js';
import { spawnListen } from '../helpers/listen.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe('listen --ui', () => {
  it('refuses a port that is not one, with a usage error naming --ui', async () => {
    const result = await runBin(['listen', '--port', '0', '--ui', '70000']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--ui');
    expect(result.stdout).toBe('');
  });

  it('stops with a usage error when the inspector port is taken, leaving nothing listening', async () => {
    const taken = createServer();
    servers.push(taken);
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    const result = await runBin(['listen', '--port', '0', '--ui', String(port)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use (--ui)`);
  });

  it('prints the page address in the banner, on stderr with --json, and serves the page there', async () => {
    const listen = spawnListen(['--port', '0', '--ui', '--json']);
    await listen.firstLine;
    await expect
      .poll(() => /inspector: http:\/\/127\.0\.0\.1:\d+\//.test(listen.stderr()))
      .toBe(true);
    const url = /inspector: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(listen.stderr())?.[1] as string;
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await page.text()).toContain('tim-callback inspector');
    const stopped = await listen.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toBe('');
  });
});
