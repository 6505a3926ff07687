/**
 * The mediasoup worker pool: one worker per core (config.mediasoup.numWorkers), each session's
 * router placed on the next live worker in turn. A worker that dies is replaced; the registry
 * moves the sessions it carried to a live worker (their people reconnect), so one crash costs a
 * few seconds of media, not the session.
 */
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { StartupError, type Config } from '../../config.js';

export interface WorkerPool {
  /** The next live worker; throws when none is running (a replacement may be on its way). */
  next(): types.Worker;
  /** The next live worker, waiting for a replacement when none is running. */
  live(): Promise<types.Worker>;
  /** The live workers. */
  readonly workers: readonly types.Worker[];
  /** How many workers are configured (the pool tries to keep this many alive). */
  readonly size: number;
  close(): void;
}

/**
 * mediasoup 3.8.4 frames every request to its worker with the `netstring` package, which calls
 * the deprecated `Buffer()` constructor. For the first 10,000 such calls of a process, Node
 * captures a stack trace on each one to decide whether to print the DEP0005 warning (it stays
 * silent for code under node_modules) and stops checking once the warning has been emitted. In a
 * busy room those stack captures cost the server more CPU than the requests themselves (the
 * `sfu` bench's profile: ~10% of the server's CPU until the 10,000th request). Emitting that one
 * warning now, silenced, ends the checks; our own code never calls `Buffer()` (typed out).
 */
function settleBufferDeprecationCheck(): void {
  const silenced = process.noDeprecation;
  process.noDeprecation = true;
  try {
    (Buffer as unknown as (size: number) => Buffer)(0);
  } finally {
    process.noDeprecation = silenced;
  }
}

/** Respawn delays after consecutive failures: quick for a one-off crash, slower for a crash loop. */
const RESPAWN_DELAYS_MS = [0, 1_000, 5_000, 30_000];

export async function createWorkerPool(config: Config['mediasoup'], log: Logger): Promise<WorkerPool> {
  // mediasoup 3.8.4 reads MEDIASOUP_WORKER_BIN once, when the module is first loaded.
  if (config.workerBin) process.env.MEDIASOUP_WORKER_BIN = config.workerBin;
  const mediasoup = await import('mediasoup');
  settleBufferDeprecationCheck();
  const workers: types.Worker[] = [];
  let closed = false;
  let failures = 0;
  const timers = new Set<NodeJS.Timeout>();

  const spawn = () => mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: config.rtcMinPort, rtcMaxPort: config.rtcMaxPort });

  /** Callers of live() waiting for a worker while none is running. */
  const waiting: Array<(w: types.Worker) => void> = [];
  const adopt = (worker: types.Worker) => {
    workers.push(worker);
    for (const resolve of waiting.splice(0)) resolve(worker);
    worker.on('died', (err) => {
      const i = workers.indexOf(worker);
      if (i >= 0) workers.splice(i, 1);
      log.error({ err, pid: worker.pid, alive: workers.length }, 'mediasoup worker died; starting a replacement (its sessions move to a live worker)');
      scheduleRespawn();
    });
  };

  const scheduleRespawn = () => {
    if (closed) return;
    const delay = RESPAWN_DELAYS_MS[Math.min(failures, RESPAWN_DELAYS_MS.length - 1)]!;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      spawn().then(
        (worker) => {
          if (closed) return void worker.close();
          failures = 0;
          adopt(worker);
          log.warn({ pid: worker.pid, alive: workers.length }, 'mediasoup worker replaced');
        },
        (err: unknown) => {
          failures++;
          log.error({ err, alive: workers.length }, 'could not start a replacement mediasoup worker; retrying');
          scheduleRespawn();
        },
      );
    }, delay);
    timers.add(timer);
  };

  for (let i = 0; i < config.numWorkers; i++) {
    try {
      adopt(await spawn());
    } catch (err) {
      for (const w of workers) w.close();
      const bin = config.workerBin ?? "mediasoup's own build";
      throw new StartupError(`Cannot start the mediasoup worker (${bin}): ${(err as Error).message}. Set MEDIASOUP_WORKER_BIN to a working mediasoup-worker 3.8.4 (see README).`);
    }
  }
  let turn = 0;
  const pool: WorkerPool = {
    workers,
    size: config.numWorkers,
    next() {
      // `died` removes a worker, but a closed one may not have reported yet: skip it too.
      const live = workers.filter((w) => !w.closed);
      if (live.length === 0) throw new Error('No mediasoup worker is running; media is unavailable until one restarts.');
      const w = live[turn % live.length]!;
      turn++;
      return w;
    },
    live() {
      if (workers.some((w) => !w.closed)) return Promise.resolve(pool.next());
      return new Promise((resolve) => waiting.push(resolve));
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const w of workers) w.close();
    },
  };
  return pool;
}
