/**
 * The agreement to mediate: a practice template (editable, versioned), required per session by the
 * mediator (the session keeps the exact text it required), signed in the waiting room by every
 * party and attorney with their typed name over the SHA-256 of that exact text, before the room
 * admits them (signalling/room/admissionGate.ts reads the same store).
 */
import { MUST_SIGN_AGREEMENT_TO_MEDIATE, normaliseName, type AgreementToMediateStatus } from '@mediation/shared';
import type { AppContext, ParticipantRecord } from '../contracts.js';
import { PDF_FONT } from '../export/fonts.js';
import { startPdf } from '../export/pdfDocument.js';
import type { AgreementRequirementRecord, AgreementSignatureRecord, AgreementTemplateRecord } from '../storage/intakeTypes.js';
import { sha256Hex } from './secrets.js';

export const DEFAULT_TITLE = 'Agreement to mediate';

/** The starting template a practice edits; every heading the issue names is there to be filled in. */
export const DEFAULT_TEXT = `1. The process
Mediation is a voluntary, confidential process in which the mediator helps the parties talk and look for an agreement they can all accept. The mediator does not decide the dispute or give legal advice.

2. Voluntary participation
Taking part is voluntary. Anyone, including the mediator, may end the mediation at any time.

3. The mediator's neutrality
The mediator is neutral and impartial, has disclosed any connection with the parties, and will not act for any party in this matter afterwards.

4. Confidentiality and its exceptions
What is said in the mediation is confidential and may not be used in court, except where the law requires disclosure (for example a threat of serious harm to a person, or abuse of a child or vulnerable adult). What is said to the mediator in a private session stays there unless the speaker agrees to share it.

5. No recording
Nobody may record the sessions in sound or picture, or make transcripts.

6. Fees
Fee structure: hourly / flat / package (what it includes). Deposit: . Who pays and in what split: . Cancellation terms: .

7. Ground rules
One person speaks at a time. We treat each other with respect. We attend on time and stay for the agreed period, or say in advance when we must leave.

8. Settlement
Nothing is binding until it is written down in a settlement agreement and signed by the parties.`;

export const templateView = (t: AgreementTemplateRecord | null) => {
  const title = t?.title ?? DEFAULT_TITLE;
  const text = t?.text ?? DEFAULT_TEXT;
  return { title, text, version: t?.version ?? 0, updatedAt: t?.updatedAt ?? 0, hash: sha256Hex(text) };
};

export const mustSign = (p: Pick<ParticipantRecord, 'role'>): boolean => MUST_SIGN_AGREEMENT_TO_MEDIATE.includes(p.role);

/** What the person in the waiting room is shown. */
export async function statusFor(ctx: AppContext, p: ParticipantRecord): Promise<AgreementToMediateStatus> {
  const store = ctx.stores.intake.agreementToMediate;
  const req = await store.getRequirement(p.sessionId);
  if (!req) return { required: false, mustSign: false, title: '', text: '', version: 0, hash: '', signed: null };
  const sig = (await store.listSignatures(p.sessionId)).find((s) => s.participantId === p.id && s.version === req.version) ?? null;
  return {
    required: true, mustSign: mustSign(p), title: req.title, text: req.text, version: req.version, hash: req.hash,
    signed: sig ? { typedName: sig.typedName, at: sig.at, version: sig.version, hash: sig.hash } : null,
  };
}

export type SignOutcome = { ok: true; signature: AgreementSignatureRecord } | { ok: false; why: 'not-required' | 'not-a-signer' | 'changed' | 'name' | 'already' };

export async function sign(ctx: AppContext, p: ParticipantRecord, typedName: string, hash: string): Promise<SignOutcome> {
  const store = ctx.stores.intake.agreementToMediate;
  const req = await store.getRequirement(p.sessionId);
  if (!req) return { ok: false, why: 'not-required' };
  if (!mustSign(p)) return { ok: false, why: 'not-a-signer' };
  if (hash !== req.hash) return { ok: false, why: 'changed' };
  // As the settlement agreement's sign-off: the typed name must be the person's own name.
  if (normaliseName(typedName) !== normaliseName(p.displayName)) return { ok: false, why: 'name' };
  const signature: AgreementSignatureRecord = { sessionId: p.sessionId, participantId: p.id, typedName, version: req.version, hash: req.hash, at: Date.now() };
  if (!(await store.sign(signature))) return { ok: false, why: 'already' };
  return { ok: true, signature };
}

export function requirementFrom(sessionId: string, caseId: string, t: AgreementTemplateRecord | null): AgreementRequirementRecord {
  const v = templateView(t);
  return { sessionId, caseId, title: v.title, text: v.text, version: Math.max(1, v.version), hash: v.hash, requiredAt: Date.now() };
}

/** The signed agreement to mediate of one session as a PDF: the exact text, then every signature with its hash. */
export function signedPdf(caseTitle: string, req: AgreementRequirementRecord, signatures: Array<AgreementSignatureRecord & { name: string; role: string }>): Promise<Buffer> {
  const { doc, bytes: done } = startPdf(`${req.title} — ${caseTitle}`);
  doc.font(PDF_FONT.bold).fontSize(18).text(req.title);
  doc.font(PDF_FONT.regular).fontSize(10).fillColor('#555').text(`${caseTitle} · version ${req.version} · SHA-256 ${req.hash}`);
  doc.fillColor('black').moveDown();
  doc.font(PDF_FONT.regular).fontSize(11).text(req.text);
  doc.moveDown().font(PDF_FONT.bold).fontSize(13).text('Signatures');
  if (signatures.length === 0) doc.font(PDF_FONT.regular).fontSize(11).text('Nobody has signed yet.');
  for (const s of signatures) {
    doc.moveDown(0.5).font(PDF_FONT.regular).fontSize(11).text(`${s.name} (${s.role}) signed as “${s.typedName}” on ${new Date(s.at).toISOString().replace('T', ' ').slice(0, 16)} UTC`);
    doc.fontSize(9).fillColor('#555').text(`version ${s.version}, SHA-256 of the text signed: ${s.hash}`).fillColor('black');
  }
  doc.end();
  return done;
}
