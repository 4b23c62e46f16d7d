import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/temp-dir-guard.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // npm run coverage (scripts/coverage.js): every process a test starts, the built bin above
    // all, writes its V8 coverage there. Set in the tests' environment, not vitest's own.
    env: process.env.TIM_BIN_COVERAGE ? { NODE_V8_COVERAGE: process.env.TIM_BIN_COVERAGE } : {},
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      exclude: ['src/**/*.generated.ts', 'src/**/*.d.ts'],
      reporter: ['json'],
      reportsDirectory: 'coverage/vitest',
    },
  },
});
