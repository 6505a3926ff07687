import { defineConfig } from 'vitest/config';

// End-to-end tests drive Debian's Chromium (fake camera and microphone) against a real server.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    env: { MEDIASOUP_WORKER_BIN: process.env.MEDIASOUP_WORKER_BIN ?? '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
