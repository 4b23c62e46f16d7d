import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import { verifySign } from '../../src/core/sign.js';
import { runBin } from '../helpers/bin.js';
import {
  type CaptureServer,
  closedPort,
  replyOk,
  startCaptureServer,
  startLoopbackProxy,
} from '../helpers/capture-server.js';
import { portOf, post, sampleBody, spawnListen } from '../helpers/listen.js';
import { tempDirForFile, tempDirForTest } from '../helpers/temp-dir.js';

// tim-callback.config.json through the built bin: discovery from a subdirectory, a profile's
// url, SDKAppID and tokenFile (relative to the config file) used by send, validate, listen and
// doctor, the precedence of flags and environment over it, and the errors for a bad file.

const TOKEN = 'team-config-token-51c2';
const SDKAPPID = '1400000123';

let server: CaptureServer;
const root = tempDirForFile('tim-config-');
const deep = join(root, 'services', 'im');
const configFile = join(root, 'tim-callback.config.json');

beforeAll(async () => {
  server = await startCaptureServer();
  mkdirSync(join(root, 'secrets'));
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(root, 'secrets', 'token.txt'), `${TOKEN}\n`);
  chmodSync(join(root, 'secrets', 'token.txt'), 0o600);
  writeFileSync(
    configFile,
    JSON.stringify(
      {
        profiles: {
          local: {
            url: `${server.url}/im/cb`,
            sdkAppId: Number(SDKAPPID),
            tokenFile: './secrets/token.txt',
            timeout: 1500,
          },
          ci: { url: `${server.url}/ci`, tokenEnv: 'CI_TIM_TOKEN', commands: ['all'] },
          cmds: { url: `${server.url}/cmds`, commands: ['c2c.before-send-msg'] },
        },
      },
      null,
      2,
    ),
  );
});
afterAll(() => server.close());

function buildCallbackUrlFor(target: string, token: string, sdkAppId: string): string {
  return buildCallbackUrl({
    target,
    command: AFTER_GROUP_DESTROYED,
    sdkAppId,
    token,
    requestTime: Math.floor(Date.now() / 1000),
  });
}

function signedOk(url: string): boolean {
  const query = new URL(url, server.url).searchParams;
  return (
    verifySign({
      token: TOKEN,
      sign: query.get('Sign') ?? undefined,
      requestTime: query.get('RequestTime') ?? undefined,
      now: Math.floor(Date.now() / 1000),
    }).outcome === 'ok'
  );
}

describe('config: each value and where it came from', () => {
  it('found in a parent directory; a profile, env over profile, default; the token never shown', async () => {
    const r = await runBin(['config', '--profile', 'local'], {
      cwd: deep,
      env: { TIM_SDKAPPID: '42', TIM_CALLBACK_TOKEN: TOKEN },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^config file +${configFile}$`, 'm'));
    expect(r.stdout).toMatch(/^profiles +local, ci, cmds$/m);
    expect(r.stdout).toMatch(/^profile +local +flag --profile$/m);
    expect(r.stdout).toMatch(
      // The file as reached from where the command ran.
      new RegExp(
        `^url +${server.url}/im/cb +profile local in \\.\\./\\.\\./tim-callback\\.config\\.json$`,
        'm',
      ),
    );
    expect(r.stdout).toMatch(/^sdkAppId +42 +env TIM_SDKAPPID$/m);
    expect(r.stdout).toMatch(/^token +env TIM_CALLBACK_TOKEN +env TIM_CALLBACK_TOKEN$/m);
    expect(r.stdout).toMatch(/^timeout +1500 ms +profile local in /m);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('TIM_PROFILE picks the profile; --json; a tokenEnv that is not set says so', async () => {
    const r = await runBin(['config', '--json'], { cwd: deep, env: { TIM_PROFILE: 'ci' } });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.profile).toEqual({ name: 'ci', chosenBy: 'TIM_PROFILE' });
    expect(doc.settings.token).toEqual({
      from: 'env CI_TIM_TOKEN (not set)',
      source: 'profile ci in ../../tim-callback.config.json',
      sourceKind: 'profile',
    });
    expect(doc.settings.commands.value).toEqual(['all']);
    expect(doc.settings.timeout).toMatchObject({ value: 2000, sourceKind: 'default' });
  });

  it('with no config file: each value from its default', async () => {
    const empty = tempDirForTest('tim-noconfig-');
    const r = await runBin(['config'], { cwd: empty });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^config file +\(none: no tim-callback.config.json here or in a parent\)$/m,
    );
    expect(r.stdout).toMatch(/^token +\(none: callbacks go unsigned\) +default$/m);
  });
});

describe('config errors: exit 2, one line', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'token key',
      '{"profiles":{"s":{"token":"hunter2-secret"}}}',
      /profiles\.s\.token: a token is never stored in the config file; .*tokenFile.*tokenEnv/,
    ],
    [
      'unknown key',
      '{"profiles":{"staging":{"urlx":"http://a/"}}}',
      /profiles\.staging\.urlx: is not a known key; the keys here are url, sdkAppId/,
    ],
    [
      'wrong type',
      '{"profiles":{"s":{"timeout":"fast"}}}',
      /profiles\.s\.timeout: must be a whole number of milliseconds/,
    ],
    [
      'not JSON',
      '{\n  "profiles": {,}\n}',
      /is not JSON: expected a property name in double quotes at line 2, column 16/,
    ],
  ];
  it.each(cases)('%s', async (_name, text, message) => {
    const dir = tempDirForTest('tim-badconfig-');
    writeFileSync(join(dir, 'tim-callback.config.json'), text);
    for (const args of [['config'], ['send', '--dry-run'], ['doctor', 'http://127.0.0.1:9/']]) {
      const r = await runBin(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toContain('hunter2');
    }
  });

  it('--config that does not exist, an unknown profile, a profile without a file', async () => {
    const missing = await runBin(['config', '--config', 'nope.json'], { cwd: deep });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --config "nope.json": no such file/);
    const unknown = await runBin(['send', '--profile', 'prod'], { cwd: deep });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /--profile names profile "prod", which .* does not have; its profiles: local, ci, cmds/,
    );
    const empty = tempDirForTest('tim-noconfig-');
    const none = await runBin(['validate'], { cwd: empty, env: { TIM_PROFILE: 'ci' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /TIM_PROFILE names profile "ci", but no tim-callback.config.json was found/,
    );
  });
});

describe('a profile in use', () => {
  it("send: the profile's url, SDKAppID and tokenFile (relative to the config file); a sample as the one word", async () => {
    server.reply = replyOk;
    const before = server.requests.length;
    const r = await runBin(['send', '--profile', 'local', 'community-group'], { cwd: deep });
    expect(r.code, r.stderr).toBe(0);
    const sent = server.requests[before];
    expect(sent?.url).toMatch(/^\/im\/cb\?/);
    expect(new URL(sent?.url ?? '', server.url).searchParams.get('SdkAppid')).toBe(SDKAPPID);
    expect(signedOk(sent?.url ?? '')).toBe(true);
    expect(JSON.parse(String(sent?.body)).Type).toBe('Community');
    expect(r.stdout).not.toContain(TOKEN);
  });

  it('send: a flag beats the environment, which beats the profile', async () => {
    const before = server.requests.length;
    const flag = await runBin(['send', `${server.url}/flag`, '--sdkappid', '7'], {
      cwd: deep,
      env: { TIM_PROFILE: 'local', TIM_SDKAPPID: '8' },
    });
    expect(flag.code, flag.stderr).toBe(0);
    const env = await runBin(['send'], {
      cwd: deep,
      env: { TIM_PROFILE: 'local', TIM_SDKAPPID: '8' },
    });
    expect(env.code, env.stderr).toBe(0);
    const [a, b] = server.requests.slice(before).map((q) => new URL(q.url, server.url));
    expect([a?.pathname, a?.searchParams.get('SdkAppid')]).toEqual(['/flag', '7']);
    expect([b?.pathname, b?.searchParams.get('SdkAppid')]).toEqual(['/im/cb', '8']);
  });

  it('validate: the profile stands in for <url>', async () => {
    const r = await runBin(['validate', '--profile', 'local', '--cases', 'documented-example'], {
      cwd: deep,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${server.url}/im/cb`);
  });

  it("validate: the profile's commands stand in for --command; a --command given wins", async () => {
    server.reply = replyOk;
    const r = await runBin(
      ['validate', '--profile', 'cmds', '--cases', 'accept', '--reporter', 'json'],
      {
        cwd: deep,
      },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.cases.map((c: { id: string }) => c.id)).toEqual(['c2c.before-send-msg/accept']);
    const flag = await runBin(
      [
        'validate',
        '--profile',
        'cmds',
        '--command',
        'state.state-change',
        '--cases',
        'accept',
        '--json',
      ],
      { cwd: deep },
    );
    expect(flag.code, flag.stdout + flag.stderr).toBe(0);
    expect(JSON.parse(flag.stdout).cases.map((c: { command: string }) => c.command)).toEqual([
      'State.StateChange',
    ]);
    // --list shows what that run would run: the profile's command's cases.
    const list = await runBin(['validate', '--profile', 'cmds', '--list', '--json'], { cwd: deep });
    expect(list.code, list.stdout + list.stderr).toBe(0);
    const ids = JSON.parse(list.stdout).map((c: { id: string }) => c.id);
    expect(ids).toContain('c2c.before-send-msg/accept');
    expect(ids.every((id: string) => id.startsWith('c2c.before-send-msg/'))).toBe(true);
  });

  it("listen: the profile's SDKAppID and token check what arrives", async () => {
    const listen = spawnListen(['--port', '0', '--config', configFile, '--profile', 'local']);
    try {
      const port = portOf(await listen.firstLine);
      const url = `http://127.0.0.1:${port}/`;
      const good = await post(buildCallbackUrlFor(url, TOKEN, SDKAPPID), sampleBody());
      expect(good.status).toBe(200);
      const wrongApp = await post(buildCallbackUrlFor(url, TOKEN, '1'), sampleBody());
      expect(wrongApp.status).toBe(403);
      const wrongSign = await post(
        buildCallbackUrlFor(url, 'not-the-token', SDKAPPID),
        sampleBody(),
      );
      expect(wrongSign.status).toBe(401);
    } finally {
      await listen.stop();
    }
  });
});

describe('doctor through the bin', () => {
  it('a profile: all checks pass, exit 0', async () => {
    server.reply = replyOk;
    const r = await runBin(['doctor', '--profile', 'local'], { cwd: deep });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^tim-callback doctor ${server.url}/im/cb \\(profile local\\)$`, 'm'),
    );
    expect(r.stdout).toMatch(
      /^✔ token-file +\.\/secrets\/token.txt is readable and private \(mode 600\)$/m,
    );
    expect(r.stdout).toMatch(
      /^✔ callback +a signed Group.CallbackAfterGroupDestroyed answered in/m,
    );
    expect(r.stdout).toMatch(/^All checks passed\.$/m);
  });

  it('a refused port: exit 3', async () => {
    const port = await closedPort();
    const r = await runBin(['doctor', `http://127.0.0.1:${port}/cb`]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^✖ port +127.0.0.1:\d+ refuses connections/m);
  });

  it('proxy variables: shown with the password masked, and the request goes through the proxy', async () => {
    const proxy = await startLoopbackProxy();
    try {
      const withCreds = proxy.url.replace('http://', 'http://alice:s3cret@');
      const r = await runBin(['doctor', `${server.url}/via-proxy`], {
        env: { HTTP_PROXY: withCreds, NO_PROXY: 'example.internal' },
      });
      expect(r.code, r.stdout).toBe(0);
      expect(r.stdout).toContain(`HTTP_PROXY=${proxy.url.replace('http://', 'http://alice:***@')}`);
      expect(r.stdout).toMatch(/NO_PROXY=example.internal; this URL goes through the proxy$/m);
      expect(r.stdout).toMatch(/^✔ port +the proxy 127.0.0.1:\d+ accepts connections/m);
      expect(r.stdout).not.toContain('s3cret');
      expect(proxy.seen).toContain(`127.0.0.1:${server.port}`);
    } finally {
      await proxy.close();
    }
  });

  it('no URL and no profile: a usage error', async () => {
    const empty = tempDirForTest('tim-noconfig-');
    const r = await runBin(['doctor'], { cwd: empty });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^tim-callback: nothing to check; pass the URL/);
  });
});
