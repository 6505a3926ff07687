/** Intake and agreement-to-mediate stores' contract: links replace each other, answers are per
 * case and person, documents never cross cases or people, template versions count up, a person
 * signs a version once. */
import { expect, it } from 'vitest';
import { intakeAnswersSchema } from '@mediation/shared';
import type { IntakeDocumentRecord } from '../intakeTypes.js';
import { uid, storeSuite, type BackendFactory } from './harness.js';

const answers = (over: Record<string, unknown> = {}) => intakeAnswersSchema.parse(over);
const doc = (caseId: string, personId: string, over: Partial<IntakeDocumentRecord> = {}): IntakeDocumentRecord => ({
  id: uid('doc'), caseId, personId, name: 'invoice.pdf', type: 'application/pdf', size: 4, uploadedAt: 1_700_000_000_000, data: new Uint8Array([0x25, 0x50, 0x44, 0x46]), ...over,
});

export function intakeStoresContract(factory: BackendFactory): void {
  storeSuite('IntakeStore', factory, (backend) => {
    it('keeps one link per person: a new link replaces the old one, which is no longer found', async () => {
      const { stores } = await backend();
      const s = stores.intake.forms;
      const caseId = uid('case');
      await s.setLink({ tokenHash: 'h1', practiceId: 'prac_1', caseId, personId: 'per_a', expiresAt: 2, createdAt: 1 });
      await s.setLink({ tokenHash: 'h2', practiceId: 'prac_1', caseId, personId: 'per_b', expiresAt: 2, createdAt: 1 });
      await s.setLink({ tokenHash: 'h3', practiceId: 'prac_1', caseId, personId: 'per_a', expiresAt: 5, createdAt: 3 });
      expect(await s.linkByHash('h1')).toBeNull();
      expect(await s.linkByHash('h3')).toEqual({ tokenHash: 'h3', practiceId: 'prac_1', caseId, personId: 'per_a', expiresAt: 5, createdAt: 3 });
      expect((await s.listLinks(caseId)).map((l) => l.personId).sort()).toEqual(['per_a', 'per_b']);
    });

    it('saves and resumes answers per case and person, keeping when they started; survives a restart', async () => {
      const b = await backend();
      const caseId = uid('case');
      await b.stores.intake.forms.saveResponse({ caseId, personId: 'per_a', answers: answers({ goodOutcome: 'Paid' }), startedAt: 10, updatedAt: 10, submittedAt: null });
      await b.stores.intake.forms.saveResponse({ caseId, personId: 'per_a', answers: answers({ goodOutcome: 'Paid in full' }), startedAt: 99, updatedAt: 20, submittedAt: 20 });
      const stores = await b.reopen();
      const r = await stores.intake.forms.getResponse(caseId, 'per_a');
      expect(r).toMatchObject({ startedAt: 10, updatedAt: 20, submittedAt: 20 });
      expect(r?.answers.goodOutcome).toBe('Paid in full');
      expect(await stores.intake.forms.getResponse(uid('case'), 'per_a')).toBeNull();
      expect(await stores.intake.forms.getResponse(caseId, 'per_b')).toBeNull();
      expect((await stores.intake.forms.listResponses(caseId)).length).toBe(1);
    });

    it('keeps settings per case', async () => {
      const { stores } = await backend();
      const caseId = uid('case');
      expect(await stores.intake.forms.getSettings(caseId)).toBeNull();
      await stores.intake.forms.setSettings(caseId, { questions: [{ id: 'q_000001', text: 'Parking?' }], screening: true, poll: [] });
      expect(await stores.intake.forms.getSettings(caseId)).toEqual({ questions: [{ id: 'q_000001', text: 'Parking?' }], screening: true, poll: [] });
    });

    it('stores documents byte for byte, only within their case, up to the per-person limit', async () => {
      const { stores } = await backend();
      const s = stores.intake.forms;
      const caseId = uid('case');
      const d = doc(caseId, 'per_a', { data: new Uint8Array([0, 1, 2, 255]) });
      expect(await s.addDocument(d, 2)).toBe(true);
      expect(await s.addDocument(doc(caseId, 'per_a'), 2)).toBe(true);
      expect(await s.addDocument(doc(caseId, 'per_a'), 2)).toBe(false);
      expect(await s.addDocument(doc(caseId, 'per_b'), 2)).toBe(true);
      expect(Array.from((await s.getDocument(caseId, d.id))!.data)).toEqual([0, 1, 2, 255]);
      expect(await s.getDocument(uid('case'), d.id)).toBeNull();
      expect((await s.listDocuments(caseId, 'per_a')).length).toBe(2);
      expect((await s.listDocuments(caseId)).length).toBe(3);
      expect((await s.listDocuments(caseId, 'per_a'))[0]).not.toHaveProperty('data');
      expect(await s.deleteDocument(caseId, 'per_b', d.id)).toBe(false);
      expect(await s.deleteDocument(caseId, 'per_a', d.id)).toBe(true);
      expect(await s.getDocument(caseId, d.id)).toBeNull();
    });
  });

  storeSuite('SessionStageStore', factory, (backend) => {
    it('keeps the latest stage per session across a restart', async () => {
      const b = await backend();
      const sessionId = uid('sess');
      expect(await b.stores.intake.stages.get(sessionId)).toBeNull();
      await b.stores.intake.stages.set({ sessionId, stage: 'opening', at: 1, by: 'Maria' });
      await b.stores.intake.stages.set({ sessionId, stage: 'drafting', at: 2, by: 'Maria' });
      const stores = await b.reopen();
      expect(await stores.intake.stages.get(sessionId)).toEqual({ sessionId, stage: 'drafting', at: 2, by: 'Maria' });
      expect(await stores.intake.stages.get(uid('sess'))).toBeNull();
    });
  });

  storeSuite('CaseNoteStore', factory, (backend) => {
    it('lists a case\'s notes oldest first, only that case\'s', async () => {
      const { stores } = await backend();
      const caseId = uid('case');
      const n = (text: string, at: number, sessionId: string | null = null) => ({ id: uid('note'), caseId, sessionId, at, authorId: 'med_1', authorName: 'Maria', text });
      const b = n('second', 2, 'sess_1');
      const a = n('first', 1);
      await stores.intake.notes.add(b);
      await stores.intake.notes.add(a);
      expect(await stores.intake.notes.list(caseId)).toEqual([a, b]);
      expect(await stores.intake.notes.list(uid('case'))).toEqual([]);
    });
  });

  storeSuite('SessionPlanStore', factory, (backend) => {
    it('keeps a session\'s plan with its case, replaced as a whole', async () => {
      const { stores } = await backend();
      const sessionId = uid('sess');
      const person = { participantId: 'p_000001', name: 'Ana Diaz', arrivalAt: 5, hardStopAt: 9, hardStopLabel: '16:00 (UTC)', accommodations: ['Captions'], separateOnly: true };
      await stores.intake.plans.set(sessionId, 'case_1', { sessionHardStopAt: null, people: [person], updatedAt: 1 });
      await stores.intake.plans.set(sessionId, 'case_1', { sessionHardStopAt: 10, people: [], updatedAt: 2 });
      expect(await stores.intake.plans.get(sessionId)).toEqual({ caseId: 'case_1', sessionHardStopAt: 10, people: [], updatedAt: 2 });
      expect(await stores.intake.plans.get(uid('sess'))).toBeNull();
    });
  });

  storeSuite('AgreementToMediateStore', factory, (backend) => {
    it('counts template versions up per practice', async () => {
      const { stores } = await backend();
      const s = stores.intake.agreementToMediate;
      const p = uid('prac');
      expect(await s.getTemplate(p)).toBeNull();
      expect((await s.saveTemplate(p, { title: 'A', text: 'one', at: 1, by: 'Maria' })).version).toBe(1);
      expect((await s.saveTemplate(p, { title: 'A', text: 'two', at: 2, by: 'Maria' })).version).toBe(2);
      expect(await s.getTemplate(p)).toMatchObject({ text: 'two', version: 2, updatedBy: 'Maria' });
      expect(await s.getTemplate(uid('prac'))).toBeNull();
    });

    it('sets and clears a session requirement; a person signs a version once', async () => {
      const { stores } = await backend();
      const s = stores.intake.agreementToMediate;
      const sessionId = uid('sess');
      const req = { sessionId, caseId: 'case_x', title: 'Agreement to mediate', text: 'text', version: 3, hash: 'ab'.repeat(32), requiredAt: 5 };
      await s.setRequirement(sessionId, req);
      expect(await s.getRequirement(sessionId)).toEqual(req);
      const sig = { sessionId, participantId: 'p_1', typedName: 'Ana Diaz', version: 3, hash: req.hash, at: 6 };
      expect(await s.sign(sig)).toBe(true);
      expect(await s.sign({ ...sig, at: 7, typedName: 'Someone else' })).toBe(false);
      expect(await s.listSignatures(sessionId)).toEqual([sig]);
      expect(await s.listSignatures(uid('sess'))).toEqual([]);
      await s.setRequirement(sessionId, null);
      expect(await s.getRequirement(sessionId)).toBeNull();
    });
  });
}
