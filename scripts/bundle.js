// npm run build, second step: bundles tsc's dist/main.js for the bin, so that a start reads a few
// files instead of resolving and reading hundreds of modules. Each command stays a lazy chunk.
// The bundle is CommonJS (.cjs): Node starts a CommonJS program without its ES module loader,
// which is most of the start-up of a short command (npm run bench, "start-up"). Comments and
// whitespace go (undici's sources are mostly comments); names stay, and each output file has a
// source map (positions only), read only when a crash is reported (src/io/stack-trace.ts), so
// that its stack trace names src/*.ts lines.
// tsc's per-module output stays in dist/ as well (the benchmark imports it); the chunks sit
// beside it, one level below the package root like src/package-root.ts.
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { build } from 'rolldown';

// Chunk names carry a content hash: clear the last build's so that they do not pile up.
for (const name of readdirSync('dist')) {
  if (/^(chunk-.*\.c?js(\.map)?|tim-callback\.c?js(\.map)?)$/.test(name)) rmSync(`dist/${name}`);
}

// tsc writes a source map beside each module (tsconfig.build.json): each goes to rolldown with its
// code, so that the bundle's maps lead through dist/*.js back to src/*.ts.
const DIST = `${resolve('dist')}${sep}`;
const tscSourceMaps = {
  name: 'tsc-source-maps',
  load(id) {
    if (!id.startsWith(DIST) || !id.endsWith('.js')) return null;
    const code = readFileSync(id, 'utf8').replace(/\/\/# sourceMappingURL=\S+\s*$/, '');
    return { code, map: readFileSync(`${id}.map`, 'utf8') };
  },
};

await build({
  input: { 'tim-callback': 'dist/main.js' },
  platform: 'node',
  logLevel: 'warn',
  plugins: [tscSourceMaps],
  output: {
    dir: 'dist',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: 'chunk-[name]-[hash].cjs',
    minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
    // Maps for crash reports only: positions and file names, no sources.
    sourcemap: true,
    sourcemapExcludeSources: true,
  },
});
