import { defineConfig } from 'vitest/config';

// Cluster tests (tests/cluster): Redis, PostgreSQL, nginx and three node processes per file
// (helpers/cluster.ts). Files run one after another: two cores, and each starts a whole cluster.
export default defineConfig({
  test: {
    include: ['cluster/**/*.test.ts'],
    setupFiles: ['./helpers/protocolCheck.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    env: { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN ?? '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
