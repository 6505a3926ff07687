/** SessionStore contract: sessions, participants, link revocation, the audit trail. */
import { expect, it } from 'vitest';
import { participantRecord, sessionRecord, uid, storeSuite, type BackendFactory } from './harness.js';

export function sessionStoreContract(factory: BackendFactory): void {
  storeSuite('SessionStore', factory, (backend) => {
    /** A fresh backend holding one session: where most of these tests start. */
    const withSession = async () => {
      const { stores } = await backend();
      const s = sessionRecord();
      await stores.sessions.createSession(s);
      return { stores, s };
    };

    it('stores a session and returns it as it was given, settings included', async () => {
      const { stores } = await backend();
      const s = sessionRecord({ title: 'Lease dispute', settings: { waitingRoom: false, allowRoaming: true, partiesEditAgreement: true, capacity: 5, keepCaptions: false } });
      await stores.sessions.createSession(s);
      expect(await stores.sessions.getSession(s.id)).toEqual(s);
      expect(await stores.sessions.getSession('nope_000000')).toBeNull();
    });

    it('changes only the fields a session patch names, and ignores an unknown session', async () => {
      const { stores, s } = await withSession();
      await stores.sessions.updateSession(s.id, { lobbyMessage: 'Five more minutes.' });
      await stores.sessions.updateSession(s.id, { endedAt: 1_700_000_500_000 });
      expect(await stores.sessions.getSession(s.id)).toEqual({ ...s, lobbyMessage: 'Five more minutes.', endedAt: 1_700_000_500_000 });
      await stores.sessions.updateSession('nope_000000', { title: 'x' });
      expect(await stores.sessions.getSession('nope_000000')).toBeNull();
    });

    it('lists a session\'s participants in invitation order and no one else\'s', async () => {
      const { stores } = await backend();
      const s = sessionRecord();
      const other = sessionRecord();
      await stores.sessions.createSession(s);
      await stores.sessions.createSession(other);
      const ana = participantRecord(s.id, { displayName: 'Ana', createdAt: 10 });
      const ben = participantRecord(s.id, { displayName: 'Ben', role: 'party', side: 'Respondent', createdAt: 10 });
      const med = participantRecord(s.id, { displayName: 'Maria', role: 'mediator', side: null, plannedSpace: 'joint', createdAt: 11 });
      const stranger = participantRecord(other.id, { createdAt: 5 });
      for (const p of [ana, ben, med, stranger]) await stores.sessions.addParticipant(p);
      expect(await stores.sessions.listParticipants(s.id)).toEqual([ana, ben, med]);
      expect(await stores.sessions.getParticipant(med.id)).toEqual(med);
      expect(await stores.sessions.getParticipant('nope_000000')).toBeNull();
    });

    it('revokes the current link when a participant is revoked, and only that link', async () => {
      const { stores, s } = await withSession();
      const ana = participantRecord(s.id);
      const ben = participantRecord(s.id, { displayName: 'Ben' });
      await stores.sessions.addParticipant(ana);
      await stores.sessions.addParticipant(ben);
      expect(await stores.sessions.isTokenRevoked(ana.tokenId)).toBe(false);
      await stores.sessions.updateParticipant(ana.id, { revoked: true });
      expect(await stores.sessions.isTokenRevoked(ana.tokenId)).toBe(true);
      expect(await stores.sessions.isTokenRevoked(ben.tokenId)).toBe(false);
      expect((await stores.sessions.getParticipant(ana.id))!.revoked).toBe(true);
    });

    it('revokes the old link when a participant gets a new one, and keeps the new one valid', async () => {
      const { stores, s } = await withSession();
      const ana = participantRecord(s.id);
      await stores.sessions.addParticipant(ana);
      const fresh = uid('jti');
      await stores.sessions.updateParticipant(ana.id, { tokenId: fresh, token: 'new.token.value', expiresAt: 1_900_000_000_000 });
      expect(await stores.sessions.isTokenRevoked(ana.tokenId)).toBe(true);
      expect(await stores.sessions.isTokenRevoked(fresh)).toBe(false);
      expect(await stores.sessions.getParticipant(ana.id)).toEqual({ ...ana, tokenId: fresh, token: 'new.token.value', expiresAt: 1_900_000_000_000 });
    });

    it('renames without touching the link, and ignores an unknown participant', async () => {
      const { stores, s } = await withSession();
      const ana = participantRecord(s.id);
      await stores.sessions.addParticipant(ana);
      await stores.sessions.updateParticipant(ana.id, { displayName: 'Ana C. Reyes', plannedSpace: 'caucus:abcd1' });
      expect(await stores.sessions.getParticipant(ana.id)).toEqual({ ...ana, displayName: 'Ana C. Reyes', plannedSpace: 'caucus:abcd1' });
      expect(await stores.sessions.isTokenRevoked(ana.tokenId)).toBe(false);
      await stores.sessions.updateParticipant('nope_000000', { revoked: true });
      expect(await stores.sessions.getParticipant('nope_000000')).toBeNull();
    });

    it('returns a session\'s audit entries in the order appended, even with equal times', async () => {
      const { stores } = await backend();
      const s = sessionRecord();
      const other = sessionRecord();
      const at = 1_700_000_000_000;
      const entries = ['session.created', 'invite.created', 'participant.admitted', 'participant.moved'].map((action, i) => ({
        at: i < 2 ? at : at - i, actorId: 'med_000001', actorName: 'Maria', action, detail: { i, nested: { ok: true } },
      }));
      for (const e of entries) await stores.sessions.appendAudit(s.id, e);
      await stores.sessions.appendAudit(other.id, { at, actorId: 'x', actorName: 'X', action: 'other', detail: {} });
      expect(await stores.sessions.listAudit(s.id)).toEqual(entries);
      expect(await stores.sessions.listAudit('nope_000000')).toEqual([]);
    });

    it('keeps the room\'s seats per session: the last saved wins, cleared is gone, unknown is null', async () => {
      const { stores, s } = await withSession();
      const other = sessionRecord();
      await stores.sessions.createSession(other);
      expect(await stores.sessions.getRoomSeats(s.id)).toBeNull();
      await stores.sessions.saveRoomSeats(s.id, '{"v":1}');
      await stores.sessions.saveRoomSeats(other.id, '{"other":true}');
      await stores.sessions.saveRoomSeats(s.id, '{"v":2,"text":"Caucus – Ana’s side"}');
      expect(await stores.sessions.getRoomSeats(s.id)).toBe('{"v":2,"text":"Caucus – Ana’s side"}');
      await stores.sessions.clearRoomSeats(s.id);
      expect(await stores.sessions.getRoomSeats(s.id)).toBeNull();
      expect(await stores.sessions.getRoomSeats(other.id)).toBe('{"other":true}');
      // Clearing what is not there is fine.
      await stores.sessions.clearRoomSeats(s.id);
      expect(await stores.sessions.getRoomSeats('nope_000000')).toBeNull();
    });

    it('keeps everything across a reopen', async () => {
      const b = await backend();
      const s = sessionRecord();
      const ana = participantRecord(s.id);
      await b.stores.sessions.createSession(s);
      await b.stores.sessions.addParticipant(ana);
      await b.stores.sessions.updateParticipant(ana.id, { revoked: true });
      await b.stores.sessions.appendAudit(s.id, { at: 1, actorId: 'a', actorName: 'A', action: 'participant.revoked', detail: { participantId: ana.id } });
      await b.stores.sessions.saveRoomSeats(s.id, '{"seats":[]}');
      const again = await b.reopen();
      expect(await again.sessions.getRoomSeats(s.id)).toBe('{"seats":[]}');
      expect(await again.sessions.getSession(s.id)).toEqual(s);
      expect(await again.sessions.getParticipant(ana.id)).toEqual({ ...ana, revoked: true });
      expect(await again.sessions.isTokenRevoked(ana.tokenId)).toBe(true);
      expect((await again.sessions.listAudit(s.id)).map((e) => e.action)).toEqual(['participant.revoked']);
    });
  });
}
