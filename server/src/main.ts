/** Process entry point: `npm start` runs this. Prints the URL to open. */
import { createApp } from './app.js';
import { StartupError } from './config.js';

try {
  const app = await createApp();
  console.log(`\n  Mediation room is running.\n  Open ${app.ctx.config.publicUrl}\n`);
  const shutdown = async (signal: string) => {
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
