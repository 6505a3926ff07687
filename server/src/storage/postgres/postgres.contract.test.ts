/**
 * Every store contract, unchanged, against a REAL PostgreSQL 15 server started for this file
 * (testServer.ts) with a fresh database (CREATE DATABASE), each test in a fresh schema of it (a
 * schema is much cheaper than a database, and just as empty); then the fencing contract, two
 * backends ("nodes") on one schema. No PostgreSQL binaries: the file fails, it never skips.
 */
import { afterAll, beforeAll } from 'vitest';
import { storesContract, type BackendInstance } from '../contract/index.js';
import { fencingContract, type SharedDatabase } from '../contract/fencing.contract.js';
import type { EpochOf } from '../types.js';
import { openPostgresStores, type PostgresStores } from './index.js';
import { startPostgres, type PostgresServer } from './testServer.js';

let server: PostgresServer | undefined;
let url = '';
beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase();
}, 120_000);
afterAll(async () => {
  await server?.stop();
}, 60_000);

let schemas = 0;
const freshSchema = () => `t${++schemas}`;

/** Small pools: a test opens a backend or two at a time. A long wait for a pooled connection: the
 * machine running the suites may be busy, and a slow queue is not what these tests are about. */
const open = (schema: string, epochOf?: EpochOf) => openPostgresStores({ url, schema, poolSize: 4, connectTimeoutMs: 30_000, epochOf });

async function postgresBackend(): Promise<BackendInstance> {
  const schema = freshSchema();
  let current: PostgresStores = await open(schema);
  return {
    get stores() {
      return current;
    },
    async reopen() {
      await current.close();
      current = await open(schema);
      return current;
    },
    async cleanup() {
      await current.close();
    },
  };
}

async function sharedDatabase(): Promise<SharedDatabase> {
  const schema = freshSchema();
  const opened: PostgresStores[] = [];
  return {
    async open(epochOf) {
      const s = await open(schema, epochOf);
      opened.push(s);
      return s;
    },
    async cleanup() {
      for (const s of opened.splice(0)) await s.close();
    },
  };
}

storesContract(postgresBackend);
fencingContract(sharedDatabase);
