/**
 * The mediator's side of intake (/api/intake/cases/:caseId/…, signed in to the practice): the
 * intake view with its flags, the case's questions and screening switch, intake links (emailed
 * through the `mailer` port), document downloads, the practice's agreement-to-mediate template,
 * requiring it for a session, and the signed PDF. A case id is looked up within the caller's
 * practice: another practice's case is the same 404 as an unknown one.
 */
import express from 'express';
import {
  ErrorCode, addCaseNoteBodySchema, agreementTemplateBodySchema, idSchema, intakeLinksBodySchema, intakeSettingsSchema, requireAgreementBodySchema, setSessionPlanBodySchema,
  type IntakeCaseView, type IntakePersonView,
} from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { sendAsDownload } from '../files/content.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
// The practice's sign-in (cookie + CSRF) is the only way a mediator is known outside the room.
import { requireSignedIn, signedInOf } from '../auth/signedIn.js';
import type { CaseRecord } from '../storage/practiceTypes.js';
import { caseOf, caseSessionOf } from '../practice/caseLookup.js';
import { mustSign, requirementFrom, signedPdf, templateView } from './agreementToMediate.js';
import { availabilityConflict, flagsOf, planOf } from './flags.js';
import { newLinkSecret } from './secrets.js';
import { newId } from '../ids.js';
import { announcePlanChange, buildPlan, hardStopInstant } from './plan.js';

export function intakeMediatorRoutes(ctx: AppContext): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const forms = () => ctx.stores.intake.forms;
  const atm = () => ctx.stores.intake.agreementToMediate;
  router.use(['/cases', '/template'], requireSignedIn(ctx));


  const view = async (c: CaseRecord): Promise<IntakeCaseView> => {
    const cases = ctx.stores.practice.cases;
    const [people, responses, links, docs, settings, sessions] = await Promise.all([
      cases.listPeople(c.id), forms().listResponses(c.id), forms().listLinks(c.id), forms().listDocuments(c.id), forms().getSettings(c.id), cases.listSessions(c.id),
    ]);
    const personViews: IntakePersonView[] = people.map((p) => {
      const r = responses.find((x) => x.personId === p.id) ?? null;
      return {
        personId: p.id, name: p.name, role: p.role, side: p.side, email: p.email,
        linkExpiresAt: links.find((l) => l.personId === p.id)?.expiresAt ?? null,
        startedAt: r?.startedAt ?? null, updatedAt: r?.updatedAt ?? null, submittedAt: r?.submittedAt ?? null,
        answers: r?.answers ?? null,
        documents: docs.filter((d) => d.personId === p.id).map(({ caseId: _c, personId: _p, ...d }) => d),
        flags: r ? flagsOf(p.name, r.answers) : [],
        plan: r ? planOf(r.answers) : { separateOnly: false, hardStop: null, accommodations: [] },
      };
    });
    const conflict = availabilityConflict(responses.flatMap((r) => {
      const p = people.find((x) => x.id === r.personId);
      return p ? [{ name: p.name, answers: r.answers }] : [];
    }));
    const sessionViews: IntakeCaseView['sessions'] = [];
    for (const s of sessions) {
      const [req, sigs, participants] = await Promise.all([atm().getRequirement(s.sessionId), atm().listSignatures(s.sessionId), ctx.stores.sessions.listParticipants(s.sessionId)]);
      sessionViews.push({
        sessionId: s.sessionId, title: s.title, kind: s.kind, agreementRequired: req?.version ?? null,
        signers: participants.filter((p) => mustSign(p) && !p.revoked).map((p) => {
          const sig = req ? sigs.find((x) => x.participantId === p.id && x.version === req.version) : undefined;
          return { participantId: p.id, name: p.displayName, role: p.role, signed: sig ? { participantId: p.id, name: p.displayName, role: p.role, typedName: sig.typedName, at: sig.at, version: sig.version, hash: sig.hash } : null };
        }),
      });
    }
    const s = settings ?? intakeSettingsSchema.parse({});
    const named = responses.flatMap((r) => {
      const p = people.find((x) => x.id === r.personId);
      return p ? [{ name: p.name, answers: r.answers }] : [];
    });
    const poll = s.poll.map((o) => ({
      ...o,
      yes: named.filter((n) => n.answers.poll[o.id] === 'yes').map((n) => n.name),
      no: named.filter((n) => n.answers.poll[o.id] === 'no').map((n) => n.name),
      // Respecting hard stops: whose stated hard stop comes before this option would end.
      pastHardStop: named.filter((n) => {
        const stop = hardStopInstant(n.answers, o.startsAt);
        return stop !== null && stop < o.startsAt + o.durationMinutes * 60_000;
      }).map((n) => n.name),
    }));
    return { caseId: c.id, caseTitle: c.title, settings: s, people: personViews, caseFlags: conflict ? [conflict] : [], sessions: sessionViews, poll };
  };

  router.get('/cases/:caseId', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (c) res.json(await view(c));
  });

  router.put('/cases/:caseId/settings', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(intakeSettingsSchema, req.body, res);
    if (!body) return;
    await forms().setSettings(c.id, body);
    res.json(await view(c));
  });

  /** New intake links (each replaces the person's earlier one), emailed unless `email: false`. */
  router.post('/cases/:caseId/links', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(intakeLinksBodySchema, req.body, res);
    if (!body) return;
    if (c.stage === 'declined' || c.stage === 'closed' || c.stage === 'conflict-check') {
      return sendError(res, { code: ErrorCode.CONFLICT, message: c.stage === 'conflict-check' ? 'Record a decision on the conflict check before sending intake forms.' : 'This case is not open for intake.' });
    }
    const people = await ctx.stores.practice.cases.listPeople(c.id);
    const wanted = body.people ? new Set(body.people) : null;
    const chosen = wanted ? people.filter((p) => wanted.has(p.id)) : people;
    if (wanted && chosen.length !== wanted.size) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'Some of the chosen people are not in this case.' });
    const who = signedInOf(res);
    const now = Date.now();
    const expiresAt = now + body.ttlDays * 24 * 3600 * 1000;
    const links = [];
    for (const p of chosen) {
      const { secret, hash } = newLinkSecret();
      await forms().setLink({ tokenHash: hash, practiceId: c.practiceId, caseId: c.id, personId: p.id, expiresAt, createdAt: now });
      const link = `${ctx.config.publicUrl}/intake#t=${secret}`;
      let emailId: string | null = null;
      let skipped: string | null = null;
      if (body.email && p.email) {
        const until = new Date(expiresAt).toISOString().slice(0, 10);
        const mail = await ctx.mailer.send({
          practiceId: c.practiceId, caseId: c.id, to: p.email, subject: `Before your mediation: a few questions (${c.title})`, calendar: null,
          text: `Dear ${p.name},\n\n${who.mediator.name} (${who.practice.name}) will mediate "${c.title}". Before the session, please answer a few questions about how the session should be arranged for you. Your answers go to the mediator only.\n\nYour personal link (it saves as you go, so you can finish later; it works until ${until}):\n${link}\n\nPlease do not forward this email: the link is yours alone.\n`,
        });
        emailId = mail.id;
        await ctx.stores.practice.cases.appendHistory(c.id, { at: Date.now(), actorId: who.mediator.id, actorName: who.mediator.name, kind: mail.status === 'sent' ? 'email.sent' : mail.status === 'outbox' ? 'email.outbox' : 'email.failed', text: `Intake form for ${p.name}: ${mail.status === 'sent' ? 'emailed' : mail.status === 'outbox' ? 'put in the outbox' : 'could not be emailed'} (${p.email}).` });
      } else if (body.email) {
        skipped = 'No email address: copy the link and send it another way.';
      }
      links.push({ personId: p.id, name: p.name, link, expiresAt, emailId, skipped });
    }
    res.status(201).json({ links });
  });

  router.get('/cases/:caseId/documents/:documentId', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const id = idSchema.safeParse(req.params.documentId);
    const d = id.success ? await forms().getDocument(c.id, id.data) : null;
    if (!d) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such document in this case.' });
    sendAsDownload(res, d.name, d.data);
  });

  /** Mediator-only notes on the case (a pre-mediation call's when they name its session). */
  const notesOf = async (caseId: string) => ({ notes: (await ctx.stores.intake.notes.list(caseId)).map((n) => ({ id: n.id, sessionId: n.sessionId, at: n.at, authorName: n.authorName, text: n.text })) });
  router.get('/cases/:caseId/notes', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (c) res.json(await notesOf(c.id));
  });
  router.post('/cases/:caseId/notes', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const body = parseRequest(addCaseNoteBodySchema, req.body, res);
    if (!body) return;
    if (body.sessionId && !(await ctx.stores.practice.cases.getSession(c.id, body.sessionId))) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such session in this case.' });
    const who = signedInOf(res);
    await ctx.stores.intake.notes.add({ id: newId(), caseId: c.id, sessionId: body.sessionId, at: Date.now(), authorId: who.mediator.id, authorName: who.mediator.name, text: body.text });
    res.status(201).json(await notesOf(c.id));
  });

  router.get('/template', async (_req, res) => {
    res.json(templateView(await atm().getTemplate(signedInOf(res).practice.id)));
  });

  router.put('/template', async (req, res) => {
    const body = parseRequest(agreementTemplateBodySchema, req.body, res);
    if (!body) return;
    const who = signedInOf(res);
    res.json(templateView(await atm().saveTemplate(who.practice.id, { title: body.title, text: body.text, at: Date.now(), by: who.mediator.name })));
  });

  /** Requires (the practice's current template, as it is now) or stops requiring the agreement for a session. */
  router.put('/cases/:caseId/sessions/:sessionId/agreement', async (req, res) => {
    const found = await caseSessionOf(ctx, res, req.params.caseId, req.params.sessionId);
    if (!found) return;
    const { c, s } = found;
    const body = parseRequest(requireAgreementBodySchema, req.body, res);
    if (!body) return;
    await atm().setRequirement(s.sessionId, body.required ? requirementFrom(s.sessionId, c.id, await atm().getTemplate(c.practiceId)) : null);
    res.json(await view(c));
  });

  /** Makes (or remakes) the session's room plan from the intake answers and the arrival times given. */
  router.put('/cases/:caseId/sessions/:sessionId/plan', async (req, res) => {
    const found = await caseSessionOf(ctx, res, req.params.caseId, req.params.sessionId);
    if (!found) return;
    const { c, s } = found;
    const body = parseRequest(setSessionPlanBodySchema, req.body, res);
    if (!body) return;
    const people = new Set((await ctx.stores.practice.cases.listPeople(c.id)).map((p) => p.id));
    if (Object.keys(body.arrivals).some((id) => !people.has(id))) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'Some of these people are not in this case.' });
    const plan = await buildPlan(ctx, s, body);
    await ctx.stores.intake.plans.set(s.sessionId, c.id, plan);
    res.json(plan);
    await announcePlanChange(ctx, s.sessionId);
  });

  router.get('/cases/:caseId/sessions/:sessionId/agreement.pdf', async (req, res) => {
    const c = await caseOf(ctx, res, req.params.caseId);
    if (!c) return;
    const sid = idSchema.safeParse(req.params.sessionId);
    const s = sid.success ? await ctx.stores.practice.cases.getSession(c.id, sid.data) : null;
    const r = s ? await atm().getRequirement(s.sessionId) : null;
    if (!s || !r) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'This session does not require an agreement to mediate.' });
    const participants = await ctx.stores.sessions.listParticipants(s.sessionId);
    const sigs = (await atm().listSignatures(s.sessionId)).filter((x) => x.version === r.version).flatMap((x) => {
      const p = participants.find((q) => q.id === x.participantId);
      return p ? [{ ...x, name: p.displayName, role: p.role }] : [];
    });
    const pdf = await signedPdf(c.title, r, sigs);
    res.set({ 'Content-Type': 'application/pdf', 'Content-Disposition': 'attachment; filename="agreement-to-mediate.pdf"', 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    res.send(pdf);
  });

  return router;
}
