/**
 * Accounts: the first visit's set-up (owner + practice), sign in and out, inviting a co-mediator
 * by email and their setting a password. Answers never say whether an email has an account.
 */
import express, { type Request, type Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import {
  ErrorCode, acceptInviteBodySchema, inviteMediatorBodySchema, setupBodySchema, signInBodySchema, type PracticeStatus,
} from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { sendError } from '../http/errors.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import type { MediatorRecord } from '../storage/practiceTypes.js';
import { decoyHash, hashPassword, verifyPassword } from './passwords.js';
import { currentSignIn, endSignIn, hashInviteSecret, newInviteSecret, requireSignedIn, signedInOf, startSignIn } from '../auth/signedIn.js';
import { accountView } from './views.js';

/** Failed sign-ins allowed per address and email in the window, and per address over all emails
 * (guessing many accounts' passwords from one place). Successful sign-ins do not count. */
const LOGIN_WINDOW_MS = 15 * 60_000;
const LOGIN_FAILURES_PER_EMAIL = 5;
const LOGIN_FAILURES_PER_ADDRESS = 30;
/** A co-mediator's invitation link works this long. */
const MEDIATOR_INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

export function accountRoutes(ctx: AppContext): express.Router {
  const router = express.Router({ caseSensitive: true, strict: true });
  const accounts = () => ctx.stores.practice.accounts;
  const tooMany = (_req: Request, res: Response) => sendError(res, { code: ErrorCode.RATE_LIMITED, message: 'Too many unsuccessful attempts. Wait 15 minutes and try again.' });
  const emailKey = (req: Request) => {
    const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase().slice(0, 254) : '';
    return `${ipKeyGenerator(req.ip ?? '')}|${email}`;
  };
  const perEmail = rateLimit({ windowMs: LOGIN_WINDOW_MS, limit: LOGIN_FAILURES_PER_EMAIL, skipSuccessfulRequests: true, keyGenerator: emailKey, handler: tooMany, standardHeaders: 'draft-8', legacyHeaders: false });
  const perAddress = rateLimit({ windowMs: LOGIN_WINDOW_MS, limit: LOGIN_FAILURES_PER_ADDRESS, skipSuccessfulRequests: true, keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''), handler: tooMany, standardHeaders: 'draft-8', legacyHeaders: false });

  const status = async (req: Request, csrfToken?: string): Promise<PracticeStatus> => {
    const signedIn = await currentSignIn(ctx, req);
    return {
      needsSetup: !(await accounts().hasAnyAccount()),
      me: signedIn ? accountView(signedIn.mediator) : null,
      practice: signedIn ? { id: signedIn.practice.id, name: signedIn.practice.name } : null,
      csrfToken: csrfToken ?? signedIn?.session.csrfToken ?? null,
      smtp: ctx.mailer.smtp,
    };
  };
  /** The status right after a sign-in started in this response (the request has no cookie yet). */
  const freshStatus = async (m: MediatorRecord, csrfToken: string): Promise<PracticeStatus> => {
    const practice = await accounts().getPractice(m.practiceId);
    return { needsSetup: false, me: accountView(m), practice: practice && { id: practice.id, name: practice.name }, csrfToken, smtp: ctx.mailer.smtp };
  };

  router.get('/status', async (req, res) => {
    res.set('Cache-Control', 'no-store').json(await status(req));
  });

  router.post('/setup', perAddress, async (req, res) => {
    const body = parseRequest(setupBodySchema, req.body, res);
    if (!body) return;
    const now = Date.now();
    const practice = { id: newId(), name: body.practiceName, createdAt: now };
    const owner: MediatorRecord = { id: newId(), practiceId: practice.id, name: body.name, email: body.email, role: 'owner', passwordHash: await hashPassword(body.password), createdAt: now };
    if (!(await accounts().createFirstPractice(practice, owner))) {
      return sendError(res, { code: ErrorCode.CONFLICT, message: 'This installation already has its practice. Sign in instead.' });
    }
    const csrf = await startSignIn(ctx, req, res, owner);
    res.status(201).json(await freshStatus(owner, csrf));
  });

  router.post('/sign-in', perAddress, perEmail, async (req, res) => {
    const body = parseRequest(signInBodySchema, req.body, res);
    if (!body) return;
    const m = await accounts().getMediatorByEmail(body.email);
    // Unknown email, invitation not yet accepted, wrong password: one answer, one timing.
    const ok = await verifyPassword(m?.passwordHash ?? (await decoyHash()), body.password);
    if (!m || m.passwordHash === null || !ok) return sendError(res, { code: ErrorCode.UNAUTHORIZED, message: 'That email and password do not match an account.' });
    const csrf = await startSignIn(ctx, req, res, m);
    res.json(await freshStatus(m, csrf));
  });

  router.post('/sign-out', async (req, res) => {
    // Signing out needs no CSRF token: the worst a forged one does is sign someone out.
    await endSignIn(ctx, req, res);
    res.status(204).end();
  });

  router.get('/mediators', requireSignedIn(ctx), async (_req, res) => {
    res.json({ mediators: (await accounts().listMediators(signedInOf(res).practice.id)).map(accountView) });
  });

  router.post('/mediators', requireSignedIn(ctx), async (req, res) => {
    const body = parseRequest(inviteMediatorBodySchema, req.body, res);
    if (!body) return;
    const { mediator: me, practice } = signedInOf(res);
    if (me.role !== 'owner') return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only the practice’s owner can invite mediators.' });
    const now = Date.now();
    const invited: MediatorRecord = { id: newId(), practiceId: practice.id, name: body.name, email: body.email, role: 'mediator', passwordHash: null, createdAt: now };
    const { token, tokenHash } = newInviteSecret();
    if (!(await accounts().addInvitedMediator(invited, { tokenHash, mediatorId: invited.id, expiresAt: now + MEDIATOR_INVITE_TTL_MS, usedAt: null }))) {
      return sendError(res, { code: ErrorCode.CONFLICT, message: `${body.email} already has an account.` });
    }
    const link = `${ctx.config.publicUrl}/practice/accept#t=${token}`;
    const email = await ctx.mailer.send({
      practiceId: practice.id, caseId: null, to: body.email, calendar: null,
      subject: `${me.name} invites you to ${practice.name}`,
      text: [
        `Dear ${body.name},`, '',
        `${me.name} invites you to join ${practice.name} as a co-mediator.`, '',
        'Choose your password with this link (it works for 7 days and only once):', link, '',
        'If you did not expect this, you can ignore this email.',
      ].join('\n'),
    });
    res.status(201).json({ mediator: accountView(invited), emailId: email.id });
  });

  router.post('/accept', perAddress, async (req, res) => {
    const body = parseRequest(acceptInviteBodySchema, req.body, res);
    if (!body) return;
    const m = await accounts().acceptInvite(hashInviteSecret(body.token), await hashPassword(body.password), Date.now());
    if (!m) return sendError(res, { code: ErrorCode.TOKEN_INVALID, message: 'This invitation link is not valid any more (used, expired or mistyped). Ask for a new one.' });
    const csrf = await startSignIn(ctx, req, res, m);
    res.json(await freshStatus(m, csrf));
  });

  return router;
}
