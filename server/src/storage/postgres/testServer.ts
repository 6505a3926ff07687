/**
 * A real PostgreSQL server for tests and the local cluster: Debian's PostgreSQL 15 binaries
 * (scripts/ensure-system.sh installs postgresql-15), a fresh cluster in a temporary directory
 * (initdb -A trust, superuser `app`), listening on a free loopback port with its socket in that
 * directory. Nothing else on the machine is touched; `stop()` removes it all.
 *
 * initdb and postgres refuse to run as root: as root they run as the `postgres` system user the
 * Debian package creates (runuser), in a directory it owns.
 *
 * A missing binary is an error, never a skip: a test that needs PostgreSQL fails loudly.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export const PG_BIN_DIR = process.env.PG_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const USER = 'app';

export interface PostgresServer {
  readonly port: number;
  readonly dir: string;
  /** postgres://app@127.0.0.1:<port>/<database> */
  url(database?: string): string;
  /** Creates an empty database (a unique name if none is given) and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server (fast shutdown: committed work is kept) without removing its data. */
  pause(): Promise<void>;
  /** Stops the server as a crash would (`-m immediate`: no checkpoint; the next start replays the
   * WAL). Committed work survives a process crash: commits are written to the WAL before they are
   * acknowledged (fsync off only risks an operating-system crash, which tests do not make). */
  crash(): Promise<void>;
  /** Starts it again on the same port and data (after `pause` or `crash`). */
  resume(): Promise<void>;
  /** Stops the server and removes the directory. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** fsync on (default off: tests stop the server cleanly, and a fast stop writes everything). */
  durable?: boolean;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string | number>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a PostgreSQL binary, as `postgres` when we are root. */
async function pgRun(bin: string, args: string[]): Promise<void> {
  const exe = path.join(PG_BIN_DIR, bin);
  if (!fs.existsSync(exe)) {
    throw new Error(`PostgreSQL binary ${exe} not found: install postgresql-15 (scripts/ensure-system.sh does) or set PG_BIN_DIR`);
  }
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', exe, ...args]] as const : [exe, args] as const;
  try {
    await run(cmd, [...argv], { timeout: 60_000 });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`, { cause: err });
  }
}

let databaseCounter = 0;

export async function startPostgres(opts: StartOptions = {}): Promise<PostgresServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  if (asRoot) {
    fs.chmodSync(dir, 0o755);
    fs.chownSync(dir, Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim()), Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim()));
  }
  const port = await freePort();
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    fsync: opts.durable ? 'on' : 'off',
    full_page_writes: opts.durable ? 'on' : 'off',
    max_connections: 200,
    ...opts.settings,
  };
  const serverOpts = [`-p ${port}`, `-k ${dir}`, ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)].join(' ');
  const pgCtl = (...args: string[]) => pgRun('pg_ctl', ['-D', data, ...args]);
  let running = false;
  let removed = false;

  // A test run that dies without stop() must not leave a server behind.
  const onExit = () => {
    if (!running) return;
    const exe = path.join(PG_BIN_DIR, 'pg_ctl');
    const args = ['-D', data, 'stop', '-m', 'immediate'];
    spawnSync(asRoot ? 'runuser' : exe, asRoot ? ['-u', 'postgres', '--', exe, ...args] : args, { timeout: 10_000 });
  };
  process.once('exit', onExit);

  const start = async () => {
    await pgCtl('-o', serverOpts, '-l', logFile, '-w', '-t', '60', 'start');
    running = true;
  };

  try {
    await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', USER, '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    await start();
  } catch (err) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start PostgreSQL: ${(err as Error).message}${log ? `\n${log}` : ''}`, { cause: err });
  }

  const url = (database = 'postgres') => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      const db = name ?? `t_${process.pid}_${++databaseCounter}_${Math.random().toString(36).slice(2, 8)}`;
      if (!/^[a-z_][a-z0-9_]*$/.test(db)) throw new Error(`unusable database name ${db}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${db}`);
      } finally {
        await client.end();
      }
      return url(db);
    },
    async pause() {
      if (!running) return;
      await pgCtl('stop', '-m', 'fast', '-w');
      running = false;
    },
    async crash() {
      if (!running) return;
      await pgCtl('stop', '-m', 'immediate', '-w');
      running = false;
    },
    async resume() {
      if (running) return;
      await start();
    },
    async stop() {
      if (removed) return;
      removed = true;
      try {
        if (running) await pgCtl('stop', '-m', 'fast', '-w');
      } finally {
        running = false;
        process.removeListener('exit', onExit);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
