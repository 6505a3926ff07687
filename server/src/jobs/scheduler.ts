/**
 * Durable scheduled jobs on the embedded store (a small job table, `JobStore`): a feature
 * schedules work by a unique key (scheduling twice keeps the first, so a hook that fires twice
 * cannot send twice), and its own scheduler runs the job kinds it owns when they come due. A job
 * is claimed atomically with a lease before it runs and marked done after, so it runs once even
 * when ticks overlap, and a job that was scheduled before a restart runs after it. A handler that
 * throws is retried later, a few times, then given up with its error kept.
 *
 * The clock is injectable: tests move time forward with `runDueJobs(ctx, at)` instead of waiting.
 * On PostgreSQL a well-kept queue (pg-boss) would take this file's place behind the same calls.
 */
import type { Logger } from 'pino';
import type { JobRecord, JobStore } from '../storage/followupTypes.js';

export type JobHandler = (job: JobRecord, now: number) => Promise<void>;

export interface SchedulerOptions {
  store: JobStore;
  log: Logger;
  /** Job kind → handler. Only these kinds are claimed by this scheduler. */
  handlers: Record<string, JobHandler>;
  clock?: () => number;
  /** How often due jobs are looked for (a scheduled job also pokes the scheduler). */
  intervalMs?: number;
}

const LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;
const BATCH = 20;
const retryDelay = (attempts: number): number => Math.min(6 * 3600_000, 60_000 * 4 ** (attempts - 1));

export class Scheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private closed = false;
  readonly clock: () => number;

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock ?? Date.now;
  }

  /** Adds a job (idempotent by key); a job due now runs at once. */
  async schedule(key: string, kind: string, runAt: number, payload: Record<string, unknown>): Promise<boolean> {
    if (!this.opts.handlers[kind]) throw new Error(`no handler for job kind ${kind}`);
    const added = await this.opts.store.schedule({ key, kind, runAt, payload });
    if (added && runAt <= this.clock()) this.poke();
    return added;
  }

  start(): void {
    const every = this.opts.intervalMs ?? 30_000;
    this.timer = setInterval(() => this.poke(), every);
    this.timer.unref();
    this.poke();
  }

  /** Runs what is due soon, without waiting (errors are logged). */
  poke(): void {
    if (this.closed) return;
    void this.tick().catch((err: unknown) => this.opts.log.error({ err }, 'job scheduler tick failed'));
  }

  /** Runs every job due at `now` (default: the clock); returns how many ran. One tick at a time. */
  async tick(now: number = this.clock()): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.runDue(now);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async runDue(now: number): Promise<number> {
    let ran = 0;
    const kinds = Object.keys(this.opts.handlers);
    for (;;) {
      if (this.closed) return ran;
      const jobs = await this.opts.store.claimDue(now, kinds, BATCH, LEASE_MS);
      if (jobs.length === 0) return ran;
      for (const job of jobs) {
        try {
          await this.opts.handlers[job.kind]!(job, now);
          await this.opts.store.complete(job.key, this.clock());
        } catch (err) {
          const message = (err as Error).message;
          const retryAt = job.attempts >= MAX_ATTEMPTS ? null : now + retryDelay(job.attempts);
          this.opts.log.warn({ job: job.key, attempts: job.attempts, err: message }, retryAt ? 'job failed; will retry' : 'job failed; giving up');
          await this.opts.store.failed(job.key, message, retryAt, this.clock());
        }
        ran += 1;
      }
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}

/** Every scheduler of a running app, so tests (and diagnostics) can run due jobs at a chosen time. */
const registry = new WeakMap<object, Set<Scheduler>>();

export function registerScheduler(owner: object, s: Scheduler): () => void {
  const set = registry.get(owner) ?? new Set<Scheduler>();
  set.add(s);
  registry.set(owner, set);
  return () => void set.delete(s);
}

/** Runs the jobs of every feature of the app that are due at `at` (tests pass a future instant). */
export async function runDueJobs(owner: object, at: number): Promise<number> {
  let ran = 0;
  for (const s of registry.get(owner) ?? []) ran += await s.tick(at);
  return ran;
}
