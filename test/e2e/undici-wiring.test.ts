import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';

// src/io/http-client.ts loads undici's dispatcher by its private paths (the public entry costs a
// one-shot send a large share of its start-up) and wires the request API onto it as undici's
// index.js does. Private paths are not covered by semver: the version is pinned, and these tests
// fail when the wiring drifts from what the public export gives.
const require = createRequire(import.meta.url);
const HTTP_CLIENT = new URL('../../dist/io/http-client.js', import.meta.url).href;

/** The method names on an object's prototype chain, in a fresh process running `setup`. */
function methodsIn(setup: string): {
  direct: string[];
  proxied: string[];
  publicEntryLoaded: boolean;
} {
  const script = `
    import { createRequire } from 'node:module';
    const require = createRequire(import.meta.url);
    const names = (object) => {
      const found = new Set();
      for (let p = Object.getPrototypeOf(object); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
        for (const name of Object.getOwnPropertyNames(p)) {
          if (typeof Object.getOwnPropertyDescriptor(p, name).value === 'function') found.add(name);
        }
      }
      return [...found].sort();
    };
    ${setup}
    const publicEntryLoaded = Object.keys(require.cache).some((k) => /undici[\\\\/]index\\.js$/.test(k));
    process.stdout.write(JSON.stringify({ direct: names(direct), proxied: names(proxied), publicEntryLoaded }));
    await Promise.all([direct.close(), proxied.close()]);
  `;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('../..', import.meta.url),
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout);
}

describe("undici's private paths", () => {
  it('are pinned to the exact version installed', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg.dependencies.undici).toMatch(/^\d+\.\d+\.\d+$/);
    expect(require('undici/package.json').version).toBe(pkg.dependencies.undici);
  });

  it('are the very classes and API functions the public export gives', () => {
    const undici = require('undici');
    expect(require('undici/lib/dispatcher/agent.js')).toBe(undici.Agent);
    expect(require('undici/lib/dispatcher/env-http-proxy-agent.js')).toBe(undici.EnvHttpProxyAgent);
    expect(require('undici/lib/dispatcher/dispatcher.js')).toBe(Dispatcher);
    const api = require('undici/lib/api/index.js') as Record<string, unknown>;
    expect(Object.keys(api).length).toBeGreaterThan(0);
    for (const [name, fn] of Object.entries(api)) {
      expect(Dispatcher.prototype[name as keyof Dispatcher], name).toBe(fn);
    }
  });

  it("give http-client's dispatchers every method the public export's have, without loading it", () => {
    const ours = methodsIn(`
      const { createDispatcher } = await import(${JSON.stringify(HTTP_CLIENT)});
      const direct = createDispatcher({ env: {} });
      const proxied = createDispatcher({ env: { HTTP_PROXY: 'http://127.0.0.1:9' } });
    `);
    const theirs = methodsIn(`
      const { Agent, EnvHttpProxyAgent } = require('undici');
      const direct = new Agent();
      const proxied = new EnvHttpProxyAgent({ httpProxy: 'http://127.0.0.1:9' });
    `);
    expect(ours.publicEntryLoaded).toBe(false);
    expect(theirs.publicEntryLoaded).toBe(true);
    expect(ours.direct).toContain('request');
    expect(ours.proxied).toContain('connect');
    expect(ours.direct).toEqual(theirs.direct);
    expect(ours.proxied).toEqual(theirs.proxied);
  });
});
