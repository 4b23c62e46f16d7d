// npm run build, second step: bundles tsc's dist/main.js for the bin, so that a start reads a few
// files instead of resolving and reading hundreds of modules. Each command stays a lazy chunk.
// The bundle is CommonJS (.cjs): Node starts a CommonJS program without its ES module loader,
// which is most of the start-up of a short command (npm run bench, "start-up"). Comments and
// whitespace go (undici's sources are mostly comments); names stay, so stack traces still read.
// tsc's per-module output stays in dist/ as well (the benchmark imports it); the chunks sit
// beside it, one level below the package root like src/package-root.ts.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

// Chunk names carry a content hash: clear the last build's so that they do not pile up.
for (const name of readdirSync('dist')) {
  if (/^(chunk-.*\.c?js|tim-callback\.c?js)$/.test(name)) rmSync(`dist/${name}`);
}

// commander loads node:child_process up front, for executable subcommands, which tim-callback
// has none of: it gets a stand-in that loads the real module only if spawn is ever called.
const LAZY_CHILD_PROCESS = '\0lazy-child-process';
const lazyChildProcess = {
  name: 'lazy-child-process',
  resolveId(source, importer) {
    if (source === 'node:child_process' && importer?.includes('/node_modules/commander/')) {
      return LAZY_CHILD_PROCESS;
    }
    return null;
  },
  load(id) {
    if (id !== LAZY_CHILD_PROCESS) return null;
    return "exports.spawn = (...args) => require('node:child_process').spawn(...args);";
  },
};

await build({
  input: { 'tim-callback': 'dist/main.js' },
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyChildProcess],
  output: {
    dir: 'dist',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunk-[name]-[hash].cjs',
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  },
});
