/** AgreementStore contract: versions, freeze, sign-offs, threads, proposals. */
import { expect, it } from 'vitest';
import type { PMNode } from '../../agreement/model.js';
import type { NewVersion } from '../types.js';
import { uid, storeSuite, type BackendFactory } from './harness.js';

const maria = { id: 'med_000001', name: 'Maria Mediator' };
const ana = { id: 'ana_000001', name: 'Ana Claimant' };
const para = (text: string): PMNode[] => [{ type: 'paragraph', content: [{ type: 'text', text }] }];

const version = (over: Partial<NewVersion> = {}): NewVersion => ({
  id: uid('v'), name: 'Draft', kind: 'manual', hash: uid('h'), content: para('The parties agree.'), author: maria, at: 1_700_000_000_000, ...over,
});

const signoff = (versionId: string, hash: string, participantId: string, at: number) => ({
  id: uid('so'), versionId, hash, participantId, role: 'party' as const, typedName: 'Ana Claimant', at,
});

export function agreementStoreContract(factory: BackendFactory): void {
  storeSuite('AgreementStore', factory, (backend) => {
    it('numbers versions 1, 2, 3 per session and returns their content', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const other = uid('sess');
      const a = await stores.agreement.addVersion(s, version({ name: 'Template', kind: 'template' }));
      await stores.agreement.addVersion(other, version());
      const b = await stores.agreement.addVersion(s, version({ content: para('Second.') }));
      expect([a.number, b.number]).toEqual([1, 2]);
      expect(a).toMatchObject({ name: 'Template', kind: 'template', author: maria, createdAt: 1_700_000_000_000 });
      expect((await stores.agreement.listVersions(s)).map((v) => [v.id, v.number])).toEqual([[a.id, 1], [b.id, 2]]);
      expect(await stores.agreement.getVersion(s, b.id)).toEqual({ ...b, content: para('Second.') });
      // A version is found only in its own session.
      expect(await stores.agreement.getVersion(other, b.id)).toBeNull();
    });

    it('assigns distinct numbers to versions added at the same time', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const added = await Promise.all([1, 2, 3, 4].map(() => stores.agreement.addVersion(s, version())));
      expect(added.map((v) => v.number).sort()).toEqual([1, 2, 3, 4]);
    });

    it('freezes on a new version, refuses a second freeze without storing its version, and unfreezes', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      expect(await stores.agreement.getFreeze(s)).toBeNull();
      const frozen = await stores.agreement.freezeNewVersion(s, version({ kind: 'freeze', hash: 'h1' }), 1_700_000_000_100);
      expect(frozen?.freeze).toEqual({ versionId: frozen!.version.id, hash: 'h1', frozenAt: 1_700_000_000_100 });
      expect(await stores.agreement.getFreeze(s)).toEqual(frozen!.freeze);
      expect(await stores.agreement.freezeNewVersion(s, version({ kind: 'freeze' }), 1_700_000_000_200)).toBeNull();
      expect(await stores.agreement.listVersions(s)).toHaveLength(1);
      expect(await stores.agreement.unfreeze(s, 1_700_000_000_300)).toBe(0);
      expect(await stores.agreement.getFreeze(s)).toBeNull();
      expect(await stores.agreement.unfreeze(s, 1_700_000_000_400)).toBeNull();
    });

    it('voids every live sign-off when unfreezing, and only that session\'s', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const other = uid('sess');
      const f = (await stores.agreement.freezeNewVersion(s, version({ kind: 'freeze' }), 100))!;
      const g = (await stores.agreement.freezeNewVersion(other, version({ kind: 'freeze' }), 100))!;
      const first = signoff(f.version.id, f.version.hash, 'ana_000001', 200);
      const second = signoff(f.version.id, f.version.hash, 'ben_000001', 150);
      await stores.agreement.addSignoff(s, first);
      await stores.agreement.addSignoff(s, second);
      await stores.agreement.addSignoff(other, signoff(g.version.id, g.version.hash, 'cat_000001', 100));
      // In signing order.
      expect(await stores.agreement.listSignoffs(s)).toEqual([{ ...second, voidedAt: null }, { ...first, voidedAt: null }]);
      expect(await stores.agreement.unfreeze(s, 300)).toBe(2);
      expect((await stores.agreement.listSignoffs(s)).map((x) => x.voidedAt)).toEqual([300, 300]);
      expect((await stores.agreement.listSignoffs(other)).map((x) => x.voidedAt)).toEqual([null]);
      expect(await stores.agreement.getFreeze(other)).not.toBeNull();
      // A later freeze and its sign-off start fresh; the old void ones stay void.
      const again = (await stores.agreement.freezeNewVersion(s, version({ kind: 'freeze' }), 400))!;
      await stores.agreement.addSignoff(s, signoff(again.version.id, again.version.hash, 'ana_000001', 500));
      expect(await stores.agreement.unfreeze(s, 600)).toBe(1);
      expect((await stores.agreement.listSignoffs(s)).map((x) => x.voidedAt)).toEqual([300, 300, 600]);
    });

    it('keeps comment threads with their comments in order, and their status', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const other = uid('sess');
      const t1 = uid('t');
      const t2 = uid('t');
      await stores.agreement.addThread(s, { id: t1, quote: 'the parties', at: 10 }, { id: uid('c'), author: ana, body: 'Which parties?' });
      await stores.agreement.addThread(s, { id: t2, quote: 'agree', at: 20 }, { id: uid('c'), author: maria, body: 'Fine.' });
      const reply = uid('c');
      await stores.agreement.addComment(s, t1, { id: reply, author: maria, body: 'Both.', at: 30 });
      await stores.agreement.setThreadStatus(s, t1, 'resolved');
      const threads = await stores.agreement.listThreads(s);
      expect(threads.map((t) => [t.id, t.quote, t.status, t.createdAt])).toEqual([[t1, 'the parties', 'resolved', 10], [t2, 'agree', 'open', 20]]);
      expect(threads[0]!.comments.map((c) => [c.body, c.author, c.at])).toEqual([['Which parties?', ana, 10], ['Both.', maria, 30]]);
      expect(threads[0]!.comments[1]!.id).toBe(reply);
      expect(await stores.agreement.threadExists(s, t1)).toBe(true);
      // Threads belong to their session.
      expect(await stores.agreement.threadExists(other, t1)).toBe(false);
      expect(await stores.agreement.listThreads(other)).toEqual([]);
      await stores.agreement.setThreadStatus(other, t2, 'resolved');
      expect((await stores.agreement.listThreads(s))[1]!.status).toBe('open');
      await expect(stores.agreement.addComment(other, t2, { id: uid('c'), author: ana, body: 'sneaky', at: 40 })).rejects.toThrow();
      expect((await stores.agreement.listThreads(s))[1]!.comments).toHaveLength(1);
    });

    it('keeps proposals pending until decided, with their content, per session', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const other = uid('sess');
      const p1 = { id: uid('pr'), draftSpace: 'caucus:abcd1', author: ana, content: para('We pay in March.'), text: 'We pay in March.', createdAt: 10 };
      const p2 = { id: uid('pr'), draftSpace: 'caucus:abcd1', author: ana, content: para('Keys back.'), text: 'Keys back.', createdAt: 20 };
      await stores.agreement.addProposal(s, p2);
      await stores.agreement.addProposal(s, p1);
      expect(await stores.agreement.getProposal(s, p1.id)).toEqual({ ...p1, status: 'pending' });
      await stores.agreement.setProposalStatus(s, p1.id, 'approved');
      await stores.agreement.setProposalStatus(other, p2.id, 'rejected');
      expect((await stores.agreement.listProposals(s)).map((p) => [p.id, p.status])).toEqual([[p1.id, 'approved'], [p2.id, 'pending']]);
      expect(await stores.agreement.getProposal(other, p1.id)).toBeNull();
      expect(await stores.agreement.listProposals(other)).toEqual([]);
    });

    it('keeps versions, the freeze and sign-offs across a reopen', async () => {
      const b = await backend();
      const s = uid('sess');
      const f = (await b.stores.agreement.freezeNewVersion(s, version({ kind: 'freeze' }), 100))!;
      await b.stores.agreement.addSignoff(s, signoff(f.version.id, f.version.hash, 'ana_000001', 200));
      const again = await b.reopen();
      expect(await again.agreement.getFreeze(s)).toEqual(f.freeze);
      expect(await again.agreement.listVersions(s)).toEqual([f.version]);
      expect(await again.agreement.listSignoffs(s)).toHaveLength(1);
      expect((await again.agreement.addVersion(s, version())).number).toBe(2);
    });
  });
}
