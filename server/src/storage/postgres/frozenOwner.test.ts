/**
 * A node frozen in the middle of a fenced write (SIGSTOP, a long pause) holds its session's fence
 * row FOR SHARE. Its successor's claim must not wait for it to wake up: the server ends the frozen
 * transaction after idle_in_transaction_session_timeout (2 s), the claim goes through, and the
 * frozen write, when its node wakes, fails with nothing stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openPostgresStores } from './index.js';
import { checkFence, createPool, PgDatabase } from './database.js';
import { startPostgres, type PostgresServer } from './testServer.js';

let server: PostgresServer;
let url = '';
beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

it('a claim goes through while the old owner is frozen inside a fenced write, and the frozen write lands nothing', async () => {
  const b = await openPostgresStores({ url, epochOf: () => 2 });
  const pool = createPool({ url, poolSize: 1 });
  pool.on('error', () => {}); // the server ends the frozen connection: expected here
  const a = new PgDatabase(pool, () => 1);
  try {
    const s = 'sess_frozen1';
    expect(await b.fencing.claim(s, 1)).toBe(true);
    let release!: () => void;
    const wake = new Promise<void>((r) => (release = r));
    // Node A: inside its transaction, fence checked (row held FOR SHARE), row written, then frozen.
    const frozen = a.tx(async (c) => {
      await checkFence(c, s, 1);
      await c.query('INSERT INTO audit (session_id, at, actor_id, actor_name, action, detail) VALUES ($1, 1, $2, $2, $3, $4)', [s, 'a', 'frozen.write', '{}']);
      await wake;
    }).then(() => 'committed', (err: unknown) => (err as Error).name);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    expect(await b.fencing.claim(s, 2)).toBe(true);
    const waited = Date.now() - started;
    expect(waited).toBeLessThan(4500); // not the statement timeout (5 s): the frozen transaction was ended
    release();
    expect(await frozen).not.toBe('committed');
    expect(await b.sessions.listAudit(s)).toEqual([]);
    expect(await b.fencing.epoch(s)).toBe(2);
  } finally {
    await pool.end().catch(() => {});
    await b.close();
  }
}, 30_000);
