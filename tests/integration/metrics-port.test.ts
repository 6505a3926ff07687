/**
 * Metrics past the proxy rule: `/metrics/`, `/METRICS` and `/Metrics` once answered 200 on the
 * public port, and the shipped nginx rule covered only `location = /metrics`. Metrics now live on
 * their own port; the public port and the shipped nginx config refuse every spelling.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';

const SPELLINGS = ['/metrics', '/metrics/', '/METRICS', '/Metrics', '/metrics?x=1', '/%6Detrics', '//metrics', '/metrics.txt', '/mEtRiCs/'];

/** GET with the path sent exactly as written (fetch would normalise `//` and `..`). */
function rawGet(port: number, p: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('metrics', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await stopTestServer(app);
  });

  it('are not served on the public port under any spelling (404, not the page, not the metrics)', async () => {
    for (const p of [...SPELLINGS, '/x/../metrics']) {
      const r = await rawGet(app.port, p);
      expect({ p, status: r.status }).toEqual({ p, status: 404 });
      expect(r.body).not.toContain('mediation_');
    }
  });

  it('are served on their own loopback port, at /metrics exactly', async () => {
    expect(app.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const port = Number(new URL(app.metricsUrl!).port);
    expect(port).not.toBe(app.port);
    const ok = await rawGet(port, '/metrics');
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('mediation_sessions_active');
    for (const p of ['/', '/METRICS', '/metrics/', '/api/sessions']) expect((await rawGet(port, p)).status).toBe(404);
  });

  it('can be turned off (METRICS_PORT=off)', async () => {
    const off = await startTestServer({ metricsPort: null });
    try {
      expect(off.metricsUrl).toBeNull();
      expect((await rawGet(off.port, '/metrics')).status).toBe(404);
    } finally {
      await stopTestServer(off);
    }
  });
});

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

/**
 * The shipped infra/nginx.conf, made runnable without certificates or root paths: TLS listeners
 * become plain loopback ones and logs go to a temporary directory. Every location rule is kept
 * exactly as shipped.
 */
function runnableNginxConf(shipped: string, dir: string, listenPort: number, redirectPort: number, upstreamPort: number): string {
  const site = shipped
    .replace(/server 127\.0\.0\.1:3000;/, `server 127.0.0.1:${upstreamPort};`)
    .replace(/^\s*listen \[::\]:\d+.*$/gm, '')
    .replace(/^\s*listen 443 ssl http2;$/m, `    listen 127.0.0.1:${listenPort};`)
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${redirectPort};`)
    .replace(/^\s*ssl_[a-z_]+ .*$/gm, '')
    .replace(/\/var\/log\/nginx\/mediation\.access\.log/, path.join(dir, 'access.log'));
  return [
    process.getuid?.() === 0 ? 'user root;' : '',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'daemon off;',
    'events {}',
    'http {',
    `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
    site,
    '}',
  ].join('\n');
}

describe.skipIf(!NGINX)('the shipped nginx config', () => {
  let nginx: ChildProcess | undefined;
  let upstream: http.Server;
  let port = 0;
  let dir = '';
  beforeAll(async () => {
    // An upstream that would hand out "metrics" on every path: only nginx's rules stand between.
    upstream = http.createServer((req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`mediation_leak ${req.url}`));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    const upstreamPort = (upstream.address() as net.AddressInfo).port;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nginx-test-'));
    port = await freePort();
    const conf = runnableNginxConf(fs.readFileSync(new URL('../../infra/nginx.conf', import.meta.url), 'utf8'), dir, port, await freePort(), upstreamPort);
    fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
    nginx = spawn(NGINX!, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
    // Ready once it answers.
    for (let i = 0; i < 100; i++) {
      try {
        await rawGet(port, '/healthz');
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error(`nginx did not start: ${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : ''}`);
  });
  afterAll(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = new Promise((r) => nginx!.once('exit', r));
      nginx.kill('SIGTERM');
      await exited;
    }
    await new Promise<void>((r) => upstream.close(() => r()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes ordinary paths to the app', async () => {
    expect(await rawGet(port, '/healthz')).toEqual({ status: 200, body: 'mediation_leak /healthz' });
  });

  it('denies every spelling of /metrics before it reaches the app', async () => {
    for (const p of [...SPELLINGS, '/x/../metrics', '/./metrics', '/socket.io/../metrics', '/METRICS/x']) {
      const r = await rawGet(port, p);
      expect({ p, status: r.status }).toEqual({ p, status: 404 });
      expect(r.body).not.toContain('mediation_leak');
    }
  });
});
