import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/bin.js';
import { type CaptureServer, startCaptureServer } from '../helpers/capture-server.js';

// One-shot `send` is a start-up target (DESIGN: one send within 2x a bare node): it must not
// load what only load mode and -i use. The bundle's chunks are named by hash, so each loaded
// chunk is mapped back to its sources through its source map.
const REPORT_LOADED = fileURLToPath(
  new URL('../fixtures/preload/report-loaded.cjs', import.meta.url),
);
const LOAD_OR_PROMPT_ONLY = [
  /src\/io\/load-runner\.ts$/,
  /src\/io\/progress\.ts$/,
  /src\/io\/prompts\.ts$/,
  /src\/commands\/send\/load\.ts$/,
  /src\/commands\/send\/interactive\.ts$/,
  /node_modules\/cli-progress\//,
  /node_modules\/@inquirer\//,
];

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(async () => {
  await server.close();
});

/** Runs `send` (exit 0, or execFile rejects) with the preload: the sources of every file it loaded. */
async function sendSources(extra: string[]): Promise<string[]> {
  const args = ['-r', REPORT_LOADED, BIN, 'send', `${server.url}/cb`, '--sdkappid', '1400000000'];
  const run = await promisify(execFile)(process.execPath, [...args, ...extra], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = run.stderr.split('\n').find((text) => text.startsWith('loaded-files '));
  const files = JSON.parse(line?.slice('loaded-files '.length) ?? '[]') as string[];
  const sources = files
    .filter((file) => file.endsWith('.cjs') && file.includes('dist'))
    .flatMap((file) => {
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
      return map.sources.map((source) => source.replaceAll('\\', '/'));
    });
  return sources;
}

const leanViolations = (sources: string[]) =>
  sources.filter((source) => LOAD_OR_PROMPT_ONLY.some((pattern) => pattern.test(source)));

/** The callback catalogue: every command's schemas and samples, loaded only for a catalogue sample. */
const CATALOGUE = [/src\/core\/catalog\/index\.ts$/, /src\/core\/catalog\/modules\//];
const catalogueFiles = (sources: string[]) =>
  sources.filter((source) => CATALOGUE.some((pattern) => pattern.test(source)));

describe('one-shot send stays lean', () => {
  it('loads neither the load runner, the progress bar nor the prompts', async () => {
    const sources = await sendSources([]);
    expect(sources.some((source) => source.endsWith('src/commands/send/one-shot.ts'))).toBe(true);
    expect(leanViolations(sources)).toEqual([]);
  });

  it('while a load run does load its runner and progress bar (the check above can see them)', async () => {
    const sources = await sendSources(['--count', '2']);
    expect(sources.some((source) => source.endsWith('src/io/load-runner.ts'))).toBe(true);
    expect(sources.some((source) => source.endsWith('src/io/progress.ts'))).toBe(true);
  });

  it('a default send, or one of a bundled fixture, does not load the callback catalogue', async () => {
    expect(catalogueFiles(await sendSources([]))).toEqual([]);
    expect(catalogueFiles(await sendSources(['public-group']))).toEqual([]);
  });

  it('while a catalogue sample does load it (the check above can see it)', async () => {
    const sources = await sendSources(['c2c.before-send-msg']);
    expect(sources.some((source) => source.endsWith('src/core/catalog/index.ts'))).toBe(true);
    expect(sources.some((source) => source.endsWith('src/core/catalog/modules/c2c.ts'))).toBe(true);
    expect(leanViolations(sources)).toEqual([]);
  });
});
