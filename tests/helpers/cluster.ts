/**
 * A real local cluster for tests and the bench: Debian's redis-server and PostgreSQL 15 in
 * temporary directories, nginx with the generated configuration (scripts/cluster-nginx.mjs), and
 * N nodes, each its own process (`node --import tsx src/main.ts`, as `npm start` runs it), so that
 * `kill -9`, SIGSTOP and SIGTERM act on a real process. Every port is a free loopback port.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { routeResponseSchema, type CreateSessionBody, type CreateSessionResponse, type RouteResponse } from '@mediation/shared';
import { startPostgres, type PostgresServer } from '../../server/src/storage/postgres/testServer.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const serverDir = path.join(root, 'server');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const start = Date.now();
  let last: unknown = null;
  while (Date.now() - start < timeoutMs) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** redis-server on a free port, no persistence (restart = empty, like a failover to a fresh replica). */
export class RedisProcess {
  private child: ChildProcess | null = null;
  private constructor(readonly port: number, private readonly dir: string) {}

  static async start(): Promise<RedisProcess> {
    const r = new RedisProcess(await freePort(), fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-redis-')));
    await r.restartProcess();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  private async restartProcess(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    await waitUntil('redis', 10_000, () => new Promise<boolean>((resolve) => {
      const s = net.connect(this.port, '127.0.0.1', () => {
        s.write('PING\r\n');
      });
      s.once('data', (d) => { s.destroy(); resolve(d.toString().startsWith('+PONG')); });
      s.once('error', () => resolve(false));
    }));
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  }

  /** Stop (its data is gone: no persistence) and start again on the same port. */
  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs) await sleep(downMs);
    await this.restartProcess();
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface NodeProcess {
  id: string;
  port: number;
  /** Direct URL of the node (not through nginx). */
  url: string;
  prefix: string;
  child: ChildProcess;
  log: string[];
  exited: Promise<number | null>;
  alive(): boolean;
  signal(sig: NodeJS.Signals): void;
}

export interface ClusterOptions {
  nodes?: number;
  /** Extra environment for every node (LEASE_MS, DRAIN_DEADLINE_MS…). */
  env?: Record<string, string>;
}

export class LocalCluster {
  readonly nodes = new Map<string, NodeProcess>();
  private nginx: ChildProcess | null = null;
  private constructor(
    readonly redis: RedisProcess,
    readonly pg: PostgresServer,
    readonly databaseUrl: string,
    readonly dir: string,
    readonly tokenSecret: string,
    readonly env: Record<string, string>,
    readonly nginxPort: number,
  ) {}

  static async start(opts: ClusterOptions = {}): Promise<LocalCluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-cluster-'));
    const [redis, pg] = await Promise.all([RedisProcess.start(), startPostgres()]);
    const databaseUrl = await pg.createDatabase();
    const c = new LocalCluster(redis, pg, databaseUrl, dir, Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url'), opts.env ?? {}, await freePort());
    const n = opts.nodes ?? 3;
    const ids = Array.from({ length: n }, (_, i) => `n${i + 1}`);
    // One at a time: the first applies the database migrations, the others find them done.
    const ports = await Promise.all(ids.map(() => freePort()));
    await c.startNode(ids[0]!, ports[0]!);
    await Promise.all(ids.slice(1).map((id, i) => c.startNode(id, ports[i + 1]!)));
    await c.startNginx();
    return c;
  }

  get url(): string {
    return `http://127.0.0.1:${this.nginxPort}`;
  }

  node(id: string): NodeProcess {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`no node ${id}`);
    return n;
  }

  liveNodes(): NodeProcess[] {
    return [...this.nodes.values()].filter((n) => n.alive());
  }

  /** Starts (or starts again, same id and port) a node and waits until it answers /healthz. */
  async startNode(id: string, port = this.nodes.get(id)?.port): Promise<NodeProcess> {
    if (!port) port = await freePort();
    const dataDir = path.join(this.dir, id);
    fs.mkdirSync(dataDir, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, TOKEN_SECRET: this.tokenSecret,
      PUBLIC_URL: this.url, TRUST_PROXY: 'true',
      REDIS_URL: this.redis.url, DATABASE_URL: this.databaseUrl, NODE_ID: id,
      METRICS_PORT: 'off', LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? 'warn', MEDIASOUP_WORKERS: '1',
      ...this.env,
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: serverDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log: string[] = [];
    const keep = (d: Buffer) => {
      log.push(d.toString());
      if (log.length > 400) log.splice(0, 100);
      if (process.env.CLUSTER_ECHO) process.stderr.write(`[${id}] ${d.toString()}`);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const node: NodeProcess = {
      id, port, url: `http://127.0.0.1:${port}`, prefix: `/n/${id}`, child, log, exited,
      alive: () => child.exitCode === null && child.signalCode === null,
      signal: (sig) => void child.kill(sig),
    };
    this.nodes.set(id, node);
    await Promise.race([
      waitUntil(`node ${id} to answer /healthz`, 90_000, async () => (await fetch(`${node.url}/healthz`)).ok),
      exited.then((code) => { throw new Error(`node ${id} exited (${code}) while starting:\n${log.join('')}`); }),
    ]);
    return node;
  }

  private async startNginx(): Promise<void> {
    const ndir = path.join(this.dir, 'nginx');
    fs.mkdirSync(ndir, { recursive: true });
    const nodes = [...this.nodes.values()].map((n) => `${n.id}=127.0.0.1:${n.port}`);
    const gen = spawnSync(process.execPath, [path.join(root, 'scripts/cluster-nginx.mjs'), '--listen', `127.0.0.1:${this.nginxPort}`, '--dir', ndir, ...nodes], { encoding: 'utf8' });
    if (gen.status !== 0) throw new Error(`cluster-nginx.mjs failed: ${gen.stderr}`);
    fs.writeFileSync(path.join(ndir, 'nginx.conf'), gen.stdout);
    this.nginx = spawn('nginx', ['-p', ndir, '-c', path.join(ndir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    this.nginx.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    await waitUntil(`nginx (${err})`, 10_000, async () => (await fetch(`${this.url}/healthz`)).ok);
  }

  /** Where the route says a link's session lives: asked through nginx (any node answers), or
   * of one node (`via`; nginx cannot tell a frozen node, which holds a request until it times out). */
  async route(token: string, via?: NodeProcess): Promise<RouteResponse> {
    const res = await fetch(`${via?.url ?? this.url}/api/route?token=${encodeURIComponent(token)}`);
    if (!res.ok) throw new Error(`route: ${res.status} ${await res.text()}`);
    return routeResponseSchema.parse(await res.json());
  }

  /** Asks the route until it names a live node (the owner's lease may still be running out). */
  async liveRoute(token: string, timeoutMs = 30_000, via?: NodeProcess): Promise<RouteResponse> {
    return waitUntil('a route to a live node', timeoutMs, async () => {
      const r = await this.route(token, via);
      return this.nodes.get(r.node)?.alive() ? r : null;
    });
  }

  async createSession(body: Partial<CreateSessionBody> = {}): Promise<CreateSessionResponse> {
    const res = await fetch(`${this.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Smith v. Jones', mediatorName: 'Maria Mediator', ...body }),
    });
    if (res.status !== 201) throw new Error(`create session failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as CreateSessionResponse;
  }

  /** kill -9 (no shutdown hook runs). */
  async kill(id: string): Promise<void> {
    const n = this.node(id);
    n.signal('SIGKILL');
    await n.exited;
  }

  async stop(): Promise<void> {
    const t0 = Date.now();
    const lap = (what: string) => process.env.CLUSTER_ECHO && console.log(`cluster stop: ${what} at ${Date.now() - t0} ms`);
    for (const n of this.nodes.values()) if (n.alive()) n.signal('SIGCONT');
    for (const n of this.nodes.values()) if (n.alive()) n.signal('SIGKILL');
    await Promise.all([...this.nodes.values()].map((n) => n.exited));
    lap('nodes');
    if (this.nginx && this.nginx.exitCode === null) {
      const done = new Promise((r) => this.nginx!.once('exit', r));
      this.nginx.kill('SIGQUIT');
      await Promise.race([done, sleep(3000)]);
      if (this.nginx.exitCode === null) this.nginx.kill('SIGKILL');
    }
    lap('nginx');
    await this.redis.destroy();
    lap('redis');
    await this.pg.stop();
    lap('pg');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** One embedded node (SQLite, no Redis) as its own process, for side-by-side comparisons. */
export async function startEmbeddedNode(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-single-'));
  const { REDIS_URL: _r, DATABASE_URL: _d, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, METRICS_PORT: 'off', LOG_LEVEL: 'warn', MEDIASOUP_WORKERS: '1', PUBLIC_URL: `http://127.0.0.1:${port}` },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil('embedded node', 90_000, async () => (await fetch(`${url}/healthz`)).ok);
  return {
    url, child,
    async stop() {
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await done;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
