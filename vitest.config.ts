import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Every test talks to real sockets on loopback; none should need more than this.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
