import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // test/browser/*.browser.test.ts (Chromium) are included; they set their own, longer timeouts per test and hook
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
