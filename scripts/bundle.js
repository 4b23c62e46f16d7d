// npm run build, second step: bundles tsc's dist/cli.js for the bin, so that a start reads a few
// files instead of resolving and reading hundreds of modules. Each command stays a lazy chunk.
// tsc's per-module output stays in dist/ as well (the benchmark imports it); the chunks sit
// beside it, one level below the package root like src/package-root.ts.
import { readdirSync, rmSync } from 'node:fs';
import { build } from 'rolldown';

// Chunk names carry a content hash: clear the last build's so that they do not pile up.
for (const name of readdirSync('dist')) {
  if (/^chunk-.*\.js$/.test(name)) rmSync(`dist/${name}`);
}

await build({
  input: { 'tim-callback': 'dist/cli.js' },
  platform: 'node',
  logLevel: 'warn',
  output: {
    dir: 'dist',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunk-[name]-[hash].js',
  },
});
