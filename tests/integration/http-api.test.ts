import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LINK_REPLACED_MESSAGE, type InviteInfo, type InviteLink } from '@mediation/shared';
import { signallingOf } from '../../server/src/signalling/attach.js';
import { StartupError } from '@mediation/server/config';
import { DEFAULT_INVITES, createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { sqliteCount } from '../helpers/sqlite.js';
import { connectClient, connectError, joinWithMedia, must } from '../helpers/socketClient.js';
import { roomOf } from '../helpers/mediaDump.js';

let app: TestServer;
beforeAll(async () => { app = await startTestServer(); });
afterAll(async () => { await stopTestServer(app); });

const getInvite = (token: string) => fetch(`${app.url}/api/invite`, { headers: { authorization: `Bearer ${token}` } });

describe('HTTP API', () => {
  it('creates a session with one signed link per invited person', async () => {
    const s = await createTestSession(app);
    expect(s.invites).toHaveLength(4);
    expect(s.mediator.role).toBe('mediator');
    for (const inv of s.invites) expect(inv.link).toMatch(new RegExp(`^${app.url}/join#t=`));
    const res = await getInvite(tokenOf(s.invites[0]!.link));
    expect(res.status).toBe(200);
    const info = (await res.json()) as InviteInfo;
    expect(info).toMatchObject({ title: 'Smith v. Jones', displayName: 'Ana Claimant', role: 'party', side: 'Claimant' });
  });

  it('gives a new session the configured capacity unless the body names one', async () => {
    const other = await startTestServer({ sessionCapacity: 5 });
    try {
      const plain = await createTestSession(other, { settings: { waitingRoom: false } });
      expect((await other.ctx.stores.sessions.getSession(plain.sessionId))!.settings).toMatchObject({ capacity: 5, waitingRoom: false, allowRoaming: false });
      const named = await createTestSession(other, { settings: { capacity: 8 } });
      expect((await other.ctx.stores.sessions.getSession(named.sessionId))!.settings).toMatchObject({ capacity: 8, waitingRoom: true });
    } finally {
      await stopTestServer(other);
    }
  });

  it('refuses a malformed body with BAD_REQUEST and creates nothing', async () => {
    const before = { n: sqliteCount(app, 'SELECT COUNT(*) AS n FROM sessions') };
    const res = await fetch(`${app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: '', mediatorName: 'M' }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    const after = { n: sqliteCount(app, 'SELECT COUNT(*) AS n FROM sessions') };
    expect(after.n).toBe(before.n);
  });

  it('refuses invalid JSON and oversized bodies with typed errors', async () => {
    const bad = await fetch(`${app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"title":' });
    expect(bad.status).toBe(400);
    const big = await fetch(`${app.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(400_000), mediatorName: 'M' }) });
    expect(big.status).toBe(413);
    expect(((await big.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('tells a tampered link apart from a revoked one', async () => {
    const s = await createTestSession(app);
    const token = tokenOf(s.invites[1]!.link);
    const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const t = await getInvite(tampered);
    expect(t.status).toBe(401);
    expect(((await t.json()) as { error: { code: string } }).error.code).toBe('TOKEN_INVALID');

    const del = await fetch(`${app.url}/api/sessions/${s.sessionId}/participants/${s.invites[1]!.participantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } });
    expect(del.status).toBe(204);
    const r = await getInvite(token);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('TOKEN_REVOKED');
  });

  it('lets only a mediator revoke links, and changes nothing when a party tries', async () => {
    const s = await createTestSession(app);
    const party = tokenOf(s.invites[0]!.link);
    const res = await fetch(`${app.url}/api/sessions/${s.sessionId}/participants/${s.invites[1]!.participantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${party}` } });
    expect(res.status).toBe(403);
    expect((await getInvite(tokenOf(s.invites[1]!.link))).status).toBe(200);
  });

  it('refuses a mediator token used on another session', async () => {
    const a = await createTestSession(app);
    const b = await createTestSession(app);
    const res = await fetch(`${app.url}/api/sessions/${b.sessionId}/invites`, { headers: { authorization: `Bearer ${tokenOf(a.mediator.link)}` } });
    expect(res.status).toBe(403);
  });

  it('keeps sessions and links valid across a restart', async () => {
    const first = await startTestServer();
    const s = await createTestSession(first);
    const dataDir = first.dataDir;
    await first.close();
    const second = await startTestServer({ dataDir });
    try {
      const res = await fetch(`${second.url}/api/invite`, { headers: { authorization: `Bearer ${tokenOf(s.invites[0]!.link)}` } });
      expect(res.status).toBe(200);
    } finally {
      await stopTestServer(second);
    }
  });

  it('serves security headers, health, and metrics on the metrics port', async () => {
    const h = await fetch(`${app.url}/healthz`);
    expect(h.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(h.headers.get('referrer-policy')).toBe('no-referrer');
    const m = await (await fetch(app.metricsUrl!)).text();
    expect(m).toContain('mediation_consumers');
  });

  it('lets pages connect only to their own origin (no ws:/wss: to any host)', async () => {
    const csp = (await fetch(`${app.url}/`)).headers.get('content-security-policy') ?? '';
    const connect = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('connect-src'));
    // Scheme sources such as `ws:` would allow an injected script to stream documents anywhere.
    expect(connect).toBe("connect-src 'self'");
  });
});

describe('re-issuing a link', () => {
  const reissue = (sessionId: string, participantId: string, token: string, body: unknown = {}) =>
    fetch(`${app.url}/api/sessions/${sessionId}/participants/${participantId}/link`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
  const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;

  it('gives the same person a new link valid for the chosen time and refuses the old one with TOKEN_REVOKED', async () => {
    const s = await createTestSession(app);
    const ana = s.invites[0]!;
    const before = (await app.ctx.stores.sessions.getParticipant(ana.participantId))!;
    const res = await reissue(s.sessionId, ana.participantId, tokenOf(s.mediator.link), { linkTtlHours: 7 * 24 });
    expect(res.status).toBe(200);
    const link = (await res.json()) as InviteLink;
    expect(link).toMatchObject({ participantId: ana.participantId, displayName: 'Ana Claimant', role: 'party', side: 'Claimant', revoked: false });
    expect(link.token).not.toBe(ana.token);
    expect(Math.abs(link.expiresAt - (Date.now() + 7 * 24 * 3600_000))).toBeLessThan(60_000);
    const after = (await app.ctx.stores.sessions.getParticipant(ana.participantId))!;
    expect(after.tokenId).not.toBe(before.tokenId);

    const old = await getInvite(tokenOf(ana.link));
    expect(old.status).toBe(401);
    expect(await codeOf(old)).toEqual({ code: 'TOKEN_REVOKED', message: LINK_REPLACED_MESSAGE });
    expect(await connectError(app.url, tokenOf(ana.link))).toMatchObject({ code: 'TOKEN_REVOKED', message: LINK_REPLACED_MESSAGE });

    const fresh = await getInvite(link.token);
    expect(fresh.status).toBe(200);
    expect((await fresh.json()) as InviteInfo).toMatchObject({ participantId: ana.participantId, displayName: 'Ana Claimant' });
    const listed = (await (await fetch(`${app.url}/api/sessions/${s.sessionId}/invites`, { headers: { authorization: `Bearer ${tokenOf(s.mediator.link)}` } })).json()) as { invites: InviteLink[] };
    expect(listed.invites.find((i) => i.participantId === ana.participantId)).toMatchObject({ token: link.token, expiresAt: link.expiresAt });
    const audit = (await app.ctx.stores.sessions.listAudit(s.sessionId)).filter((e) => e.action === 'invite.reissued');
    expect(audit).toEqual([expect.objectContaining({ actorName: 'Maria Mediator', detail: { participantId: ana.participantId, expiresAt: link.expiresAt } })]);
  });

  it('refuses a party, a co-mediator replacing the lead mediator, one’s own link and a bad validity, and changes nothing', async () => {
    const s = await createTestSession(app, { invites: [...DEFAULT_INVITES!, { displayName: 'Carl Co', role: 'comediator', side: null }] });
    const co = s.invites.find((i) => i.role === 'comediator')!;
    const ana = s.invites[0]!;
    const tokenIds = async () => (await app.ctx.stores.sessions.listParticipants(s.sessionId)).map((p) => p.tokenId);
    const auditRows = async () => (await app.ctx.stores.sessions.listAudit(s.sessionId)).length;
    const ids = await tokenIds();
    const rows = await auditRows();
    const tries: Array<[Response, number, string]> = [
      [await reissue(s.sessionId, s.invites[1]!.participantId, tokenOf(ana.link)), 403, 'FORBIDDEN'],
      [await reissue(s.sessionId, s.mediator.participantId, tokenOf(co.link)), 403, 'FORBIDDEN'],
      [await reissue(s.sessionId, s.mediator.participantId, tokenOf(s.mediator.link)), 409, 'CONFLICT'],
      [await reissue(s.sessionId, ana.participantId, tokenOf(s.mediator.link), { linkTtlHours: 0 }), 400, 'BAD_REQUEST'],
      [await reissue(s.sessionId, 'nobody-here', tokenOf(s.mediator.link)), 404, 'NOT_FOUND'],
    ];
    for (const [res, status, code] of tries) {
      expect(res.status).toBe(status);
      expect((await codeOf(res)).code).toBe(code);
    }
    expect(await tokenIds()).toEqual(ids);
    expect(await auditRows()).toBe(rows);
    for (const link of [s.mediator.link, ana.link, s.invites[1]!.link]) expect((await getInvite(tokenOf(link))).status).toBe(200);
    // A co-mediator may re-issue a party's link.
    expect((await reissue(s.sessionId, ana.participantId, tokenOf(co.link))).status).toBe(200);
  });

  it('closes a page still open with the old link, and the person stays in the session under the new one', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const ben = s.invites[1]!;
    const client = await connectClient(app.url, tokenOf(ben.link));
    must(await client.request('session:join', { displayName: 'Ben Respondent' }));
    const res = await reissue(s.sessionId, ben.participantId, tokenOf(s.mediator.link));
    const link = (await res.json()) as InviteLink;
    const closed = await client.waitFor('session:closed');
    expect(closed.reason).toBe('linkReplaced');
    client.close();
    const again = await connectClient(app.url, link.token);
    const joined = must(await again.request('session:join', { displayName: 'Ben Respondent' }));
    expect(joined.room.self).toMatchObject({ id: ben.participantId, role: 'party', side: 'Respondent' });
    expect((await app.ctx.stores.sessions.getParticipant(ben.participantId))!.revoked).toBe(false);
    again.close();
  });
});

describe('rate limits', () => {
  it('refuses the 31st session created within a minute with 429 RATE_LIMITED and creates nothing more', async () => {
    // Its own server: the limit counts per app, and the shared one has created sessions already.
    const own = await startTestServer();
    try {
      const count = () => sqliteCount(own, 'SELECT COUNT(*) AS n FROM sessions');
      const create = () => fetch(`${own.url}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Limit', mediatorName: 'M', invites: [] }) });
      for (let i = 0; i < 30; i++) expect((await create()).status).toBe(201);
      expect(count()).toBe(30);
      const refused = await create();
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { error: { code: string; message: string } };
      expect(body.error).toMatchObject({ code: 'RATE_LIMITED', message: 'Too many sessions created; wait a minute.' });
      expect(count()).toBe(30);
      // Reading is still allowed: only creating is limited this tightly.
      expect((await fetch(`${own.url}/healthz`)).status).toBe(200);
    } finally {
      await stopTestServer(own);
    }
  });
});

describe('start-up failures and media health', () => {
  it('refuses a port already in use with one line saying so, and leaves nothing running', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-test-'));
    const err = await startTestServer({ port: app.port, dataDir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StartupError);
    expect((err as Error).message).toBe(`Port ${app.port} is already in use (127.0.0.1:${app.port}): stop the other server or set PORT to a free port.`);
    // The failed attempt closed its database: the directory can be removed and reused at once.
    const again = await startTestServer({ dataDir });
    await stopTestServer(again);
    // The server that owns the port is unaffected.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('refuses a DATA_DIR that cannot be a directory with one line naming it', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mediation-test-')), 'a-file');
    fs.writeFileSync(file, '');
    const dataDir = path.join(file, 'data');
    await expect(startTestServer({ dataDir })).rejects.toThrow(StartupError);
    await expect(startTestServer({ dataDir })).rejects.toThrow(new RegExp(`^DATA_DIR ${dataDir} is not a writable directory \\(ENOTDIR`));
  });

  it('replaces a mediasoup worker that dies, reports it on /healthz, and new sessions still get media', async () => {
    const own = await startTestServer({ mediasoup: { ...app.ctx.config.mediasoup, numWorkers: 1 } });
    try {
      const health = async () => {
        const r = await fetch(`${own.url}/healthz`);
        return { status: r.status, body: (await r.json()) as { ok: boolean; mediaWorkers: { alive: number; configured: number } } };
      };
      expect(await health()).toEqual({ status: 200, body: { ok: true, mediaWorkers: { alive: 1, configured: 1 } } });
      const pool = signallingOf(own.ctx)!.pool;
      const dead = pool.workers[0]!;
      process.kill(dead.pid, 'SIGKILL');
      // Until the replacement runs, nobody can get media: monitors must see that.
      await vi.waitFor(() => expect(dead.closed).toBe(true), { timeout: 5000 });
      await vi.waitFor(async () => expect((await health()).body.mediaWorkers.alive).toBe(1), { timeout: 10_000, interval: 50 });
      expect(pool.workers[0]!.pid).not.toBe(dead.pid);
      expect((await health()).status).toBe(200);

      const s = await createTestSession(own, { settings: { waitingRoom: false } });
      const m = await connectClient(own.url, tokenOf(s.mediator.link));
      try {
        must(await m.request('session:join', {}));
        const t = must(await m.request('media:createTransport', { direction: 'send' }));
        expect(t.iceCandidates.length).toBeGreaterThan(0);
      } finally {
        m.close();
      }
    } finally {
      await stopTestServer(own);
    }
  });

  it('moves a live session whose worker dies to a live worker: people reconnect into the same spaces and get media again', async () => {
    const own = await startTestServer({ mediasoup: { ...app.ctx.config.mediasoup, numWorkers: 1 } });
    const clients: Array<{ close(): void }> = [];
    try {
      const s = await createTestSession(own, { settings: { waitingRoom: false } });
      const m = await connectClient(own.url, tokenOf(s.mediator.link));
      const ana = await connectClient(own.url, tokenOf(s.invites[0]!.link));
      clients.push(m, ana);
      await joinWithMedia(m);
      await joinWithMedia(ana);
      const caucus = must(await m.request('control:createSpace', { name: 'Claimant caucus' })).space;
      must(await m.request('control:move', { participantIds: [s.invites[0]!.participantId], to: caucus }));
      const room = roomOf(own, s.sessionId);
      const oldRouter = room.deps.sfu.router;
      const anaGone = new Promise((resolve) => ana.socket.once('disconnect', resolve));
      process.kill(signallingOf(own.ctx)!.pool.workers[0]!.pid, 'SIGKILL');
      // Her page is told to reconnect (its transports died with the worker)...
      expect(await anaGone).toBe('io server disconnect');
      await vi.waitFor(() => expect(room.deps.sfu.router).not.toBe(oldRouter), { timeout: 10_000, interval: 50 });
      expect(room.deps.sfu.router.closed).toBe(false);
      // ...and comes back into the caucus she was in, with media on the new router.
      const again = await connectClient(own.url, tokenOf(s.invites[0]!.link));
      clients.push(again);
      const back = await joinWithMedia(again);
      expect(back.room.self.space).toBe(caucus);
      expect(roomOf(own, s.sessionId)).toBe(room);
      expect(((await room.deps.sfu.router.dump()) as { transportIds: string[] }).transportIds).toContain(back.recvTransportId);
    } finally {
      for (const c of clients) c.close();
      await stopTestServer(own);
    }
  });

  it('answers /healthz with 503 while no mediasoup worker is alive', async () => {
    const own = await startTestServer({ mediasoup: { ...app.ctx.config.mediasoup, numWorkers: 1 } });
    try {
      // Closing the pool stops respawning, so the server stays without a worker.
      signallingOf(own.ctx)!.pool.close();
      const r = await fetch(`${own.url}/healthz`);
      expect(r.status).toBe(503);
      expect(await r.json()).toEqual({ ok: false, mediaWorkers: { alive: 0, configured: 1 } });
    } finally {
      await stopTestServer(own);
    }
  });
});

describe('silent network drops', () => {
  it('notices a client that stopped answering pings in about 15 s (socket.io defaults: 45 s)', async () => {
    const s = await createTestSession(app, { settings: { waitingRoom: false } });
    const c = await connectClient(app.url, tokenOf(s.mediator.link));
    try {
      must(await c.request('session:join', {}));
      const serverSide = signallingOf(app.ctx)!.io.sockets.sockets.get(c.socket.id!)!;
      const gone = new Promise<{ reason: string; at: number }>((resolve) => serverSide.once('disconnect', (reason) => resolve({ reason, at: Date.now() })));
      // A sleeping laptop: the connection stays open but nothing answers the server's pings.
      const engine = c.socket.io.engine as unknown as { _sendPacket(type: string, ...rest: unknown[]): void };
      const send = engine._sendPacket.bind(engine);
      engine._sendPacket = (type, ...rest) => (type === 'pong' ? undefined : send(type, ...rest));
      const since = Date.now();
      const { reason, at } = await gone;
      expect(reason).toBe('ping timeout');
      // At most one ping interval (10 s) plus the timeout (5 s), with a little slack for a busy machine.
      expect(at - since).toBeLessThan(17_000);
    } finally {
      c.close();
    }
  }, 30_000);
});
