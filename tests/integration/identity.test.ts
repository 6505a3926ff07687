/**
 * Names are identity. An outside test re-joined as "Maria Mediator" or as the other party and was
 * accepted everywhere (people list, chat, agreement signing). Now: names are set at invitation, a
 * person may ask for a correction that a mediator approves or declines (audited both ways),
 * mediators rename directly (audited), no two people in a session have names that read the same,
 * and no name carries control, format or invisible characters. Also: who may cut whom off.
 */
import { describe, expect, it } from 'vitest';
import { CloseCode, docName, ErrorCode, JOINT, LINK_REPLACED_MESSAGE, type RoomView } from '@mediation/shared';
import { createTestSession, DEFAULT_INVITES, tokenOf, type TestServer } from '../helpers/server.js';
import { sqliteCount } from '../helpers/sqlite.js';
import { useRoomServer } from '../helpers/roomFixture.js';
import { connectError, must, type TestClient } from '../helpers/socketClient.js';
import { rawSocket } from './yjs-helpers.js';

const fx = useRoomServer();

const open = async (link: string, displayName?: string) => {
  const c = await fx.open(link);
  must(await c.request('session:join', displayName === undefined ? {} : { displayName }));
  return c;
};
const sessionCount = (app: TestServer) => sqliteCount(app, 'SELECT COUNT(*) AS n FROM sessions');
const auditOf = (sessionId: string) => fx.app.ctx.stores.sessions.listAudit(sessionId);
const nameIn = (v: RoomView, id: string) => v.participants.find((p) => p.id === id)?.displayName;
const post = (path: string, body: unknown, token?: string) =>
  fetch(`${fx.app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error;
function expectError(r: unknown, code: string) {
  const res = r as { ok: boolean; error?: { code: string } };
  expect(res.ok).toBe(false);
  expect(res.error?.code).toBe(code);
}

const WITH_CO = [...DEFAULT_INVITES!, { displayName: 'Carl Co', role: 'comediator' as const, side: null }];

describe('a name sent with the join', () => {
  it('is not applied: a party re-joining as the mediator or as the other party keeps the invited name everywhere', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const [ana, ben] = [s.invites[0]!, s.invites[1]!];
    const m = await open(s.mediator.link);
    await open(ben.link);
    for (const pretend of ['Maria Mediator', 'Ben Respondent', 'ben  respondent', 'Someone Else']) {
      const c = await fx.open(ana.link);
      const joined = must(await c.request('session:join', { displayName: pretend }));
      expect(joined.displayName).toBe('Ana Claimant');
      expect(joined.room.self.displayName).toBe('Ana Claimant');
      const sent = must(await c.request('chat:send', { to: { kind: 'space' }, text: `hello from ${pretend}` })).message;
      expect(sent.fromName).toBe('Ana Claimant');
    }
    const tower = must(await m.request('session:join', {})).room;
    expect(nameIn(tower, ana.participantId)).toBe('Ana Claimant');
    expect(tower.participants.filter((p) => p.displayName === 'Maria Mediator').map((p) => p.id)).toEqual([s.mediator.participantId]);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant');
    expect(must(await m.request('chat:history', {})).messages.map((x) => x.fromName)).toEqual(Array(4).fill('Ana Claimant'));
    expect((await auditOf(s.sessionId)).filter((e) => e.action.startsWith('participant.ren'))).toEqual([]);
  });
});

describe('a name correction', () => {
  it('is asked for by the person and applied only when a mediator approves it, audited both ways', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const [ana, ben] = [s.invites[0]!, s.invites[1]!];
    const m = await open(s.mediator.link);
    const anaC = await open(ana.link);
    const benC = await open(ben.link);

    must(await anaC.request('name:propose', { displayName: 'Ana Claimant-Reyes' }));
    const asked = await m.waitFor('room:state', (v) => v.participants.some((p) => p.id === ana.participantId && p.proposedName === 'Ana Claimant-Reyes'));
    expect(nameIn(asked, ana.participantId)).toBe('Ana Claimant');
    expect((await anaC.waitFor('room:state', (v) => v.participants.some((p) => p.id === ana.participantId && !!p.proposedName))).self.displayName).toBe('Ana Claimant');
    // The other party sees neither the proposal nor a change.
    expect(benC.of('room:state').every((v) => v.participants.every((p) => p.proposedName === undefined))).toBe(true);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant');

    let since = benC.received.length;
    must(await m.request('control:answerNameProposal', { participantId: ana.participantId, approve: true }));
    await benC.waitFor('room:state', (v) => nameIn(v, ana.participantId) === 'Ana Claimant-Reyes', 3000, since);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant-Reyes');
    expect(must(await anaC.request('chat:send', { to: { kind: 'space' }, text: 'hi' })).message.fromName).toBe('Ana Claimant-Reyes');

    // Declined: nothing changes but the audit.
    must(await anaC.request('name:propose', { displayName: 'Ana R.' }));
    must(await m.request('control:answerNameProposal', { participantId: ana.participantId, approve: false }));
    expectError(await m.request('control:answerNameProposal', { participantId: ana.participantId, approve: true }), ErrorCode.NOT_FOUND);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant-Reyes');
    since = m.received.length;
    const view = must(await m.request('session:join', {})).room;
    expect(view.participants.find((p) => p.id === ana.participantId)).toMatchObject({ displayName: 'Ana Claimant-Reyes' });
    expect(view.participants.find((p) => p.id === ana.participantId)?.proposedName).toBeUndefined();

    const trail = (await auditOf(s.sessionId)).filter((e) => e.action.startsWith('participant.rename'));
    expect(trail.map((e) => [e.action, e.actorId, e.detail])).toEqual([
      ['participant.rename.proposed', ana.participantId, { participantId: ana.participantId, from: 'Ana Claimant', to: 'Ana Claimant-Reyes' }],
      ['participant.rename.approved', s.mediator.participantId, { participantId: ana.participantId, from: 'Ana Claimant', to: 'Ana Claimant-Reyes' }],
      ['participant.rename.proposed', ana.participantId, { participantId: ana.participantId, from: 'Ana Claimant-Reyes', to: 'Ana R.' }],
      ['participant.rename.rejected', s.mediator.participantId, { participantId: ana.participantId, name: 'Ana Claimant-Reyes', proposed: 'Ana R.' }],
    ]);
  });

  it('cannot be another person’s name (case, accents and spacing aside), and such a request stores nothing', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ana = s.invites[0]!;
    const m = await open(s.mediator.link);
    const anaC = await open(ana.link);
    const before = must(await m.request('session:join', {})).room;
    for (const name of ['Maria Mediator', 'ben respondent', 'BEN  RESPONDENT', 'Bén Respondent', 'j. lee', 'Olive Observer']) {
      expectError(await anaC.request('name:propose', { displayName: name }), ErrorCode.CONFLICT);
    }
    expectError(await anaC.request('name:propose', { displayName: 'Ana Claimant' }), ErrorCode.CONFLICT);
    expect(must(await m.request('session:join', {})).room).toEqual(before);
    expect((await auditOf(s.sessionId)).filter((e) => e.action.startsWith('participant.ren'))).toEqual([]);
  });

  it('approved after someone else got that name meanwhile is refused and changes nothing', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const ana = s.invites[0]!;
    const m = await open(s.mediator.link);
    const anaC = await open(ana.link);
    must(await anaC.request('name:propose', { displayName: 'Dana Doe' }));
    expect((await post(`/api/sessions/${s.sessionId}/invites`, { displayName: 'Dana Doe', role: 'party', side: 'Claimant' }, tokenOf(s.mediator.link))).status).toBe(201);
    expectError(await m.request('control:answerNameProposal', { participantId: ana.participantId, approve: true }), ErrorCode.CONFLICT);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant');
  });
});

describe('a mediator renaming someone', () => {
  it('renames directly, audited, never onto another person’s name; a co-mediator cannot rename the lead mediator', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false }, invites: WITH_CO });
    const [ana, co] = [s.invites[0]!, s.invites[4]!];
    const m = await open(s.mediator.link);
    const coC = await open(co.link);
    const anaC = await open(ana.link);
    must(await m.request('control:renameParticipant', { participantId: ana.participantId, displayName: 'Ana C. Reyes' }));
    await anaC.waitFor('room:state', (v) => v.self.displayName === 'Ana C. Reyes');
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana C. Reyes');
    expectError(await m.request('control:renameParticipant', { participantId: ana.participantId, displayName: 'ben respondent' }), ErrorCode.CONFLICT);
    expectError(await coC.request('control:renameParticipant', { participantId: s.mediator.participantId, displayName: 'Not Maria' }), ErrorCode.FORBIDDEN);
    expectError(await anaC.request('control:renameParticipant', { participantId: ana.participantId, displayName: 'Ana Boss' }), ErrorCode.FORBIDDEN);
    expect((await fx.app.ctx.stores.sessions.getParticipant(s.mediator.participantId))!.displayName).toBe('Maria Mediator');
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana C. Reyes');
    const renames = (await auditOf(s.sessionId)).filter((e) => e.action === 'participant.renamed');
    expect(renames.map((e) => [e.actorId, e.detail])).toEqual([[s.mediator.participantId, { participantId: ana.participantId, from: 'Ana Claimant', to: 'Ana C. Reyes' }]]);
  });
});

describe('inviting', () => {
  it('refuses a session whose people would share a name, with a typed error, and stores nothing', async () => {
    const before = sessionCount(fx.app);
    for (const invites of [
      [{ displayName: 'Ana Claimant', role: 'party', side: 'Claimant' }, { displayName: 'ANA  claimánt', role: 'party', side: 'Respondent' }],
      [{ displayName: 'maria mediator', role: 'party', side: 'Claimant' }],
    ]) {
      const res = await post('/api/sessions', { title: 'Dup', mediatorName: 'Maria Mediator', invites });
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe(ErrorCode.CONFLICT);
    }
    expect(sessionCount(fx.app)).toBe(before);
  });

  it('refuses an invitation with the name of someone already invited, and stores nothing; a withdrawn person’s name is free again', async () => {
    const s = await createTestSession(fx.app);
    const token = tokenOf(s.mediator.link);
    const count = async () => (await fx.app.ctx.stores.sessions.listParticipants(s.sessionId)).length;
    const before = await count();
    for (const displayName of ['Ben Respondent', ' ben respondent', 'Bén Respondent', 'MARIA MEDIATOR']) {
      const res = await post(`/api/sessions/${s.sessionId}/invites`, { displayName, role: 'party', side: 'Respondent' }, token);
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe(ErrorCode.CONFLICT);
    }
    expect(await count()).toBe(before);
    const del = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/participants/${s.invites[1]!.participantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(del.status).toBe(204);
    expect((await post(`/api/sessions/${s.sessionId}/invites`, { displayName: 'Ben Respondent', role: 'party', side: 'Respondent' }, token)).status).toBe(201);
  });
});

describe('control and invisible characters in names', () => {
  const BAD = { NUL: '\u0000', BEL: '\u0007', ESC: '\u001b[31m', newline: '\n', tab: '\t', RLO: '\u202e', LRO: '\u202d', PDI: '\u2069', LRM: '\u200e', ALM: '\u061c', ZWSP: '\u200b', ZWJ: '\u200d', BOM: '\ufeff', 'lone surrogate': '\ud800', 'private use': '\ue000', 'line separator': '\u2028' };

  it('answer BAD_REQUEST everywhere a name is given (invite, session, join, correction, rename, room names) and store nothing', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false }, invites: WITH_CO });
    const token = tokenOf(s.mediator.link);
    const ana = s.invites[0]!;
    const m = await open(s.mediator.link);
    // Mediator commands are limited to 40 per 10 s per person: the lead and the co-mediator share them.
    const co = await open(s.invites[4]!.link);
    const anaC = await open(ana.link);
    const people = (await fx.app.ctx.stores.sessions.listParticipants(s.sessionId)).length;
    const sessions = sessionCount(fx.app);
    const room = must(await m.request('session:join', {})).room;
    for (const [what, ch] of Object.entries(BAD)) {
      const name = `Eve${ch}Mallory`;
      const label = `${what} in a name`;
      // Creating sessions is rate limited (30 a minute), so only a few characters go that way.
      if (['NUL', 'RLO', 'ZWSP', 'newline'].includes(what)) {
        expect({ label, status: (await post('/api/sessions', { title: 'T', mediatorName: name })).status }).toEqual({ label, status: 400 });
        expect({ label, status: (await post('/api/sessions', { title: `Smith${ch}Jones`, mediatorName: 'M' })).status }).toEqual({ label, status: 400 });
      }
      expect({ label, status: (await post(`/api/sessions/${s.sessionId}/invites`, { displayName: name, role: 'party', side: 'Claimant' }, token)).status }).toEqual({ label, status: 400 });
      expect({ label, status: (await post(`/api/sessions/${s.sessionId}/invites`, { displayName: 'Eve Mallory', role: 'party', side: `Claim${ch}ant` }, token)).status }).toEqual({ label, status: 400 });
      for (const [c, event, payload] of [
        [anaC, 'session:join', { displayName: name }],
        [anaC, 'name:propose', { displayName: name }],
        [m, 'control:renameParticipant', { participantId: ana.participantId, displayName: name }],
        [co, 'control:createSpace', { name }],
        [m, 'control:renameSpace', { space: 'joint', name }],
        [co, 'control:setTimer', { space: 'joint', seconds: 60, label: name }],
      ] as Array<[TestClient, string, unknown]>) {
        const r = (await c.raw(event, payload)) as { ok: boolean; error?: { code: string } };
        expect({ label, event, code: r.error?.code }).toEqual({ label, event, code: ErrorCode.BAD_REQUEST });
      }
    }
    expect((await fx.app.ctx.stores.sessions.listParticipants(s.sessionId)).length).toBe(people);
    expect(sessionCount(fx.app)).toBe(sessions);
    expect(must(await m.request('session:join', {})).room).toEqual(room);
    expect((await fx.app.ctx.stores.sessions.getParticipant(ana.participantId))!.displayName).toBe('Ana Claimant');
  });
});

describe('who may cut whom off', () => {
  const del = (sessionId: string, pid: string, token: string) =>
    fetch(`${fx.app.url}/api/sessions/${sessionId}/participants/${pid}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });

  it('a co-mediator cannot withdraw the lead mediator’s link or remove them, nor another co-mediator; the lead mediator can remove a co-mediator', async () => {
    const invites = [...WITH_CO, { displayName: 'Cora Co', role: 'comediator' as const, side: null }];
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false }, invites });
    const [carl, cora] = [s.invites[4]!, s.invites[5]!];
    const m = await open(s.mediator.link);
    const carlC = await open(carl.link);
    for (const target of [s.mediator.participantId, cora.participantId]) {
      const res = await del(s.sessionId, target, tokenOf(carl.link));
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe(ErrorCode.FORBIDDEN);
      expectError(await carlC.request('control:remove', { participantId: target }), ErrorCode.FORBIDDEN);
      expect((await fx.app.ctx.stores.sessions.getParticipant(target))!.revoked).toBe(false);
    }
    expect((await (await del(s.sessionId, carl.participantId, tokenOf(carl.link))).json()) as unknown).toMatchObject({ error: { code: ErrorCode.CONFLICT } });
    // The co-mediator still manages parties.
    expect((await del(s.sessionId, s.invites[3]!.participantId, tokenOf(carl.link))).status).toBe(204);
    // The lead mediator removes a co-mediator.
    must(await m.request('control:remove', { participantId: carl.participantId }));
    expect((await carlC.waitFor('session:closed')).reason).toBe('removed');
    expect((await del(s.sessionId, cora.participantId, tokenOf(s.mediator.link))).status).toBe(204);
  });
});

describe('one check of a link for every channel', () => {
  it('refuses a withdrawn and a replaced link with the same typed error over HTTP, the socket handshake and the document websocket', async () => {
    const s = await createTestSession(fx.app, { settings: { waitingRoom: false } });
    const token = tokenOf(s.mediator.link);
    const [ana, ben] = [s.invites[0]!, s.invites[1]!];
    const withdrawn = await fetch(`${fx.app.url}/api/sessions/${s.sessionId}/participants/${ana.participantId}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    expect(withdrawn.status).toBe(204);
    expect((await post(`/api/sessions/${s.sessionId}/participants/${ben.participantId}/link`, {}, token)).status).toBe(200);
    for (const [link, message] of [[ana.link, 'This link has been withdrawn by the mediator.'], [ben.link, LINK_REPLACED_MESSAGE]] as const) {
      const http = await fetch(`${fx.app.url}/api/invite`, { headers: { authorization: `Bearer ${tokenOf(link)}` } });
      expect(await errorOf(http)).toEqual({ code: ErrorCode.TOKEN_REVOKED, message });
      expect(await connectError(fx.app.url, tokenOf(link))).toEqual({ code: ErrorCode.TOKEN_REVOKED, message });
      const { closed } = await rawSocket(fx.app, docName(s.sessionId, 'board', JOINT), tokenOf(link));
      expect(await closed).toBe(CloseCode.UNAUTHORIZED);
    }
  });
});
