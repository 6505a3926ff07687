/** A real PostgreSQL 15 server in a temporary directory (the server's testServer.ts, re-exported for
 * integration tests, the cluster helper and the bench). */
export { startPostgres, PG_BIN_DIR, type PostgresServer, type StartOptions } from '../../server/src/storage/postgres/testServer.js';
