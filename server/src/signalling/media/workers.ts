/**
 * The mediasoup worker pool: one worker per core (config.mediasoup.numWorkers), each session's
 * router placed on the next worker in turn.
 */
import type { types } from 'mediasoup';
import type { Config } from '../../config.js';
import type { Logger } from 'pino';

export interface WorkerPool {
  next(): types.Worker;
  readonly workers: readonly types.Worker[];
  close(): void;
}

export async function createWorkerPool(config: Config['mediasoup'], log: Logger): Promise<WorkerPool> {
  // mediasoup 3.8.4 reads MEDIASOUP_WORKER_BIN once, when the module is first loaded.
  if (config.workerBin) process.env.MEDIASOUP_WORKER_BIN = config.workerBin;
  const mediasoup = await import('mediasoup');
  const workers: types.Worker[] = [];
  for (let i = 0; i < config.numWorkers; i++) {
    const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: config.rtcMinPort, rtcMaxPort: config.rtcMaxPort });
    worker.on('died', (err) => log.error({ err, pid: worker.pid }, 'mediasoup worker died; its sessions lose media until restart'));
    workers.push(worker);
  }
  let turn = 0;
  return {
    workers,
    next() {
      const w = workers[turn % workers.length]!;
      turn++;
      return w;
    },
    close() {
      for (const w of workers) w.close();
    },
  };
}
