/**
 * The server on PostgreSQL (DATABASE_URL), as its own process: when PostgreSQL stops, requests
 * answer 503 "database unavailable" promptly (no hang, no crash); when it is back they work again,
 * in the same server process, with everything stored before the outage still there. A server
 * started while PostgreSQL is down stops with one line naming the database.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionResponse } from '@mediation/shared';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { startServerProcess, type ServerProcess } from '../helpers/serverProcess.js';
import { tokenOf } from '../helpers/server.js';
import { connectClient, connectError } from '../helpers/socketClient.js';

let pg: PostgresServer;
let server: ServerProcess;
let databaseUrl: string;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-pg-outage-'));

const createSession = (title: string) => fetch(`${server.url}/api/sessions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ title, mediatorName: 'Maria Mediator', invites: [{ displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }] }),
});
const invitesOf = (s: CreateSessionResponse) => fetch(`${server.url}/api/sessions/${s.sessionId}/invites`, { headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });

beforeAll(async () => {
  pg = await startPostgres();
  databaseUrl = await pg.createDatabase();
  server = await startServerProcess(dataDir, { DATABASE_URL: databaseUrl, DATABASE_STATEMENT_TIMEOUT_MS: '2000', DATABASE_POOL_SIZE: '4', METRICS_PORT: 'off' });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await pg?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('PostgreSQL outage', () => {
  it('answers 503 "database unavailable" while PostgreSQL is down and works again once it is back, without a restart', async () => {
    const before = await createSession('Before the outage');
    expect(before.status).toBe(201);
    const s = (await before.json()) as CreateSessionResponse;
    expect((await invitesOf(s)).status).toBe(200);

    await pg.pause();
    const started = Date.now();
    const during = await createSession('During the outage');
    expect(during.status).toBe(503);
    const body = (await during.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('UNAVAILABLE');
    expect(body.error.message).toMatch(/database unavailable/);
    // Promptly: well within the connect timeout plus the statement timeout, not a hung request.
    expect(Date.now() - started).toBeLessThan(8000);
    const read = await invitesOf(s);
    expect(read.status).toBe(503);
    // The room's socket says the same at the handshake, instead of "invalid link" or "internal".
    expect(await connectError(server.url, tokenOf(s.invites[0]!.link))).toEqual({ code: 'UNAVAILABLE', message: expect.stringMatching(/database unavailable/) });
    expect(server.child.exitCode).toBeNull();

    await pg.resume();
    // The pool replaces its broken connections on the next queries; allow a few attempts.
    let after: Response | null = null;
    for (let i = 0; i < 20; i++) {
      after = await createSession('After the outage');
      if (after.status !== 503) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(after!.status).toBe(201);
    const again = await invitesOf(s);
    expect(again.status).toBe(200);
    const { invites } = (await again.json()) as { invites: Array<{ displayName: string }> };
    expect(invites.map((i) => i.displayName)).toContain('Ana Claimant');
    const ana = await connectClient(server.url, tokenOf(s.invites[0]!.link));
    ana.close();
  });

  it('stops at start-up with one line naming the database when PostgreSQL is down', async () => {
    await pg.pause();
    try {
      const err = await startServerProcess(dataDir, { DATABASE_URL: databaseUrl, METRICS_PORT: 'off' }).then(
        async (p) => { await p.stop(); return null; },
        (e: unknown) => e as Error,
      );
      expect(err).not.toBeNull();
      const host = new URL(databaseUrl);
      expect(err!.message).toContain(`The PostgreSQL database at 127.0.0.1:${host.port}${host.pathname} cannot be reached`);
      expect(err!.message).not.toMatch(/\n\s+at /); // one line, no stack trace
    } finally {
      await pg.resume();
    }
  });
});
