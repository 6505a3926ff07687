/**
 * Fencing contract (issue 16): two backends on the SAME database, as two nodes would be, each
 * with its own idea of its epoch per session. A node whose epoch is lower than the stored one is a
 * stale owner: each of its session writes is refused with StaleOwnerError and nothing of it lands.
 * Run by backends that support several nodes (PostgreSQL); the embedded SQLite backend has no
 * fencing (one process owns everything).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { StaleOwnerError, type EpochOf, type FencingStore, type Stores } from '../types.js';
import { participantRecord, sessionRecord, uid } from './harness.js';

export interface SharedDatabase {
  /** Opens another backend ("node") on the same database with this node's epochs. */
  open(epochOf?: EpochOf): Promise<Stores & { fencing: FencingStore }>;
  /** Closes every backend opened and removes the database. */
  cleanup(): Promise<void>;
}

export type SharedDatabaseFactory = () => Promise<SharedDatabase>;

/** A node's epochs, changed by the test as leases would be. */
class Epochs {
  private readonly map = new Map<string, number>();
  readonly of: EpochOf = (id) => this.map.get(id);
  set(id: string, epoch: number): void {
    this.map.set(id, epoch);
  }
}

function textUpdates(n: number, label: string): Uint8Array[] {
  const d = new Y.Doc();
  const out: Uint8Array[] = [];
  d.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < n; i++) d.getArray<string>('t').push([`${label}${i}`]);
  return out;
}

async function textOf(stores: Stores, doc: string): Promise<string[]> {
  const { snapshot, updates } = await stores.documents.load(doc);
  const y = new Y.Doc();
  if (snapshot) Y.applyUpdate(y, snapshot);
  for (const u of updates) Y.applyUpdate(y, u.data);
  return y.getArray<string>('t').toArray();
}

const stale = (sessionId: string) => expect.objectContaining({ name: 'StaleOwnerError', sessionId });

export function fencingContract(factory: SharedDatabaseFactory): void {
  describe('Fencing (two nodes, one database)', () => {
    const open: SharedDatabase[] = [];
    afterEach(async () => {
      for (const d of open.splice(0)) await d.cleanup();
    });
    /** Node A and node B on one fresh database, and their epochs. */
    const twoNodes = async () => {
      const shared = await factory();
      open.push(shared);
      const ea = new Epochs();
      const eb = new Epochs();
      return { a: await shared.open(ea.of), b: await shared.open(eb.of), ea, eb, shared };
    };

    it('claims only upwards: equal is harmless, lower is refused and changes nothing', async () => {
      const { a, b } = await twoNodes();
      const s = uid('sess');
      expect(await a.fencing.epoch(s)).toBe(0);
      expect(await a.fencing.claim(s, 1)).toBe(true);
      expect(await b.fencing.claim(s, 2)).toBe(true);
      expect(await a.fencing.claim(s, 1)).toBe(false);
      expect(await b.fencing.claim(s, 2)).toBe(true);
      expect(await a.fencing.epoch(s)).toBe(2);
      expect(await a.fencing.epoch(uid('sess'))).toBe(0);
    });

    it('refuses a stale owner\'s document write and keeps its successor\'s; nothing of the stale one lands', async () => {
      const { a, b, ea, eb } = await twoNodes();
      const s = sessionRecord();
      const doc = `${s.id}/agreement/joint`;
      const [a0, a1] = textUpdates(2, 'a');
      const [b0] = textUpdates(1, 'b');
      ea.set(s.id, 1);
      expect(await a.fencing.claim(s.id, 1)).toBe(true);
      await a.documents.append(doc, a0!);
      // A freezes; its lease runs out; B takes the session over with a higher epoch.
      eb.set(s.id, 2);
      expect(await b.fencing.claim(s.id, 2)).toBe(true);
      await expect(a.documents.append(doc, a1!)).rejects.toBeInstanceOf(StaleOwnerError);
      await expect(a.documents.append(doc, a1!)).rejects.toEqual(stale(s.id));
      await expect(a.documents.append(doc, a1!)).rejects.toMatchObject({ ownEpoch: 1, storedEpoch: 2 });
      await b.documents.append(doc, b0!);
      // (Two writers' concurrent inserts: Yjs orders them by client id, so compare as sets.)
      expect((await textOf(b, doc)).sort()).toEqual(['a0', 'b0']);
      expect((await textOf(a, doc)).sort()).toEqual(['a0', 'b0']);
      expect(await b.documents.pendingUpdates(doc)).toBe(2);
    });

    it('the successor loads everything the old owner acknowledged (log, batches and snapshot), and its log continues after it', async () => {
      const { a, b, ea, eb } = await twoNodes();
      const s = uid('sess');
      const doc = `${s}/agreement/joint`;
      const all = textUpdates(9, 'e');
      ea.set(s, 1);
      await a.fencing.claim(s, 1);
      // A: three single appends, a compaction, then a group-commit batch; each acknowledged.
      const y = new Y.Doc();
      let last = 0;
      for (const u of all.slice(0, 3)) { last = await a.documents.append(doc, u); Y.applyUpdate(y, u); }
      await a.documents.compact(doc, Y.encodeStateAsUpdate(y), last);
      const batch = await a.documents.appendUpdates(all.slice(3, 7).map((update) => ({ doc, update })));
      // A dies; B claims and loads.
      eb.set(s, 2);
      await b.fencing.claim(s, 2);
      const loaded = await b.documents.load(doc);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates.map((u) => u.seq)).toEqual(batch);
      expect(await textOf(b, doc)).toEqual(all.slice(0, 7).map((_, i) => `e${i}`));
      const next = await b.documents.appendUpdates(all.slice(7).map((update) => ({ doc, update })));
      expect(next[0]).toBeGreaterThan(batch.at(-1)!);
      expect(await textOf(a, doc)).toEqual(all.map((_, i) => `e${i}`));
    });

    it('refuses every kind of session write of a stale owner, and changes nothing', async () => {
      const { a, b, ea, eb } = await twoNodes();
      const s = sessionRecord();
      const p = participantRecord(s.id);
      ea.set(s.id, 3);
      await a.fencing.claim(s.id, 3);
      await a.sessions.createSession(s);
      await a.sessions.addParticipant(p);
      const doc = `${s.id}/board/joint`;
      const [u0, u1] = textUpdates(2, 'x');
      const seq = await a.documents.append(doc, u0!);
      await a.sessions.saveRoomSeats(s.id, 'seats of epoch 3');
      eb.set(s.id, 4);
      await b.fencing.claim(s.id, 4);

      const author = { id: p.id, name: 'Ana' };
      const refused: Array<[string, () => Promise<unknown>]> = [
        ['updateSession', () => a.sessions.updateSession(s.id, { endedAt: 5 })],
        ['addParticipant', () => a.sessions.addParticipant(participantRecord(s.id))],
        ['updateParticipant', () => a.sessions.updateParticipant(p.id, { revoked: true })],
        ['appendAudit', () => a.sessions.appendAudit(s.id, { at: 1, actorId: 'x', actorName: 'X', action: 'late', detail: {} })],
        ['appendUpdates', () => a.documents.appendUpdates([{ doc, update: u1! }])],
        ['discard', () => a.documents.discard(doc, seq)],
        ['compact', () => a.documents.compact(doc, u0!, seq)],
        ['addVersion', () => a.agreement.addVersion(s.id, { id: uid('v'), name: 'v', kind: 'manual', hash: 'h', content: [], author, at: 1 })],
        ['addSignoff', () => a.agreement.addSignoff(s.id, { id: uid('so'), versionId: 'v', hash: 'h', participantId: p.id, role: 'party', typedName: 'Ana', at: 1 })],
        ['addThread', () => a.agreement.addThread(s.id, { id: uid('t'), quote: 'q', at: 1 }, { id: uid('c'), author, body: 'b' })],
        ['scores.set', () => a.scores.set({ sessionId: s.id, space: 'joint', optionId: 'o1', side: 'Claimant' }, 'acceptable', p.id, 0)],
        ['recordVisit', () => a.caucusHistory.recordVisit(s.id, 'caucus:abcd1', { participantId: p.id, role: 'party', side: 'Claimant', at: 1 })],
        ['generations.add', () => a.generations.add({ sessionId: s.id, space: 'caucus:abcd1', number: 1, audience: [p.id], used: false }, 1)],
        ['stages.set', () => a.intake.stages.set({ sessionId: s.id, stage: 'opening', at: 1, by: p.id })],
        ['sign', () => a.intake.agreementToMediate.sign({ sessionId: s.id, participantId: p.id, typedName: 'Ana', version: 1, hash: 'h', at: 1 })],
        ['saveRoomSeats', () => a.sessions.saveRoomSeats(s.id, 'stale seats')],
        ['clearRoomSeats', () => a.sessions.clearRoomSeats(s.id)],
      ];
      for (const [name, write] of refused) {
        await expect(write(), name).rejects.toBeInstanceOf(StaleOwnerError);
      }

      expect(await b.sessions.getSession(s.id)).toEqual(s);
      expect((await b.sessions.listParticipants(s.id)).map((x) => x.id)).toEqual([p.id]);
      expect(await b.sessions.isTokenRevoked(p.tokenId)).toBe(false);
      expect(await b.sessions.listAudit(s.id)).toEqual([]);
      expect((await b.documents.load(doc)).updates.map((u) => u.seq)).toEqual([seq]);
      expect((await b.documents.load(doc)).snapshot).toBeNull();
      expect(await b.agreement.listVersions(s.id)).toEqual([]);
      expect(await b.agreement.listSignoffs(s.id)).toEqual([]);
      expect(await b.agreement.listThreads(s.id)).toEqual([]);
      expect((await b.scores.get({ sessionId: s.id, space: 'joint', optionId: 'o1', side: 'Claimant' })).version).toBe(0);
      expect(await b.caucusHistory.visitors(s.id, 'caucus:abcd1')).toEqual([]);
      expect(await b.generations.list(s.id, 'caucus:abcd1')).toEqual([]);
      expect(await b.intake.stages.get(s.id)).toBeNull();
      expect(await b.intake.agreementToMediate.listSignatures(s.id)).toEqual([]);
      expect(await b.sessions.getRoomSeats(s.id)).toBe('seats of epoch 3');

      // The successor writes as usual.
      await b.sessions.updateSession(s.id, { endedAt: 6 });
      expect((await a.sessions.getSession(s.id))!.endedAt).toBe(6);
    });

    it('refuses a whole batch that holds a stale session\'s update, the other session\'s updates included', async () => {
      const { a, b, ea, eb } = await twoNodes();
      const mine = uid('sess');
      const lost = uid('sess');
      ea.set(mine, 1);
      ea.set(lost, 1);
      await a.fencing.claim(mine, 1);
      await a.fencing.claim(lost, 1);
      eb.set(lost, 2);
      await b.fencing.claim(lost, 2);
      const [u] = textUpdates(1, 'y');
      await expect(a.documents.appendUpdates([{ doc: `${mine}/board/joint`, update: u! }, { doc: `${lost}/board/joint`, update: u! }])).rejects.toEqual(stale(lost));
      expect(await a.documents.pendingUpdates(`${mine}/board/joint`)).toBe(0);
      expect(await a.documents.pendingUpdates(`${lost}/board/joint`)).toBe(0);
      // Alone, the session A still owns is written.
      await a.documents.appendUpdates([{ doc: `${mine}/board/joint`, update: u! }]);
      expect(await a.documents.pendingUpdates(`${mine}/board/joint`)).toBe(1);
    });

    it('a claim waits for writes in flight: after it returns, none of the old owner\'s writes lands', async () => {
      const { a, b, ea, eb } = await twoNodes();
      const s = uid('sess');
      const doc = `${s}/draft/joint`;
      ea.set(s, 1);
      await a.fencing.claim(s, 1);
      const updates = textUpdates(400, 'a');
      let next = 0;
      let claimedAt = Infinity;
      type Outcome = { ok: true; seq: number; startedAt: number } | { ok: false; err: unknown; startedAt: number };
      const results: Outcome[] = [];
      // A keeps writing from four workers (as four documents' queues would) while B claims; each
      // worker stops after two writes begun once the claim has returned. No timing assumptions:
      // on a slow machine the claim simply lands later in the stream.
      const worker = async () => {
        let afterClaim = 0;
        while (afterClaim < 2 && next < updates.length) {
          const u = updates[next++]!;
          const startedAt = performance.now();
          if (startedAt > claimedAt) afterClaim++;
          results.push(await a.documents.append(doc, u).then(
            (seq): Outcome => ({ ok: true, seq, startedAt }),
            (err: unknown): Outcome => ({ ok: false, err, startedAt }),
          ));
        }
      };
      const writers = Promise.all([worker(), worker(), worker(), worker()]);
      while (!results.some((r) => r.ok)) await new Promise((r) => setTimeout(r, 5));
      eb.set(s, 2);
      expect(await b.fencing.claim(s, 2)).toBe(true);
      claimedAt = performance.now();
      await writers;
      const stored = new Set((await b.documents.load(doc)).updates.map((u) => u.seq));
      for (const r of results) {
        if (r.ok) expect(stored.has(r.seq)).toBe(true);
        else expect(r.err, String((r.err as Error).cause ?? r.err)).toBeInstanceOf(StaleOwnerError);
      }
      // Every write begun after the claim returned was refused; some were begun before it.
      expect(results.filter((r) => r.startedAt > claimedAt).length).toBeGreaterThanOrEqual(8);
      expect(results.filter((r) => r.ok && r.startedAt > claimedAt)).toEqual([]);
      expect(stored.size).toBe(results.filter((r) => r.ok).length);
    }, 60_000);

    it('does not fence writes of a session the node never owned, nor a node without epochs', async () => {
      const { a, b, eb, shared } = await twoNodes();
      const s = sessionRecord();
      eb.set(s.id, 5);
      await b.fencing.claim(s.id, 5);
      // A answers undefined for s: its writes there are the kind any node makes (creating the
      // session, revoking a link), and they pass.
      await a.sessions.createSession(s);
      const p = participantRecord(s.id);
      await a.sessions.addParticipant(p);
      await a.sessions.updateParticipant(p.id, { revoked: true });
      expect(await b.sessions.isTokenRevoked(p.tokenId)).toBe(true);
      const single = await shared.open();
      await single.sessions.appendAudit(s.id, { at: 1, actorId: 'x', actorName: 'X', action: 'ok', detail: {} });
      expect((await b.sessions.listAudit(s.id)).map((e) => e.action)).toEqual(['ok']);
    });
  });
}
