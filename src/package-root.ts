// The package root, from this module's own place: src/package-root.ts, dist/package-root.js and
// the bundled chunks in dist/ all sit one level below it.
export const PACKAGE_ROOT = new URL('../', import.meta.url);
