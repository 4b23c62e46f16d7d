import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { BIN, runBin } from '../helpers/bin.js';
import { launchChromium } from '../helpers/browser.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// The inspector page of `listen --ui`, in a real Chromium, against the built bin: a listener on
// every interface (--host 0.0.0.0) with a token, an SdkAppid and a record, and `send` firing at it.

const TOKEN = 'tok-INSPECTOR-never-shown-5c1e';
const SDKAPPID = '1400000000';
const REPO = fileURLToPath(new URL('../../', import.meta.url));
// Screenshots go to docs/ for the README when asked (TIM_SCREENSHOTS=1), else to a temp dir.
const dir = tempDirForFile('tim-callback-inspector-');
const shots = process.env.TIM_SCREENSHOTS ? join(REPO, 'docs') : dir;
const tokenFile = join(dir, 'token.txt');
const recordFile = join(dir, 'calls.jsonl');
const c2cFile = join(dir, 'c2c.json');

let child: ChildProcessWithoutNullStreams;
let output = '';
let listenerUrl: string;
let inspectorUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Everything the page sent and received, to look for the token in. */
const traffic: string[] = [];

function waitForOutput(pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(output);
      if (match) {
        child.stdout.off('data', check);
        resolve(match);
      }
    };
    child.stdout.on('data', check);
    child.once('close', (code) => reject(new Error(`listen exited ${code}: ${output}`)));
    check();
  });
}

function send(...args: string[]) {
  return runBin(['send', ...args], { timeoutMs: 30_000 });
}

function sendSigned(path = '', ...args: string[]) {
  return send(`${listenerUrl}${path}`, '--sdkappid', SDKAPPID, '--token-file', tokenFile, ...args);
}

const rowCount = () => page.locator('#rows > li.row').count();

// The page's own code runs in the browser: given as text, since this project compiles without DOM types.
function inPage<T>(expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/** Waits for the list to show n rows (the page's CSP forbids a string predicate in the page). */
async function waitForRows(n: number) {
  await expect.poll(rowCount, { timeout: 15_000 }).toBe(n);
}

async function queryValue(name: string): Promise<string> {
  const cell = page.locator('#detail table.kv tr', { has: page.locator(`th:text-is("${name}")`) });
  return (await cell.locator('td').first().textContent()) ?? '';
}

beforeAll(async () => {
  writeFileSync(tokenFile, `${TOKEN}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.TIM_CALLBACK_TOKEN;
  delete env.FORCE_COLOR;
  child = spawn(
    process.execPath,
    [
      BIN,
      'listen',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--sdkappid',
      SDKAPPID,
      '--token-file',
      tokenFile,
      '--record',
      recordFile,
      '--ui',
    ],
    { env },
  );
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const [, port] = await waitForOutput(/listening on http:\/\/0\.0\.0\.0:(\d+)\//);
  listenerUrl = `http://127.0.0.1:${port}/`;
  inspectorUrl = (await waitForOutput(/inspector: (http:\/\/127\.0\.0\.1:\d+\/)/))[1] as string;

  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: inspectorUrl });
  page = await context.newPage();
  page.on('request', (request) => traffic.push(request.url(), request.postData() ?? ''));
  page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!type.startsWith('text/event-stream')) traffic.push(await response.text().catch(() => ''));
  });
  // Server-Sent Events never end, so their messages are taken from the DevTools protocol.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.eventSourceMessageReceived', (event) => traffic.push(`SSE ${event.data}`));
  await page.goto(inspectorUrl);
  await page.locator('#live.on').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('listen --ui in Chromium', () => {
  it('adds each callback to the list live as send fires it', async () => {
    expect(await rowCount()).toBe(0);
    const sent = await sendSigned();
    expect(sent.code).toBe(0);
    await waitForRows(1);
    const row = page.locator('#rows > li.row').first();
    expect(await row.getAttribute('data-verdict')).toBe('accepted');
    expect(await row.locator('.cmd').textContent()).toContain('group.after-group-destroyed');
    expect(await page.locator('#count-accepted').textContent()).toBe('1');
  });

  it('shows the failed Sign check of a forged callback, with its reason', async () => {
    const forged = await send(listenerUrl, '--sdkappid', SDKAPPID, '--token', 'forged-token');
    expect(forged.code).toBe(1);
    await waitForRows(2);
    const top = page.locator('#rows > li.row').first();
    expect(await top.getAttribute('data-verdict')).toBe('rejected');
    await top.click();
    const sign = page.locator('#detail-checks li[data-check="sign"]');
    await sign.waitFor();
    expect(await sign.getAttribute('class')).toBe('bad');
    expect(await sign.textContent()).toContain('Sign does not match the token');
    expect(await page.locator('#answer').textContent()).toContain('40102');
    await page.screenshot({ path: join(shots, 'inspector-detail.png') });
  });

  it('narrows the list by verdict, by text and by command; keys move and open', async () => {
    expect((await sendSigned('other/path')).code).toBe(0);
    await waitForRows(3);
    // Another command: the catalogue's model before-send message, as its own body.
    const entry = CATALOG.find((e) => e.command === 'C2C.CallbackBeforeSendMsg');
    writeFileSync(c2cFile, JSON.stringify(entry?.samples[0]?.body));
    expect((await sendSigned('', '--payload', c2cFile)).code).toBe(0);
    await waitForRows(4);
    expect(await page.locator('#rows > li .cmd').first().textContent()).toBe('c2c.before-send-msg');
    await page.selectOption('#command', 'C2C.CallbackBeforeSendMsg');
    await waitForRows(1);
    expect(await page.locator('#rows > li .summary').first().textContent()).toContain(
      'jared → John',
    );
    await page.selectOption('#command', '');
    await waitForRows(4);
    await page.selectOption('#verdict', 'rejected');
    await waitForRows(1);
    expect(await page.locator('#rows > li.row').first().getAttribute('data-verdict')).toBe(
      'rejected',
    );
    await page.selectOption('#verdict', '');
    await waitForRows(4);

    await page.keyboard.press('Escape');
    await page.keyboard.press('/');
    expect(await inPage<string>('document.activeElement?.id')).toBe('search');
    await page.keyboard.type('other/path');
    await waitForRows(1);
    await page.fill('#search', '');
    await waitForRows(4);

    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const selected = page.locator('#rows > li.row[aria-selected="true"]');
    expect(await selected.count()).toBe(1);
    expect(await page.locator('#rows > li.row').first().getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await page.locator('#detail h2').waitFor();
    expect(await queryValue('CallbackCommand')).toBe('C2C.CallbackBeforeSendMsg');
  });

  it('resends a callback, re-signed with a fresh RequestTime, as a new entry', async () => {
    // Signed 30 s ago: still fresh for the listener, and plainly older than a resend.
    expect((await sendSigned('', '--skew', '-30')).code).toBe(0);
    await waitForRows(5);
    await page.locator('#rows > li.row').first().click();
    await page.locator('#resend').waitFor();
    const before = Number(await queryValue('RequestTime'));
    await page.click('#resend');
    await waitForRows(6);
    expect(await page.locator('#resend-result').textContent()).toContain('answered 200');
    const top = page.locator('#rows > li.row').first();
    expect(await top.getAttribute('data-verdict')).toBe('accepted');
    // The exact body again: the same event, so the listener flags it.
    expect(await top.locator('.dup').textContent()).toBe('DUP');
    await top.click();
    await page.locator('#resend').waitFor();
    const after = Number(await queryValue('RequestTime'));
    expect(after).toBeGreaterThanOrEqual(before + 29);
  });

  it('opens a 10,000-member body at once, and its MemberList in groups', async () => {
    expect((await sendSigned('', '--members', '10000')).code).toBe(0);
    await waitForRows(7);
    const started = performance.now();
    await page.locator('#rows > li.row').first().click();
    await page.locator('#body-view').waitFor();
    const opened = performance.now() - started;
    const members = page.locator('#body-view summary', { hasText: '"MemberList"' });
    const expandStarted = performance.now();
    await members.click();
    await page.locator('#body-view summary', { hasText: '[9900 … 9999]' }).waitFor();
    const expanded = performance.now() - expandStarted;
    const fetchMs = await page.locator('#detail').getAttribute('data-fetch-ms');
    const renderMs = await page.locator('#detail').getAttribute('data-render-ms');
    console.log(
      `inspector: 10,000-member detail opened in ${opened.toFixed(0)} ms from the click (fetch ${fetchMs} ms, render ${renderMs} ms); MemberList expanded in ${expanded.toFixed(0)} ms`,
    );
    // Lazily built: 100 groups, and none of the 10,000 members until a group is opened.
    expect(await page.locator('#body-view .leaf', { hasText: 'Member_Account' }).count()).toBe(0);
    await page.locator('#body-view summary', { hasText: '[0 … 99]' }).click();
    // The group is built when it opens (its toggle event), after the click returns.
    const leaves = page.locator('#body-view .leaf', { hasText: 'Member_Account' });
    await leaves.nth(99).waitFor();
    expect(await leaves.count()).toBe(100);
  });

  it('never lets the token reach the page: not in its DOM, its traffic or what it copies', async () => {
    await page.locator('#rows > li.row').nth(2).click();
    await page.locator('#copy-curl').waitFor();
    await page.click('#copy-curl');
    // The copy ends once the line is fetched and written: the button says so.
    await page.locator('#copy-curl', { hasText: 'Copied' }).waitFor();
    const curl = await inPage<string>('navigator.clipboard.readText()');
    expect(curl).toMatch(/^curl -sS -X POST /);
    await page.click('#copy-send');
    await page.locator('#copy-send', { hasText: 'Copied' }).waitFor();
    const sendLine = await inPage<string>('navigator.clipboard.readText()');
    expect(sendLine).toContain('--token-file');
    const href = await page.locator('#download').getAttribute('href');
    const line = await inPage<string>(`fetch(${JSON.stringify(href)}).then((r) => r.text())`);
    expect(JSON.parse(line).schemaVersion).toBe(1);

    const everything = [await page.content(), curl, sendLine, ...traffic].join('\n');
    // The capture saw the record lines and the live events it is meant to search.
    expect(everything).toContain('"Sign":"');
    expect(traffic.some((t) => t.startsWith('SSE '))).toBe(true);
    expect(everything).not.toContain(TOKEN);
    expect(readFileSync(recordFile, 'utf8')).not.toContain(TOKEN);
  });

  it('follows the system theme and fits a narrow window', async () => {
    await page.keyboard.press('Escape');
    await page.locator('#detail').waitFor({ state: 'hidden' });
    await page.screenshot({ path: join(shots, 'inspector-list.png') });
    const background = () => inPage<string>('getComputedStyle(document.body).backgroundColor');
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.screenshot({ path: join(shots, 'inspector-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    await page.setViewportSize({ width: 420, height: 800 });
    await page.keyboard.press('Escape');
    await page.locator('#rows > li.row').first().click();
    const back = page.locator('#detail .back');
    await back.waitFor();
    expect(await back.isVisible()).toBe(true);
    const width = await inPage<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(420);
    await back.click();
    expect(await page.locator('#detail').isHidden()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('serves the page on 127.0.0.1 only, while the listener takes every interface', async () => {
    const port = Number(new URL(inspectorUrl).port);
    const listenerPort = Number(new URL(listenerUrl).port);
    // 127.0.0.2 is this machine too: a socket bound to every interface answers there, one bound
    // to 127.0.0.1 alone refuses it, as it refuses every address other than its own.
    expect(await tryConnect('127.0.0.2', listenerPort)).toBe('connected');
    expect(await tryConnect('127.0.0.2', port)).toBe('ECONNREFUSED');
    const bound = listeningAddresses(port);
    if (bound !== undefined) expect(bound).toEqual(['127.0.0.1']);
  });
});

function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(5000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

/** The local addresses listening on a port, from /proc/net/tcp (undefined where there is none). */
function listeningAddresses(port: number): string[] | undefined {
  let table: string;
  try {
    table = readFileSync('/proc/net/tcp', 'utf8');
  } catch {
    return undefined;
  }
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const line of table.split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    if (state !== '0A' || local === undefined || !local.endsWith(`:${hexPort}`)) continue;
    const hex = local.slice(0, 8);
    const bytes = [6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));
    addresses.push(bytes.join('.'));
  }
  return addresses;
}
