/**
 * The intake form by link (/api/intake/form): no account, the link's secret is the key (sent as
 * `Authorization: Bearer`). A link opens exactly one person's own answers and documents; there is
 * no id in these routes that could name anyone else's.
 */
import express, { type Request, type Response } from 'express';
import {
  ErrorCode, INTAKE_DOCUMENT_MAX_BYTES, INTAKE_DOCUMENTS_PER_PERSON, idSchema, intakeAnswersSchema,
  intakeSettingsSchema, saveIntakeBodySchema, type IntakeForm,
} from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { recogniseType, uploadedFile } from '../files/content.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import type { IntakeLinkRecord } from '../storage/intakeTypes.js';
import type { CasePersonRecord, CaseRecord } from '../storage/practiceTypes.js';
import { hashLinkSecret, looksLikeSecret } from './secrets.js';

interface LinkHolder {
  link: IntakeLinkRecord;
  case: CaseRecord;
  person: CasePersonRecord;
}

const holderOf = (res: Response): LinkHolder => res.locals.intake as LinkHolder;

/** Resolves the bearer secret to its link, case and person; answers 401 otherwise. */
function requireIntakeLink(ctx: AppContext) {
  return async (req: Request, res: Response, next: express.NextFunction) => {
    const h = req.get('authorization');
    const secret = h?.startsWith('Bearer ') ? h.slice(7).trim() : null;
    if (!looksLikeSecret(secret)) return sendError(res, { code: ErrorCode.TOKEN_INVALID, message: 'This intake link is not valid. Ask the mediator for a new one.' });
    const link = await ctx.stores.intake.forms.linkByHash(hashLinkSecret(secret));
    if (!link) return sendError(res, { code: ErrorCode.TOKEN_INVALID, message: 'This intake link is not valid (it may have been replaced by a newer one). Ask the mediator for a new one.' });
    if (link.expiresAt <= Date.now()) return sendError(res, { code: ErrorCode.TOKEN_EXPIRED, message: 'This intake link has expired. Ask the mediator for a new one; what you saved is kept.' });
    const c = await ctx.stores.practice.cases.getCase(link.practiceId, link.caseId);
    const person = c ? (await ctx.stores.practice.cases.listPeople(c.id)).find((p) => p.id === link.personId) : undefined;
    if (!c || !person || c.stage === 'declined' || c.stage === 'closed') {
      return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'This intake is no longer open.' });
    }
    res.locals.intake = { link, case: c, person } satisfies LinkHolder;
    next();
  };
}

export function intakePersonRoutes(ctx: AppContext): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const forms = () => ctx.stores.intake.forms;
  router.use('/form', requireIntakeLink(ctx));

  const formView = async (h: LinkHolder): Promise<IntakeForm> => {
    const [settings, response, documents, practice] = await Promise.all([
      forms().getSettings(h.case.id), forms().getResponse(h.case.id, h.person.id), forms().listDocuments(h.case.id, h.person.id), ctx.stores.practice.accounts.getPractice(h.case.practiceId),
    ]);
    const s = settings ?? intakeSettingsSchema.parse({});
    return {
      caseTitle: h.case.title, practiceName: practice?.name ?? '',
      person: { name: h.person.name, role: h.person.role, side: h.person.side },
      questions: s.questions, screening: s.screening, poll: s.poll,
      answers: response?.answers ?? intakeAnswersSchema.parse({}),
      submittedAt: response?.submittedAt ?? null, updatedAt: response?.updatedAt ?? null,
      documents: documents.map(({ caseId: _c, personId: _p, ...d }) => d),
      expiresAt: h.link.expiresAt,
    };
  };

  router.get('/form', async (_req, res) => {
    res.json(await formView(holderOf(res)));
  });

  /** Saves as they go (the whole form each time); `submit` marks it finished (it can still be changed). */
  router.put('/form', async (req, res) => {
    const body = parseRequest(saveIntakeBodySchema, req.body, res);
    if (!body) return;
    const h = holderOf(res);
    const settings = (await forms().getSettings(h.case.id)) ?? intakeSettingsSchema.parse({});
    // Answers to questions the mediator did not ask, and screening answers when screening is off, are not kept.
    const asked = new Set(settings.questions.map((q) => q.id));
    const custom = Object.fromEntries(Object.entries(body.answers.custom).filter(([id]) => asked.has(id)));
    const offered = new Set(settings.poll.map((o) => o.id));
    const poll = Object.fromEntries(Object.entries(body.answers.poll).filter(([id]) => offered.has(id)));
    const answers = { ...body.answers, custom, poll, screening: settings.screening ? body.answers.screening : null };
    const now = Date.now();
    const before = await forms().getResponse(h.case.id, h.person.id);
    const submittedAt = body.submit ? now : (before?.submittedAt ?? null);
    await forms().saveResponse({ caseId: h.case.id, personId: h.person.id, answers, startedAt: before?.startedAt ?? now, updatedAt: now, submittedAt });
    res.json({ updatedAt: now, submittedAt });
  });

  router.post('/form/documents', express.raw({ type: () => true, limit: INTAKE_DOCUMENT_MAX_BYTES }), async (req, res) => {
    const h = holderOf(res);
    const upload = uploadedFile(req, res);
    if (!upload) return;
    const { name, data } = upload;
    const type = recogniseType(data);
    if (!type) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: 'Only PDF, Word (.docx), PNG, JPEG and plain text files can be uploaded.' });
    const doc = { id: newId(), caseId: h.case.id, personId: h.person.id, name, type, size: data.length, uploadedAt: Date.now(), data };
    if (!(await forms().addDocument(doc, INTAKE_DOCUMENTS_PER_PERSON))) {
      return sendError(res, { code: ErrorCode.CONFLICT, message: `At most ${INTAKE_DOCUMENTS_PER_PERSON} documents can be uploaded.` });
    }
    res.status(201).json({ id: doc.id, name: doc.name, type, size: doc.size, uploadedAt: doc.uploadedAt });
  });

  router.delete('/form/documents/:documentId', async (req, res) => {
    const h = holderOf(res);
    const id = idSchema.safeParse(req.params.documentId);
    if (!id.success || !(await forms().deleteDocument(h.case.id, h.person.id, id.data))) {
      return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'No such document of yours.' });
    }
    res.status(204).end();
  });

  return router;
}
