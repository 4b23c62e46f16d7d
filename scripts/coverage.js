// npm run coverage: the share of src/ lines that the tests run, counting what the built bin runs
// in the e2e tests too. vitest measures the modules it loads itself (V8 coverage, remapped to
// src/*.ts); every process the tests start gets NODE_V8_COVERAGE (vitest.config.ts), and c8
// remaps those dumps through the build's source maps. A line counts as covered when either saw it
// run; the lines that count are those vitest's remapping calls executable (not comments or types).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = process.cwd();
const OUT = resolve('coverage');
const RAW = resolve(OUT, 'bins-raw');
const DIST_ONLY = resolve(OUT, 'bins-dist');

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

/**
 * Keeps only the scripts of the build (dist/) from each process's dump: the rest is noise. A dump
 * cut short (a process killed while writing it, as some tests do on purpose) is left out.
 */
function keepBuildScripts() {
  const dist = pathToFileURL(resolve('dist')).href;
  mkdirSync(DIST_ONLY, { recursive: true });
  let cut = 0;
  for (const name of readdirSync(RAW)) {
    let dump;
    try {
      dump = JSON.parse(readFileSync(resolve(RAW, name), 'utf8'));
    } catch {
      cut++;
      continue;
    }
    const result = dump.result.filter((script) => script.url.startsWith(`${dist}/`));
    if (result.length > 0) writeFileSync(resolve(DIST_ONLY, name), JSON.stringify({ result }));
  }
  if (cut > 0) console.log(`(${cut} process dumps cut short were left out)`);
  rmSync(RAW, { recursive: true, force: true });
}

/** Line → hit count for each src/ file of an istanbul coverage-final.json. */
function lineHits(file) {
  const lines = new Map();
  for (const [path, data] of Object.entries(JSON.parse(readFileSync(file, 'utf8')))) {
    const hits = new Map();
    for (const [id, location] of Object.entries(data.statementMap)) {
      const line = location.start.line;
      hits.set(line, Math.max(hits.get(line) ?? 0, data.s[id]));
    }
    lines.set(relative(ROOT, path), hits);
  }
  return lines;
}

function percent(covered, total) {
  return total === 0 ? '100.0' : ((100 * covered) / total).toFixed(1);
}

/** Prints covered/total lines per folder of src/ and for src/ as a whole; returns the total. */
function report(ownLines, binLines) {
  const groups = new Map();
  let covered = 0;
  let total = 0;
  for (const [path, hits] of [...ownLines].sort(([a], [b]) => a.localeCompare(b))) {
    const bins = binLines.get(path) ?? new Map();
    const group = path.split('/').length > 2 ? path.split('/').slice(0, 2).join('/') : path;
    const sums = groups.get(group) ?? { covered: 0, total: 0 };
    for (const [line, count] of hits) {
      const seen = count > 0 || (bins.get(line) ?? 0) > 0;
      sums.total++;
      total++;
      if (seen) {
        sums.covered++;
        covered++;
      }
    }
    groups.set(group, sums);
  }
  for (const [group, sums] of groups) {
    console.log(
      `${group.padEnd(24)} ${percent(sums.covered, sums.total).padStart(5)} % of ${sums.total} lines`,
    );
  }
  console.log(
    `${'src/ (all)'.padEnd(24)} ${percent(covered, total).padStart(5)} % of ${total} lines`,
  );
  return { covered, total, percent: Number(percent(covered, total)) };
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(RAW, { recursive: true });
if (run('npm', ['run', 'build', '--silent']) !== 0) process.exit(1);
const tests = run('npx', ['vitest', 'run', '--coverage'], { TIM_BIN_COVERAGE: RAW });
keepBuildScripts();
const c8 = run('npx', [
  'c8',
  'report',
  '--temp-directory',
  DIST_ONLY,
  '--reports-dir',
  resolve(OUT, 'bins'),
  '--reporter',
  'json',
  '--exclude-after-remap',
  '--include',
  'src/**',
]);
if (c8 !== 0) process.exit(1);
console.log(
  '\nLines of src/ run by the tests (unit, integration and e2e, the built bin included):',
);
const summary = report(
  lineHits(resolve(OUT, 'vitest', 'coverage-final.json')),
  lineHits(resolve(OUT, 'bins', 'coverage-final.json')),
);
writeFileSync(resolve(OUT, 'summary.json'), `${JSON.stringify(summary)}\n`);
process.exit(tests);
