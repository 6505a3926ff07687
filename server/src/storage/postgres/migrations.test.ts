/**
 * PostgreSQL migrations on a real server: the same version numbers as SQLite's (a SQLite migration
 * nobody mirrored fails here), applied once even when several nodes start together, recorded with
 * their names, and a database from a newer server refused at start-up.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartupError } from '../../config.js';
import { MIGRATIONS as SQLITE_MIGRATIONS } from '../sqlite/migrations.js';
import { PG_MIGRATIONS } from './migrations.js';
import { openPostgresStores } from './index.js';
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

let n = 0;
const schema = () => `m${++n}`;

async function recorded(s: string): Promise<Array<{ version: number; name: string }>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(`SELECT version, name FROM "${s}".schema_migrations ORDER BY version`)).rows.map((r) => ({ version: Number(r.version), name: String(r.name) }));
  } finally {
    await c.end();
  }
}

describe('PostgreSQL migrations', () => {
  it('has a migration for every SQLite version, under the same number', () => {
    const pgVersions = new Set(PG_MIGRATIONS.map((m) => m.version));
    const missing = SQLITE_MIGRATIONS.map((m) => m.version).filter((v) => !pgVersions.has(v));
    expect(missing, 'SQLite migrations without a PostgreSQL twin (add them to postgres/migrations.ts)').toEqual([]);
    const sqliteVersions = new Set(SQLITE_MIGRATIONS.map((m) => m.version));
    // Only the fence (its table and its check function) is PostgreSQL's own.
    expect(PG_MIGRATIONS.map((m) => m.version).filter((v) => !sqliteVersions.has(v))).toEqual([100, 101]);
  });

  it('applies each migration once when three nodes start at the same moment, and nothing on a restart', async () => {
    const s = schema();
    const nodes = await Promise.all([1, 2, 3].map(() => openPostgresStores({ url, schema: s, poolSize: 2 })));
    for (const node of nodes) await node.close();
    const rows = await recorded(s);
    expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((m) => m.version));
    expect(rows.map((r) => r.name)).toEqual(PG_MIGRATIONS.map((m) => m.name));
    const again = await openPostgresStores({ url, schema: s, poolSize: 2 });
    await again.close();
    expect(await recorded(s)).toEqual(rows);
  });

  it('refuses a database written by a newer server, in one line', async () => {
    const s = schema();
    await (await openPostgresStores({ url, schema: s, poolSize: 2 })).close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`INSERT INTO "${s}".schema_migrations (version, name, applied_at) VALUES (999, 'from the future', 0)`);
    await c.end();
    const opening = openPostgresStores({ url, schema: s, poolSize: 2 });
    await expect(opening).rejects.toBeInstanceOf(StartupError);
    await expect(openPostgresStores({ url, schema: s, poolSize: 2 })).rejects.toThrow(/schema version 999, newer than this server knows/);
  });

  it('stops start-up with one line naming the database when nothing listens there', async () => {
    const dead = `postgres://app@127.0.0.1:1/nowhere`;
    const err = await openPostgresStores({ url: dead, connectTimeoutMs: 1000 }).then(() => null, (e: unknown) => e as Error);
    expect(err).toBeInstanceOf(StartupError);
    expect(err!.message).toMatch(/^The PostgreSQL database at 127\.0\.0\.1:1\/nowhere cannot be reached \(/);
    expect(err!.message).not.toContain('\n');
  });
});
