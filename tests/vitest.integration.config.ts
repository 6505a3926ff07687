import { defineConfig } from 'vitest/config';

// Integration tests start real servers (port 0), real mediasoup workers and real clients.
export default defineConfig({
  test: {
    include: ['integration/**/*.test.ts'],
    // Every socket.io test client's protocol violations fail a test, closed or not.
    setupFiles: ['./helpers/protocolCheck.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts its own server and mediasoup workers; two cores, so keep files sequential.
    fileParallelism: false,
    env: { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN ?? '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
