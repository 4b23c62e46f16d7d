// npm run build, second step: bundles tsc's dist/main.js for the bin, so that a start reads a few
// files instead of resolving and reading hundreds of modules. Each command stays a lazy chunk.
// The bundle is CommonJS (.cjs): Node starts a CommonJS program without its ES module loader,
// which is most of the start-up of a short command (npm run bench, "start-up"). Comments and
// whitespace go (undici's sources are mostly comments); names stay, so stack traces still read.
// tsc's per-module output stays in dist/ as well (the benchmark imports it); the chunks sit
// beside it, one level below the package root like src/package-root.ts.
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'rolldown';

const require = createRequire(import.meta.url);

// Chunk names carry a content hash: clear the last build's so that they do not pile up.
for (const name of readdirSync('dist')) {
  if (/^(chunk-.*\.c?js|tim-callback\.c?js)$/.test(name)) rmSync(`dist/${name}`);
}

// Dependencies load builtins up front that a run seldom or never needs: commander
// node:child_process (executable subcommands, which tim-callback has none of), undici node:http2
// (HTTP/2, off unless allowH2) and node:assert (only ever called as assert(value), to catch its own
// bugs). Each gets a stand-in that loads the real module only when it is really used; undici's
// http2 stand-in carries the few constants it reads at load, copied from this Node's node:http2.
const h2 = require('node:http2').constants;
const H2_CONSTANTS = Object.fromEntries(
  [
    'HTTP2_HEADER_AUTHORITY',
    'HTTP2_HEADER_METHOD',
    'HTTP2_HEADER_PATH',
    'HTTP2_HEADER_SCHEME',
    'HTTP2_HEADER_CONTENT_LENGTH',
    'HTTP2_HEADER_EXPECT',
    'HTTP2_HEADER_STATUS',
    'HTTP2_HEADER_PROTOCOL',
    'NGHTTP2_REFUSED_STREAM',
    'NGHTTP2_CANCEL',
  ].map((name) => [name, h2[name]]),
);
const STAND_INS = {
  'node:child_process': {
    from: '/node_modules/commander/',
    code: "exports.spawn = (...args) => require('node:child_process').spawn(...args);",
  },
  'node:assert': {
    from: '/node_modules/undici/',
    code: "module.exports = (value, message) => { if (!value) require('node:assert')(value, message); };",
  },
  'node:http2': {
    from: '/node_modules/undici/',
    code: `exports.constants = ${JSON.stringify(H2_CONSTANTS)};
exports.connect = (...args) => require('node:http2').connect(...args);`,
  },
};
const lazyBuiltins = {
  name: 'lazy-builtins',
  resolveId(source, importer) {
    const standIn = STAND_INS[source];
    if (standIn !== undefined && importer?.includes(standIn.from)) return `\0lazy:${source}`;
    return null;
  },
  load(id) {
    return id.startsWith('\0lazy:') ? STAND_INS[id.slice('\0lazy:'.length)].code : null;
  },
};

await build({
  input: { 'tim-callback': 'dist/main.js' },
  platform: 'node',
  logLevel: 'warn',
  plugins: [lazyBuiltins],
  output: {
    dir: 'dist',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunk-[name]-[hash].cjs',
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  },
});
