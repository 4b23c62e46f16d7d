import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/core/catalog/index.js';
import { aliasOf, findEntry } from '../../src/core/catalog/names.js';
import { summarize } from '../../src/core/catalog/summary.js';
import { catalogSummarizer } from '../../src/core/inspector/describe.js';
import { createInspector, type Inspector } from '../../src/io/inspector/inspector.js';
import { type RunningInspector, startInspectorServer } from '../../src/io/inspector/server.js';
import { openRecordWriter, type RecordWriter } from '../../src/io/record-writer.js';
import { launchChromium } from '../helpers/browser.js';
import {
  post,
  SDKAPPID,
  sampleBody,
  startTestListener,
  type TestListener,
  TOKEN,
} from '../helpers/listen.js';
import { recordLine } from '../helpers/records.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// The page's paging in Chromium, against an inspector run in this process with small limits: two
// requests kept in memory, older ones read back from the --record file; and a long flush window,
// so that a burst of callbacks is streamed as 20 rows and a gap the page loads on demand.

const dir = tempDirForFile('tim-callback-paging-');
let record: RecordWriter;
let inspector: Inspector;
let listener: TestListener;
let server: RunningInspector;
let browser: Browser;
let page: Page;

const rows = () => page.locator('#rows > li.row').count();

beforeAll(async () => {
  const path = join(dir, 'calls.jsonl');
  const earlier = [1, 2, 3, 4, 5].map((n) =>
    recordLine({ body: sampleBody({ GroupId: `@TGS#earlier-${n}` }) }),
  );
  writeFileSync(path, `${earlier.map((line) => JSON.stringify(line)).join('\n')}\n`);
  record = await openRecordWriter(path);
  inspector = await createInspector({
    token: TOKEN,
    tokenSource: 'env',
    tokenFile: undefined,
    sdkAppId: SDKAPPID,
    forwardTo: undefined,
    timeoutMs: 2000,
    record,
    summarizer: catalogSummarizer({ catalog: CATALOG, findEntry, aliasOf, summarize }),
    limits: { maxEntries: 2, maxBytes: 64 * 1024 * 1024 },
    events: { maxClients: 4, maxQueuedBytes: 4 * 1024 * 1024, heartbeatMs: 60_000, flushMs: 3000 },
  });
  listener = await startTestListener({
    ladder: { token: TOKEN, sdkAppId: SDKAPPID },
    record,
    onExchange: (exchange) => inspector.observe(exchange),
  });
  inspector.listenerUrl = listener.url;
  server = await startInspectorServer(inspector, 0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(server.url);
  await page.locator('#live.on').waitFor();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await listener?.close();
  await inspector?.close();
  await record?.close();
});

describe('the inspector page, paging', () => {
  it('shows the record history, and loads older requests from the file', async () => {
    // Two are kept in memory; the other three are read back from the record.
    expect(await rows()).toBe(2);
    expect(await page.locator('#rows > li.row .time.earlier').count()).toBe(2);
    expect(await page.locator('#rows > li.row .summary').first().textContent()).toContain(
      '@TGS#earlier-5',
    );
    await page.click('#older');
    await expect.poll(rows).toBe(5);
    expect(await page.locator('#rows > li.row .summary').last().textContent()).toContain(
      '@TGS#earlier-1',
    );
    expect(await page.locator('#older').isHidden()).toBe(true);
    // A request read back from the file opens like any other.
    await page.locator('#rows > li.row').last().click();
    const title = page.locator('#detail h2');
    await title.waitFor();
    expect(await title.textContent()).toBe('Group.CallbackAfterGroupDestroyed');
    await page.keyboard.press('Escape');
  });

  it('streams a burst as 20 rows and a gap, and loads the gap when asked', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(listener.callbackUrl(), sampleBody({ GroupId: `@TGS#burst-${i}` })),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const gap = page.locator('#rows > li.gap');
    await gap.waitFor();
    expect(await rows()).toBe(25);
    expect(await gap.textContent()).toContain('30 more requests arrived too fast');
    // Only the two newest are still kept: the rest of the gap is in the record file.
    await gap.locator('button').click();
    await gap.filter({ hasText: 'no longer kept' }).waitFor();
    expect(await rows()).toBe(27);
    expect(await page.locator('#count-accepted').textContent()).toBe('52');
  });
});
