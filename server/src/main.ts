/** Process entry point: `npm start` runs this. Prints the URL to open. */
import { createApp } from './app.js';
import { StartupError } from './config.js';

try {
  const app = await createApp();
  console.log(`\n  Mediation room is running.\n  Open ${app.ctx.config.publicUrl}\n`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // A cluster node drains first: no new sessions here, those here finish (or move at
    // DRAIN_DEADLINE_MS), then it exits (cluster/README.md).
    if (app.cluster && signal === 'SIGTERM') {
      app.ctx.log.info({ signal }, 'draining');
      await app.cluster.drain();
    }
    app.ctx.log.info({ signal }, 'shutting down');
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof StartupError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
