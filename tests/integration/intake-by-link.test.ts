/**
 * Intake by link over real HTTP: links emailed (outbox), save as you go and resume, the mediator's
 * view with flags, documents as safe downloads, and the canary: one person's private answers and
 * documents are never readable with another person's link (the other side, its attorney), nor by
 * another practice. Bad input: oversized and wrong-type uploads, HTML in text fields, foreign
 * ids, expired and replaced links — typed errors, nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTAKE_DOCUMENT_MAX_BYTES } from '@mediation/shared';
import { startTestServer, stopTestServer, type TestServer } from '../helpers/server.js';
import { OWNER, PracticeClient, setUpOwner } from './practice-client.js';
import { linkCall, mediatorCall, pixelforgeCase, secretOf, upload } from './intake-helpers.js';

let app: TestServer;
let maria: PracticeClient;
let caseId = '';
let personId: Record<string, string> = {};
const link: Record<string, string> = {};

const CANARY = 'CANARY-intake-7f3a-private';
const PDF = new Uint8Array([...Buffer.from('%PDF-1.4\n% canary\n'), ...Buffer.from(CANARY), ...Buffer.from('\n%%EOF\n')]);

beforeAll(async () => {
  app = await startTestServer();
  maria = await setUpOwner(app.url);
  ({ caseId, personId } = await pixelforgeCase(maria));
});
afterAll(async () => {
  await stopTestServer(app);
});

describe('intake by link', () => {
  it('the mediator adds a question, turns screening on and sends intake links: emailed to those with an address, the interpreter without one skipped', async () => {
    const s = await mediatorCall(maria, 'PUT', `/cases/${caseId}/settings`, { questions: [{ id: 'q_parking', text: 'Do you need <b>parking</b>?' }], screening: true });
    expect(s.status).toBe(200);
    expect(s.body.settings.questions[0].text).toBe('Do you need <b>parking</b>?');
    const r = await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { ttlDays: 7 });
    expect(r.status).toBe(201);
    for (const l of r.body.links) link[l.name] = secretOf(l.link);
    expect(r.body.links.map((l: { name: string; skipped: string | null }) => [l.name, l.skipped === null])).toEqual([
      ['Ana Diaz', true], ['Jordan Lee', true], ['Tom Brennan', true], ['Ines Moreau', false],
    ]);
    const outbox = (await maria.get('/outbox')).body.emails;
    const toAna = outbox.find((e: { to: string }) => e.to === 'ana@pixelforge.test');
    expect(toAna.subject).toMatch(/Before your mediation/);
    expect(toAna.text).toContain(`${app.url}/intake#t=${link['Ana Diaz']}`);
  });

  it('a person saves as they go and resumes later; HTML is kept as text; a question not asked is dropped', async () => {
    const form = await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ caseTitle: expect.stringContaining('PixelForge'), person: { name: 'Ana Diaz', side: 'Claimant' }, screening: true, submittedAt: null });
    expect(form.body.questions).toEqual([{ id: 'q_parking', text: 'Do you need <b>parking</b>?' }]);

    const first = await linkCall(app.url, link['Ana Diaz']!, 'PUT', '/form', { answers: { goodOutcome: '<script>alert(1)</script> paid in full', custom: { q_parking: 'yes', q_unknown: 'dropped' } } });
    expect(first.status).toBe(200);
    expect(first.body.submittedAt).toBeNull();
    const resumed = await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form');
    expect(resumed.body.answers.goodOutcome).toBe('<script>alert(1)</script> paid in full');
    expect(resumed.body.answers.custom).toEqual({ q_parking: 'yes' });

    const done = await linkCall(app.url, link['Ana Diaz']!, 'PUT', '/form', {
      submit: true,
      answers: {
        ...resumed.body.answers,
        authority: { canSettle: 'no', decisionMaker: 'Our CFO', deciderAttends: false, reachableHow: 'phone +1 555 0199' },
        accommodations: { needs: ['breaks', 'captions'], other: '' },
        joint: { preference: 'separate-only', reason: `${CANARY} reason` },
        hardStop: { time: '16:00', timeZone: 'America/New_York' },
        positionStatement: `${CANARY} statement`,
        screening: { afraid: true, harmedOrThreatened: null, canSpeakFreely: null, note: `${CANARY} screening` },
        availability: { slots: [{ date: '2027-03-01', from: '09:00', to: '11:00' }], timeZone: 'America/New_York', note: '' },
      },
    });
    expect(done.status).toBe(200);
    expect(done.body.submittedAt).toEqual(expect.any(Number));
  });

  it('documents: recognised by content, stored byte for byte, downloaded by the mediator only as an attachment with nosniff', async () => {
    const up = await upload(app.url, link['Ana Diaz']!, 'invoice "final".pdf', PDF, 'text/html');
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ name: 'invoice "final".pdf', type: 'application/pdf', size: PDF.length });
    const dl = await mediatorCall(maria, 'GET', `/cases/${caseId}/documents/${up.body.id}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/octet-stream');
    expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="invoice _final_.pdf"; filename\*=UTF-8''invoice%20%22final%22.pdf$/);
    expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.compare(dl.raw, Buffer.from(PDF))).toBe(0);
  });

  it('bad uploads are refused with typed errors and nothing stored: HTML as .txt, an executable, empty, oversized, a name with a slash', async () => {
    const before = (await linkCall(app.url, link['Tom Brennan']!, 'GET', '/form')).body.documents.length;
    expect((await upload(app.url, link['Tom Brennan']!, 'notes.txt', '<html><script>alert(1)</script></html>', 'text/plain')).body.error.code).toBe('BAD_REQUEST');
    expect((await upload(app.url, link['Tom Brennan']!, 'run.pdf', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0]))).body.error.code).toBe('BAD_REQUEST');
    expect((await upload(app.url, link['Tom Brennan']!, 'empty.pdf', new Uint8Array())).body.error.code).toBe('BAD_REQUEST');
    const big = new Uint8Array(INTAKE_DOCUMENT_MAX_BYTES + 1);
    big.set(Buffer.from('%PDF-1.4\n'));
    const tooBig = await upload(app.url, link['Tom Brennan']!, 'big.pdf', big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await upload(app.url, link['Tom Brennan']!, '../etc/passwd', 'hello')).body.error.code).toBe('BAD_REQUEST');
    expect((await linkCall(app.url, link['Tom Brennan']!, 'GET', '/form')).body.documents.length).toBe(before);
  });

  it('bad answers are refused and nothing stored: a control character, an unknown field, an over-long statement', async () => {
    const before = (await linkCall(app.url, link['Tom Brennan']!, 'GET', '/form')).body.updatedAt;
    for (const answers of [{ goodOutcome: 'a\u202eb' }, { isAdmin: true }, { positionStatement: 'x'.repeat(20_001) }, { hardStop: { time: '25:00', timeZone: '' } }]) {
      const r = await linkCall(app.url, link['Tom Brennan']!, 'PUT', '/form', { answers });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
    }
    expect((await linkCall(app.url, link['Tom Brennan']!, 'GET', '/form')).body.updatedAt).toBe(before);
  });

  it('the mediator intake view shows who answered and the flags: decision maker absent, accommodation, safety concern, hard stop; the plan is separate-only', async () => {
    await linkCall(app.url, link['Tom Brennan']!, 'PUT', '/form', { submit: true, answers: { interpreter: { needed: true, language: 'French' }, availability: { slots: [{ date: '2027-03-01', from: '14:00', to: '15:00' }], timeZone: 'Europe/Paris' } } });
    const v = await mediatorCall(maria, 'GET', `/cases/${caseId}`);
    expect(v.status).toBe(200);
    const ana = v.body.people.find((p: { name: string }) => p.name === 'Ana Diaz');
    expect(ana.flags.map((f: { kind: string }) => f.kind)).toEqual(['decision-maker-absent', 'accommodation', 'safety-concern', 'hard-stop']);
    expect(ana.plan).toEqual({ separateOnly: true, hardStop: '16:00 (America/New_York)', accommodations: ['Regular breaks', 'Captions'] });
    expect(ana.documents).toHaveLength(1);
    const tom = v.body.people.find((p: { name: string }) => p.name === 'Tom Brennan');
    expect(tom.flags.map((f: { kind: string }) => f.kind)).toEqual(['interpreter']);
    // 09:00-11:00 New York is 15:00-17:00 Paris; Tom can do 14:00-15:00 Paris only.
    expect(v.body.caseFlags.map((f: { kind: string }) => f.kind)).toEqual(['conflicting-availability']);
    expect(v.body.people.find((p: { name: string }) => p.name === 'Jordan Lee').submittedAt).toBeNull();
  });

  it('canary: the other side, its attorney and Ana\'s own attorney read only their own form; no id reaches Ana\'s answers or documents', async () => {
    const anaDoc = (await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form')).body.documents[0].id;
    for (const who of ['Tom Brennan', 'Jordan Lee', 'Ines Moreau']) {
      const texts: string[] = [];
      const own = await linkCall(app.url, link[who]!, 'GET', '/form');
      expect(own.body.person.name).toBe(who);
      texts.push(JSON.stringify(own.body));
      for (const path of [`/form/documents/${anaDoc}`, `/cases/${caseId}`, `/cases/${caseId}/documents/${anaDoc}`, `/form?person=${personId['Ana Diaz']}`]) {
        const r = await linkCall(app.url, link[who]!, 'GET', path);
        texts.push(r.raw.toString('latin1'));
      }
      const del = await linkCall(app.url, link[who]!, 'DELETE', `/form/documents/${anaDoc}`);
      expect(del.status).toBe(404);
      texts.push(del.raw.toString('latin1'));
      expect(texts.join('\n')).not.toContain(CANARY);
    }
    // Ana's document is still there.
    expect((await mediatorCall(maria, 'GET', `/cases/${caseId}/documents/${anaDoc}`)).status).toBe(200);
  });

  it('another practice sees nothing of the case: view, document and links are the same 404 as an unknown id', async () => {
    const accounts = app.ctx.stores.practice.accounts;
    const hash = (await accounts.getMediatorByEmail(OWNER.email))!.passwordHash;
    await accounts.createPractice({ id: 'practice_other', name: 'Elsewhere ADR', createdAt: Date.now() },
      { id: 'mediator_olga', practiceId: 'practice_other', name: 'Olga Other', email: 'olga@elsewhere.test', role: 'owner', passwordHash: hash, createdAt: Date.now() });
    const olga = new PracticeClient(app.url);
    expect((await olga.post('/sign-in', { email: 'olga@elsewhere.test', password: OWNER.password })).status).toBe(200);
    const anaDoc = (await linkCall(app.url, link['Ana Diaz']!, 'GET', '/form')).body.documents[0].id;
    const answers = [
      await mediatorCall(olga, 'GET', `/cases/${caseId}`),
      await mediatorCall(olga, 'GET', `/cases/${caseId}/documents/${anaDoc}`),
      await mediatorCall(olga, 'POST', `/cases/${caseId}/links`, {}),
      await mediatorCall(olga, 'GET', '/cases/unknown_case_id'),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
    expect(answers.map((a) => a.raw.toString()).join('')).not.toContain(CANARY);
    // Not signed in at all: refused.
    expect((await mediatorCall(new PracticeClient(app.url), 'GET', `/cases/${caseId}`)).status).toBe(401);
  });

  it('a new link replaces the old one; an expired link is refused with TOKEN_EXPIRED; a made-up one with TOKEN_INVALID; what was saved is kept', async () => {
    const old = link['Jordan Lee']!;
    const r = await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { people: [personId['Jordan Lee']], email: false });
    const fresh = secretOf(r.body.links[0].link);
    expect((await linkCall(app.url, old, 'GET', '/form')).body.error.code).toBe('TOKEN_INVALID');
    expect((await linkCall(app.url, fresh, 'GET', '/form')).status).toBe(200);
    expect((await linkCall(app.url, 'x'.repeat(43), 'GET', '/form')).body.error.code).toBe('TOKEN_INVALID');
    expect((await linkCall(app.url, 'short', 'GET', '/form')).body.error.code).toBe('TOKEN_INVALID');

    // Expire Ana's link through the store (as time passing would) and try it.
    const forms = app.ctx.stores.intake.forms;
    const anaLink = (await forms.listLinks(caseId)).find((l) => l.personId === personId['Ana Diaz'])!;
    await forms.setLink({ ...anaLink, expiresAt: Date.now() - 1 });
    const expired = await linkCall(app.url, link['Ana Diaz']!, 'PUT', '/form', { answers: { goodOutcome: 'changed after expiry' } });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('TOKEN_EXPIRED');
    expect((await forms.getResponse(caseId, personId['Ana Diaz']!))!.answers.goodOutcome).toBe('<script>alert(1)</script> paid in full');
    // Foreign ids in the mediator routes: someone else's people.
    expect((await mediatorCall(maria, 'POST', `/cases/${caseId}/links`, { people: ['not_a_person_here'] })).status).toBe(404);
  });
});
